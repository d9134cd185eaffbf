// SPDX-License-Identifier: MIT
#include <claw/text/lower.hpp>

#include "../support/test_support.hpp"

using claw::text::lower;

// Evaluated by the compiler: the whole table and the final-sigma rule work in constant expressions.
static_assert(claw::text::lower_equals("ÉDITEURTOOL", "éditeurtool"));
static_assert(claw::text::lower_equals("\u0130nspectTool", "i\u0307nspecttool"));
static_assert(!claw::text::lower_equals("InspectTool", "i\u0307nspecttool"));

TEST_CASE("lower folds ASCII and the full Unicode table", "[text]") {
    CHECK(lower("BashTool") == "bashtool");
    CHECK(lower("ÉDITEURTOOL") == "éditeurtool");
    CHECK(lower("Ünïcode") == "ünïcode");
    CHECK(lower("\u0130") == "i\u0307");         // U+0130 becomes two code points
    CHECK(lower("\u212A") == "k");               // KELVIN SIGN
    CHECK(lower("\u1E9E") == "\u00DF");          // CAPITAL SHARP S
    CHECK(lower("\U00010400") == "\U00010428");  // DESERET, outside the BMP
    CHECK(lower("ｂａｓｈ") == "ｂａｓｈ");
    CHECK(lower("baſh") == "baſh");                // long s is already lowercase
    CHECK(lower("\u023A") == "\u2C65");          // two UTF-8 bytes become three
    CHECK(lower("").empty());
}

TEST_CASE("lower applies Python's final-sigma rule", "[text]") {
    CHECK(lower("\u03A3") == "\u03C3");                          // alone: not final
    CHECK(lower("\u0391\u03A3") == "\u03B1\u03C2");              // after a cased letter, at the end
    CHECK(lower("\u0391\u03A3\u0392") == "\u03B1\u03C3\u03B2");  // followed by a cased letter
    CHECK(lower("\u0391\u03A3 x") == "\u03B1\u03C2 x");          // followed by a space
    CHECK(lower("A'\u03A3") == "a'\u03C2");                      // apostrophe is case-ignorable
    CHECK(lower("A\u03A3'b") == "a\u03C3'b");                    // ignorable, then cased
    CHECK(lower("1\u03A3") == "1\u03C3");                        // digit is not cased
    CHECK(lower("\u03A3\u03A3") == "\u03C3\u03C2");
    CHECK(lower("A\xFF\u03A3") == "a\xFF\u03C3");                // an invalid byte breaks the run
}

TEST_CASE("lower passes invalid UTF-8 bytes through unchanged", "[text]") {
    CHECK(lower("AB\xFF\xC3") == "ab\xFF\xC3");
    CHECK(lower("\xED\xA0\x80X") == "\xED\xA0\x80x");  // an encoded surrogate is three invalid bytes
    CHECK(lower("\xC0\xAFZ") == "\xC0\xAFz");          // overlong
}

TEST_CASE("lower_cursor yields the same bytes as lower", "[text]") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
        const std::string s = claw::test::random_bytes_text(rng, 24);
        std::string streamed;
        claw::text::lower_cursor c{s};
        for (int b; (b = c.next()) >= 0;) streamed.push_back(static_cast<char>(b));
        REQUIRE(c.done());
        REQUIRE(streamed == lower(s));
        REQUIRE(claw::text::lower_equals(s, streamed));
    }
}

TEST_CASE("lower agrees with Python on every code point and on random text", "[text][python]") {
    if (!claw::test::have_python()) {
        WARN("python3 was not found at configure time; cross-check not run");
        return;
    }
    auto inputs = claw::test::every_code_point();
    std::mt19937_64 rng(42);
    for (int i = 0; i < 20000; ++i) inputs.push_back(claw::test::random_bytes_text(rng, 16));
    CHECK(claw::test::python_disagreements("lower", inputs, [](const std::string& s) { return lower(s); }) == 0);
}

TEST_CASE("lower_prefix writes the first bytes of lower() for every capacity", "[text]") {
    std::mt19937_64 rng(17);
    char buf[300];
    for (int i = 0; i < 3000; ++i) {
        const std::string s = claw::test::random_bytes_text(rng, 40) + (i % 3 ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "");
        const std::string full = lower(s);
        const std::size_t cap = static_cast<std::size_t>(rng() % 120);
        const std::size_t n = claw::text::lower_prefix(s, buf, cap);
        REQUIRE(n == std::min(cap, full.size()));
        REQUIRE(std::string_view(buf, n) == std::string_view(full).substr(0, n));
    }
}
