// SPDX-License-Identifier: MIT
#include <claw/text/utf8.hpp>

#include "../support/test_support.hpp"

using claw::text::find_invalid_utf8;
using claw::text::is_valid_utf8;

TEST_CASE("UTF-8 validation follows Python's strict codec", "[text]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii, long enough to take the eight-byte path"));
    CHECK(is_valid_utf8("é 😀 \u0130 \U0010FFFF"));
    CHECK(find_invalid_utf8("abc\xC0\xAF") == 3);                  // overlong '/'
    CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);                 // overlong, three bytes
    CHECK(find_invalid_utf8("ok\xED\xA0\x80") == 2);               // encoded surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);             // above U+10FFFF
    CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0);
    CHECK(find_invalid_utf8("12345678\xE2\x82") == 8);             // truncated after the fast path
    CHECK(find_invalid_utf8("\x80") == 0);                         // lone continuation
}

TEST_CASE("decode_next turns each invalid byte into its surrogate escape", "[text]") {
    const auto d = claw::text::decode_next("\xE2\x82" "A", 0);
    CHECK_FALSE(d.valid);
    CHECK(d.length == 1);
    CHECK(d.code_point == 0xDCE2);
    const auto ok = claw::text::decode_next("\xF0\x9F\x98\x80", 0);
    CHECK(ok.valid);
    CHECK(ok.length == 4);
    CHECK(ok.code_point == 0x1F600);
}

TEST_CASE("append_utf8 round-trips decode_next, invalid bytes included", "[text]") {
    std::mt19937_64 rng(5);
    for (int i = 0; i < 2000; ++i) {
        const std::string s = claw::test::random_bytes_text(rng, 20);
        std::string back;
        for (std::size_t at = 0; at < s.size();) {
            const auto d = claw::text::decode_next(s, at);
            claw::text::append_utf8(back, d.code_point);
            at += d.length;
        }
        REQUIRE(back == s);
    }
}
