// SPDX-License-Identifier: MIT
// The error hierarchy: codes of the claw category, and the conditions that group them.
#include <claw/error.hpp>

#include "../support/test_support.hpp"

#include <claw/session.hpp>

#include <cerrno>

TEST_CASE("every claw::errc belongs to one condition, and codes compare with conditions", "[error]") {
    using claw::condition;
    using claw::errc;
    const std::pair<errc, condition> table[] = {
        {errc::invalid_utf8, condition::invalid_input},        {errc::malformed_json, condition::invalid_input},
        {errc::missing_field, condition::invalid_input},       {errc::wrong_type, condition::invalid_input},
        {errc::out_of_range, condition::invalid_input},        {errc::duplicate_key, condition::invalid_input},
        {errc::too_deep, condition::limit_exceeded},           {errc::too_large, condition::limit_exceeded},
        {errc::invalid_session_id, condition::invalid_argument}, {errc::invalid_argument, condition::invalid_argument},
        {errc::not_found, condition::not_found},               {errc::not_a_regular_file, condition::unsafe_file},
        {errc::not_durable, condition::storage_failure},       {errc::outcome_unknown, condition::storage_failure},
        {errc::conflict, condition::conflict},
    };
    for (const auto& [code, cond] : table) {
        const std::error_code ec = code;
        INFO(ec.message());
        CHECK(ec == cond);
        for (const auto& other : table)
            if (other.second != cond) CHECK(ec != other.second);
    }
    CHECK(std::error_code(ENOENT, std::system_category()) == condition::not_found);
    CHECK(std::error_code(EIO, std::system_category()) == condition::storage_failure);
    CHECK(std::error_code(EIO, std::system_category()) != condition::not_found);
    CHECK(claw::make_error_condition(condition::conflict).message() == "conflict");
}

TEST_CASE("errors thrown by the library carry codes that group by condition", "[error]") {
    claw::memory_store store;
    try {
        (void)store.load("missing");
        FAIL("load of a missing session did not throw");
    } catch (const claw::error& e) {
        CHECK(e.code() == claw::condition::not_found);
    }
    try {
        (void)claw::session_from_json("{\"session_id\": 3}");
        FAIL("a mistyped field did not throw");
    } catch (const claw::error& e) {
        CHECK(e.code() == claw::condition::invalid_input);
    }
    try {
        (void)store.load("../etc/passwd");
        FAIL("an unsafe id did not throw");
    } catch (const claw::error& e) {
        CHECK(e.code() == claw::condition::invalid_argument);
    }
}
