// SPDX-License-Identifier: MIT
#include <claw/session/codec.hpp>

#include "../support/test_support.hpp"

using claw::session_from_json;
using claw::stored_session;
using claw::to_python_json;

namespace {
stored_session fields_of(const boost::json::value& v) {
    stored_session s;
    s.session_id = claw::test::str(v.at("session_id"));
    for (const auto& m : v.at("messages").as_array()) s.messages.push_back(claw::test::str(m));
    s.input_tokens = v.at("input_tokens").as_int64();
    s.output_tokens = v.at("output_tokens").as_int64();
    return s;
}

claw::errc error_of(std::string_view text) {
    try {
        (void)session_from_json(text, "case.json");
    } catch (const claw::session_error& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).starts_with("session case.json: "));
        CHECK(e.source() == "case.json");
        return static_cast<claw::errc>(e.code().value());
    }
    FAIL("no error for " << claw::test::visible(text));
    return {};
}
}  // namespace

TEST_CASE("every reference session file: exact bytes and exact fields", "[session][vectors]") {
    const auto index = claw::test::load_json("session_files.json").as_array();
    REQUIRE(index.size() == 8);
    for (const auto& entry : index) {
        const std::string file = claw::test::str(entry.at("file"));
        INFO("file " << file);
        const std::string bytes = claw::test::read_file(claw::test::data_dir() / "session_files" / file);
        const stored_session expected = fields_of(entry);
        CLAW_REQUIRE_SAME_BYTES(to_python_json(expected), bytes);
        const stored_session loaded = session_from_json(bytes, file);
        REQUIRE(loaded == expected);
        CLAW_REQUIRE_SAME_BYTES(to_python_json(loaded), bytes);
    }
}

TEST_CASE("the writer's layout: empty list, escapes, no trailing newline", "[session]") {
    const stored_session empty{"abc", {}, 0, 0};
    CHECK(to_python_json(empty) ==
          "{\n  \"session_id\": \"abc\",\n  \"messages\": [],\n  \"input_tokens\": 0,\n  \"output_tokens\": 0\n}");
    const stored_session two{"x", {"a\"b", "é/😀"}, 3, 13};
    CHECK(to_python_json(two) ==
          "{\n  \"session_id\": \"x\",\n  \"messages\": [\n    \"a\\\"b\",\n    \"\\u00e9/\\ud83d\\ude00\"\n  ],\n"
          "  \"input_tokens\": 3,\n  \"output_tokens\": 13\n}");
}

TEST_CASE("to_python_json rejects invalid UTF-8 naming the field", "[session]") {
    const stored_session bad{"x", {"fine", "bad \xFF"}, 0, 0};
    try {
        (void)to_python_json(bad);
        FAIL("no error");
    } catch (const claw::encoding_error& e) {
        CHECK(std::string(e.what()) == "messages[1] is not valid UTF-8 (first bad byte at offset 4)");
        CHECK(e.code() == claw::errc::invalid_utf8);
    }
}

TEST_CASE("to_python_json matches Python's json.dumps on 10,000 random sessions", "[session][python]") {
    if (!claw::test::have_python()) {
        WARN("python3 was not found at configure time; cross-check not run");
        return;
    }
    std::mt19937_64 rng(1234);
    std::vector<stored_session> sessions;
    std::vector<std::string> lines;
    for (int i = 0; i < 10000; ++i) {
        stored_session s;
        s.session_id = claw::test::random_text(rng, 8);
        const std::size_t n = rng() % 6;
        for (std::size_t k = 0; k < n; ++k) s.messages.push_back(claw::test::random_text(rng, 30));
        s.input_tokens = static_cast<std::int64_t>((rng() >> 1) >> (rng() % 63));
        s.output_tokens = static_cast<std::int64_t>(rng() % 100000);
        // Appended field by field: `" " + std::string&&` trips a GCC 12 -Wrestrict false positive
        // (GCC bug 105329) in optimised builds.
        std::string line = claw::test::to_hex(s.session_id);
        for (const std::string& field : {std::to_string(s.input_tokens), std::to_string(s.output_tokens)}) {
            line += ' ';
            line += claw::test::to_hex(field);
        }
        for (const auto& m : s.messages) {
            line += ' ';
            line += claw::test::to_hex(m);
        }
        lines.push_back(line);
        sessions.push_back(std::move(s));
    }
    const auto expected = claw::test::python_oracle("session", lines);
    REQUIRE(expected.size() == sessions.size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        CLAW_REQUIRE_SAME_BYTES(to_python_json(sessions[i]), expected[i]);
        REQUIRE(session_from_json(expected[i]) == sessions[i]);
    }
}

