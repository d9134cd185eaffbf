// SPDX-License-Identifier: MIT
// The case-sensitivity probe (S1.4). A case-insensitive volume is simulated with a hard link whose
// name differs only in case: the probe's decision rests on "same device and inode", which a hard
// link reproduces exactly.
#include <claw/paths/case_probe.hpp>

#include "paths_test_support.hpp"

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
