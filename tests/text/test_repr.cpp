// SPDX-License-Identifier: MIT
#include <claw/text/repr.hpp>

#include "../support/test_support.hpp"

using claw::text::repr;

TEST_CASE("repr chooses quotes and escapes like Python", "[text]") {
    CHECK(repr("review MCP tool") == "'review MCP tool'");
    CHECK(repr("it's") == "\"it's\"");
    CHECK(repr("quote's \"double\" and \\backslash") == "'quote\\'s \"double\" and \\\\backslash'");
    CHECK(repr("tab\tnew\nret\r") == "'tab\\tnew\\nret\\r'");
    CHECK(repr(std::string_view("nul\0bell\a", 9)) == "'nul\\x00bell\\x07'");
    CHECK(repr("\x7F") == "'\\x7f'");
    CHECK(repr("").size() == 2);
}

TEST_CASE("repr keeps printable non-ASCII and escapes the rest", "[text]") {
    CHECK(repr("éditeur fichiers") == "'éditeur fichiers'");
    CHECK(repr("emoji 😀 tool") == "'emoji 😀 tool'");
    CHECK(repr("ideographic\u3000space") == "'ideographic\\u3000space'");
    CHECK(repr("nb\u00A0sp") == "'nb\\xa0sp'");
    CHECK(repr("\u200B") == "'\\u200b'");
    CHECK(repr("\U000E0001") == "'\\U000e0001'");
    CHECK(repr("\xFF") == "'\\udcff'");  // an invalid byte shows as its surrogate escape
}

TEST_CASE("repr agrees with Python on every code point and on random text", "[text][python]") {
    if (!claw::test::have_python()) {
        WARN("python3 was not found at configure time; cross-check not run");
        return;
    }
    auto inputs = claw::test::every_code_point();
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) inputs.push_back(claw::test::random_bytes_text(rng, 16));
    // Mostly plain ASCII, where repr only adds quotes, with the bytes that end that case
    const std::string alphabet = std::string("ab ~'\"\\\x1f\x7f\x80\t") + '\0';
    for (int i = 0; i < 5000; ++i) {
        std::string s;
        const std::size_t n = rng() % 12;
        for (std::size_t k = 0; k < n; ++k) s += rng() % 4 != 0 ? static_cast<char>('a' + rng() % 26) : alphabet[rng() % alphabet.size()];
        inputs.push_back(s);
    }
    CHECK(claw::test::python_disagreements("repr", inputs, [](const std::string& s) { return repr(s); }) == 0);
}
