// SPDX-License-Identifier: MIT
// The case-sensitivity probe (S1.4). A case-insensitive volume is simulated with a hard link whose
// name differs only in case: the probe's decision rests on "same device and inode", which a hard
// link reproduces exactly.
#include <claw/paths/case_probe.hpp>

#include "paths_test_support.hpp"

#include <random>
#include <string>

#include <unistd.h>

using claw::paths::case_sensitivity;

TEST_CASE("the case probe tells a sensitive volume, a simulated insensitive one and unknown paths apart", "[paths]") {
    claw::test::paths::tree t("claw-case-probe");
    t.file("Workspace/file");
    CHECK(claw::paths::probe_case_sensitivity(t.at("Workspace")) == case_sensitivity::sensitive);
    CHECK(claw::paths::probe_case_sensitivity(t.at("Workspace/")) == case_sensitivity::sensitive);
    // both spellings exist but are different files: sensitive
    t.file("Other/x");
    t.file("oTHER/x");
    CHECK(claw::paths::probe_case_sensitivity(t.at("Other")) == case_sensitivity::sensitive);
    // the flipped spelling reaches the same inode: insensitive
    t.file("Same");
    REQUIRE(::link(t.at("Same").c_str(), t.at("sAME").c_str()) == 0);
    CHECK(claw::paths::probe_case_sensitivity(t.at("Same")) == case_sensitivity::insensitive);
    CHECK(claw::paths::probe_case_sensitivity(t.at("missing")) == case_sensitivity::unknown);
    t.file("123");
    CHECK(claw::paths::probe_case_sensitivity(t.at("123")) == case_sensitivity::unknown);  // no letter to flip
    CHECK(claw::paths::probe_case_sensitivity("") == case_sensitivity::unknown);
}

TEST_CASE("ASCII folding helpers fold letters only", "[paths]") {
    CHECK(claw::paths::ascii_lower('A') == 'a');
    CHECK(claw::paths::ascii_lower('z') == 'z');
    CHECK(claw::paths::ascii_lower('@') == '@');
    CHECK(claw::paths::ascii_lower('[') == '[');
    CHECK(claw::paths::ascii_upper('q') == 'Q');
    CHECK(claw::paths::ascii_lower(static_cast<char>(0xC3)) == static_cast<char>(0xC3));
    CHECK(claw::paths::iequal("/Home/U", "/home/u"));
    CHECK_FALSE(claw::paths::iequal("/home/u", "/home/v"));
    CHECK_FALSE(claw::paths::iequal("\xc3\x89", "\xc3\xa9"));
    CHECK(claw::paths::folded_hash("ABC") == claw::paths::folded_hash("abc"));
    CHECK(claw::paths::folded_hash("abc") != claw::paths::folded_hash("abd"));
    static_assert(claw::paths::iequal("Key", "kEY"));
}

TEST_CASE("folded_hash folds exactly A-Z, eight bytes at a time, at every length", "[paths]") {
    using claw::paths::folded_hash;
    // Every byte alone and at each of the eight positions of a word, and in a short tail after a
    // full word: the hash of a byte equals that of its ASCII lowercase and nothing else.
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const char lower = claw::paths::ascii_lower(c);
        for (const std::string_view base : {"abcdefgh", "abcdefghijk", "ab"}) {
            for (std::size_t at = 0; at < base.size(); ++at) {
                std::string s(base), t(base);
                s[at] = c;
                t[at] = lower;
                CHECK(folded_hash(s) == folded_hash(t));
                if (!claw::paths::is_ascii_alpha(c)) {  // '@' vs '`', '[' vs '{', 0xC1 vs 0xE1: never folded
                    t[at] = static_cast<char>(b ^ 0x20);
                    CHECK(folded_hash(s) != folded_hash(t));
                }
            }
        }
    }
    // Strings of every length up to 40 in random case hash like their lowercase form; changing
    // one byte to a different letter, or the length, changes the hash.
    std::mt19937 rng(7);
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string lower;
        for (std::size_t i = 0; i < n; ++i) lower += static_cast<char>('a' + rng() % 26);
        std::string mixed = lower;
        for (auto& ch : mixed)
            if (rng() % 2) ch = claw::paths::ascii_upper(ch);
        CHECK(folded_hash(mixed) == folded_hash(lower));
        CHECK(folded_hash(lower + "a") != folded_hash(lower));
        CHECK(folded_hash(lower + std::string(1, '\0')) != folded_hash(lower));  // zero padding is not the hash
        for (std::size_t i = 0; i < n; ++i) {
            std::string other = lower;
            other[i] = other[i] == 'z' ? 'a' : static_cast<char>(other[i] + 1);
            CHECK(folded_hash(other) != folded_hash(lower));
        }
    }
}
