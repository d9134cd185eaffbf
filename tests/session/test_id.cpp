// SPDX-License-Identifier: MIT
#include <claw/session/id.hpp>

#include "../support/test_support.hpp"

#include <regex>
#include <set>

static_assert(claw::is_valid_session_id("0123456789abcdef0123456789abcdef"));
static_assert(claw::is_valid_session_id("my-session_2"));
static_assert(!claw::is_valid_session_id(""));
static_assert(!claw::is_valid_session_id(".."));
static_assert(!claw::is_valid_session_id("../x"));
static_assert(!claw::is_valid_session_id("a/b"));
static_assert(!claw::is_valid_session_id("a.json"));
static_assert(!claw::is_valid_session_id(std::string_view("a\0b", 3)));
static_assert(!claw::is_valid_session_id("é"));
static_assert(claw::is_valid_session_id(std::string_view("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 128)));
static_assert(!claw::is_valid_session_id(std::string_view("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 129)));

TEST_CASE("new session ids are random version-4 UUIDs in hex", "[session]") {
    const std::regex shape("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const std::string id = claw::new_session_id();
        REQUIRE(std::regex_match(id, shape));
        REQUIRE(claw::is_valid_session_id(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 10000);
}

TEST_CASE("an invalid id is reported without echoing control characters", "[session]") {
    try {
        claw::require_valid_session_id("../etc\n", "where");
        FAIL("no error");
    } catch (const claw::session_error& e) {
        CHECK(std::string(e.what()) ==
              "session where: invalid session id '../etc\\n': only A-Z, a-z, 0-9, '_' and '-' are allowed");
        CHECK(e.code() == claw::errc::invalid_session_id);
    }
}
