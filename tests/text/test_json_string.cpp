// SPDX-License-Identifier: MIT
#include <claw/text/json_string.hpp>

#include "../support/test_support.hpp"

using claw::text::json_string;

TEST_CASE("json_string writes Python's ensure_ascii escapes", "[text]") {
    CHECK(json_string("plain / slash") == "\"plain / slash\"");
    CHECK(json_string("q\"b\\") == "\"q\\\"b\\\\\"");
    CHECK(json_string("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
    CHECK(json_string(std::string_view("\0\x1F\x7F", 3)) == "\"\\u0000\\u001f\\u007f\"");
    CHECK(json_string("café") == "\"caf\\u00e9\"");
    CHECK(json_string("\u20AC") == "\"\\u20ac\"");
    CHECK(json_string("😀") == "\"\\ud83d\\ude00\"");
    CHECK(json_string("\xFF") == "\"\\udcff\"");
}
