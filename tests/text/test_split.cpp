// SPDX-License-Identifier: MIT
#include <claw/text/split.hpp>

#include "../support/test_support.hpp"

using claw::text::split;
using claw::text::token_count;

static_assert(token_count("  review  MCP\ttool\n") == 3);

TEST_CASE("token counts match every case of tokens.json", "[text][vectors]") {
    const auto cases = claw::test::load_json("tokens.json").as_array();
    REQUIRE(cases.size() == 54);
    for (const auto& c : cases) {
        const std::string text = claw::test::str(c.at("text"));
        INFO("text: " << claw::test::visible(text));
        CHECK(token_count(text) == static_cast<std::size_t>(c.at("count").as_int64()));
        CHECK(split(text).size() == token_count(text));
    }
}

TEST_CASE("split separates on exactly Python's 29 whitespace code points", "[text]") {
    std::size_t spaces = 0;
    for (char32_t cp = 0; cp < 0x110000; ++cp) spaces += claw::text::is_space(cp) ? 1 : 0;
    CHECK(spaces == 29);
    CHECK_FALSE(claw::text::is_space(0x200B));
    CHECK_FALSE(claw::text::is_space(0x180E));
    const auto parts = split("\u3000a\u00A0b\u2028c\x1F" "d\u200Be ");
    REQUIRE(parts.size() == 4);
    CHECK(parts[0] == "a");
    CHECK(parts[1] == "b");
    CHECK(parts[2] == "c");
    CHECK(parts[3] == "d\u200Be");
    CHECK(split("").empty());
    CHECK(split(" \t\n ").empty());
}

TEST_CASE("invalid UTF-8 bytes are never whitespace", "[text]") {
    const auto parts = split("a \xA0 b \xC2");  // a lone continuation byte, a truncated NBSP
    REQUIRE(parts.size() == 4);
    CHECK(parts[1] == "\xA0");
    CHECK(parts[3] == "\xC2");
}

TEST_CASE("token counts agree with Python on every code point and on random text", "[text][python]") {
    if (!claw::test::have_python()) {
        WARN("python3 was not found at configure time; cross-check not run");
        return;
    }
    std::vector<std::string> inputs;
    for (const auto& cp : claw::test::every_code_point(97)) inputs.push_back("a" + cp + "b");
    std::mt19937_64 rng(3);
    for (int i = 0; i < 20000; ++i) inputs.push_back(claw::test::random_bytes_text(rng, 16));
    CHECK(claw::test::python_disagreements("split", inputs,
                                           [](const std::string& s) { return std::to_string(token_count(s)); }) == 0);
}