TEST_CASE("the reader accepts any valid object holding the four fields", "[session]") {
    const auto s = session_from_json(
        " {\"output_tokens\":7,\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"messages\":[\"\\u00C9t\\u00e9\",\"\"],"
        "\r\n\t\"input_tokens\" : 0 , \"session_id\":\"id\\/1\"} \n");
    CHECK(s == stored_session{"id/1", {"Été", ""}, 0, 7});
}

TEST_CASE("the reader names the cause of every kind of bad input", "[session]") {
    const std::string ok_tail = "\"messages\": [], \"input_tokens\": 1, \"output_tokens\": 2}";
    CHECK(error_of("") == claw::errc::malformed_json);
    CHECK(error_of("{") == claw::errc::malformed_json);
    CHECK(error_of("{\"session_id\": \"a\", " + ok_tail + " x") == claw::errc::malformed_json);
    CHECK(error_of("\xEF\xBB\xBF{}") == claw::errc::malformed_json);
    CHECK(error_of("[]") == claw::errc::wrong_type);
    CHECK(error_of("\"text\"") == claw::errc::wrong_type);
    CHECK(error_of("{\"messages\": [], \"input_tokens\": 1, \"output_tokens\": 2}") == claw::errc::missing_field);
    CHECK(error_of("{\"session_id\": 5, " + ok_tail) == claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": \"x\", \"input_tokens\": 1, \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [1], \"input_tokens\": 1, \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [[]], \"input_tokens\": 1, \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": \"1\", \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": true, \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": null, \"output_tokens\": 2}") ==
          claw::errc::wrong_type);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": -1, \"output_tokens\": 2}") ==
          claw::errc::out_of_range);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": 1.5, \"output_tokens\": 2}") ==
          claw::errc::out_of_range);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": 1e3, \"output_tokens\": 2}") ==
          claw::errc::out_of_range);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": 9223372036854775808, "
                   "\"output_tokens\": 2}") == claw::errc::out_of_range);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": 1e400, \"output_tokens\": 2}") ==
          claw::errc::out_of_range);
    CHECK(error_of("{\"session_id\": \"a\", \"session_id\": \"b\", " + ok_tail) == claw::errc::duplicate_key);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"messages\": [], \"input_tokens\": 1, "
                   "\"output_tokens\": 2}") == claw::errc::duplicate_key);
    CHECK(error_of("{\"session_id\": \"\\ud800\", " + ok_tail) == claw::errc::malformed_json);
    CHECK(error_of("{\"session_id\": \"a\xFF\", " + ok_tail) == claw::errc::invalid_utf8);
    CHECK(error_of("{\"session_id\": \"a\", \"x\": " + std::string(100, '[') + std::string(100, ']') + ", " +
                   ok_tail) == claw::errc::too_deep);
    CHECK(error_of("{\"session_id\": \"a\", \"messages\": [], \"input_tokens\": NaN, \"output_tokens\": 2}") ==
          claw::errc::malformed_json);
}

TEST_CASE("error messages say where and what", "[session]") {
    try {
        (void)session_from_json("{\n  \"session_id\": \"a\",\n  oops\n}", ".port_sessions/a.json");
        FAIL("no error");
    } catch (const claw::session_error& e) {
        CHECK(std::string(e.what()).starts_with("session .port_sessions/a.json: malformed JSON at line 3, column 3"));
    }
    try {
        (void)session_from_json("{\"session_id\": \"a\", \"messages\": [\"ok\", 3]}", "f.json");
        FAIL("no error");
    } catch (const claw::session_error& e) {
        CHECK(std::string(e.what()) == "session f.json: messages[1] must be a string, got a number");
    }
}
