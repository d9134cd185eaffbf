// SPDX-License-Identifier: MIT
#include <claw/engine/query_engine.hpp>

#include "../support/test_support.hpp"

#include <claw/session.hpp>

#include <limits>

using claw::basic_query_engine;
using claw::memory_store;
using claw::query_engine_config;

static_assert(claw::session_store<memory_store&>);

namespace {
std::vector<std::string> strings(const boost::json::value& v) {
    std::vector<std::string> out;
    for (const auto& x : v.as_array()) out.push_back(claw::test::str(x));
    return out;
}
}  // namespace

TEST_CASE("every case of engine_cases.json: outputs, stop reasons, usage, denials, persisted messages",
          "[engine][vectors]") {
    const auto cases = claw::test::load_json("engine_cases.json").as_array();
    REQUIRE(cases.size() == 144);
    for (const auto& c : cases) {
        INFO("prompt " << claw::test::visible(claw::test::str(c.at("prompt"))) << ", max_turns " << c.at("max_turns")
                       << ", budget " << c.at("max_budget_tokens"));
        query_engine_config config;
        config.max_turns = c.at("max_turns").as_int64();
        config.max_budget_tokens = c.at("max_budget_tokens").as_int64();
        config.structured_output = c.at("structured_output").as_bool();
        basic_query_engine<memory_store> engine({}, config);
        engine.set_session_id(claw::test::str(c.at("session_id")));
        const auto commands = strings(c.at("matched_commands"));
        const auto tools = strings(c.at("matched_tools"));
        for (const auto& t : c.at("turns").as_array()) {
            std::vector<claw::permission_denial> denials;
            for (const auto& d : t.at("denials").as_array())
                denials.push_back({claw::test::str(d.as_array()[0]), claw::test::str(d.as_array()[1])});
            const auto r = engine.submit_message(claw::test::str(t.at("prompt")), commands, tools, denials);
            CLAW_REQUIRE_SAME_BYTES(r.output, claw::test::str(t.at("output")));
            REQUIRE(claw::to_string(r.stop_reason) == claw::test::str(t.at("stop_reason")));
            REQUIRE(r.usage.input_tokens == t.at("input_tokens").as_int64());
            REQUIRE(r.usage.output_tokens == t.at("output_tokens").as_int64());
            REQUIRE(r.permission_denials == denials);
        }
        REQUIRE(engine.messages() == strings(c.at("persisted").at("messages")));
        engine.persist_session();
        const auto saved = engine.store().load(engine.session_id());
        REQUIRE(saved.messages == engine.messages());
        REQUIRE(saved.input_tokens == engine.total_usage().input_tokens);
    }
}

TEST_CASE("the budget stops only when strictly exceeded", "[engine]") {
    // "a b" -> 2 input tokens; the output "Prompt: a b / Matched commands: none / Matched tools: none /
    // Permission denials: 0" has 12 tokens: 14 in total.
    query_engine_config config;
    config.max_budget_tokens = 14;
    basic_query_engine<memory_store> at_limit({}, config);
    CHECK(at_limit.submit_message("a b").stop_reason == claw::stop_reason::completed);
    config.max_budget_tokens = 13;
    basic_query_engine<memory_store> over({}, config);
    const auto r = over.submit_message("a b");
    CHECK(r.stop_reason == claw::stop_reason::max_budget_reached);
    CHECK(over.messages().size() == 1);  // stored anyway, as the reference does
    CHECK(r.usage == claw::usage_summary{2, 12});
}

TEST_CASE("max turns refuses without storing or counting", "[engine]") {
    query_engine_config config;
    config.max_turns = 1;
    basic_query_engine<memory_store> engine({}, config);
    engine.submit_message("one");
    const auto r = engine.submit_message("two words");
    CHECK(r.stop_reason == claw::stop_reason::max_turns_reached);
    CHECK(r.output == "Max turns reached before processing prompt: two words");
    CHECK(engine.messages() == std::vector<std::string>{"one"});
    CHECK(r.usage == engine.total_usage());
}

TEST_CASE("compaction keeps the last messages and transcript entries", "[engine]") {
    query_engine_config config;
    config.max_turns = 100;
    config.compact_after_turns = 3;
    basic_query_engine<memory_store> engine({}, config);
    for (int i = 1; i <= 5; ++i) engine.submit_message("m" + std::to_string(i));
    CHECK(engine.messages() == std::vector<std::string>{"m3", "m4", "m5"});
    CHECK(engine.transcript().entries() == engine.messages());
    CHECK(engine.replay_user_messages() == engine.messages());
    CHECK_FALSE(engine.transcript().flushed());

    config.compact_after_turns = 0;  // Python's [-0:] keeps everything
    basic_query_engine<memory_store> keep_all({}, config);
    for (int i = 0; i < 4; ++i) keep_all.submit_message("x");
    CHECK(keep_all.messages().size() == 4);
}

TEST_CASE("compaction follows Python slicing for every compact_after_turns, extremes included", "[engine]") {
    // items[-k:] in Python for five items, k from LLONG_MIN to LLONG_MAX (negating LLONG_MIN
    // would overflow: the slice must be computed without it).
    const std::vector<std::string> five{"a", "b", "c", "d", "e"};
    const auto tail = [&](long long k) {
        std::vector<std::string> v = five;
        claw::detail::keep_python_tail(v, k);
        return v;
    };
    constexpr long long lo = std::numeric_limits<long long>::min(), hi = std::numeric_limits<long long>::max();
    CHECK(tail(2) == std::vector<std::string>{"d", "e"});
    CHECK(tail(5) == five);
    CHECK(tail(hi) == five);
    CHECK(tail(0) == five);
    CHECK(tail(-1) == std::vector<std::string>{"b", "c", "d", "e"});
    CHECK(tail(-4) == std::vector<std::string>{"e"});
    CHECK(tail(-5).empty());
    CHECK(tail(-6).empty());
    CHECK(tail(lo).empty());

    query_engine_config config;
    config.max_turns = 100;
    config.compact_after_turns = lo;  // every message goes at once, as in Python
    basic_query_engine<memory_store> engine({}, config);
    engine.submit_message("x");
    CHECK(engine.messages().empty());
    CHECK(engine.transcript().entries().empty());
}

TEST_CASE("structured output is Python's json.dumps with indent 2", "[engine]") {
    query_engine_config config;
    config.structured_output = true;
    basic_query_engine<memory_store> engine({}, config);
    engine.set_session_id("abc");
    const std::vector<std::string> tools{"Tool\u00e9"};
    const auto r = engine.submit_message("say \"hi\"", {}, tools);
    CHECK(r.output == "{\n  \"summary\": [\n    \"Prompt: say \\\"hi\\\"\",\n    \"Matched commands: none\",\n"
                      "    \"Matched tools: Tool\\u00e9\",\n    \"Permission denials: 0\"\n  ],\n  \"session_id\": \"abc\"\n}");
    config.structured_retry_limit = 0;
    basic_query_engine<memory_store> broken({}, config);
    CHECK_THROWS_AS(broken.submit_message("x"), claw::error);
}

TEST_CASE("a stream describes one submission, in the reference's order", "[engine]") {
    basic_query_engine<memory_store> engine;
    engine.set_session_id("s");
    std::vector<std::string> json;
    const std::vector<std::string> commands{"review"}, tools{"BashTool"};
    const std::vector<claw::permission_denial> denials{{"BashTool", "gated"}};
    const auto r = engine.stream_submit_message("go", commands, tools, denials,
                                                [&](const claw::stream_event& e) { json.push_back(e.to_json()); });
    REQUIRE(json.size() == 6);
    CHECK(json[0] == R"({"type": "message_start", "session_id": "s", "prompt": "go"})");
    CHECK(json[1] == R"({"type": "command_match", "commands": ["review"]})");
    CHECK(json[2] == R"({"type": "tool_match", "tools": ["BashTool"]})");
    CHECK(json[3] == R"({"type": "permission_denial", "denials": ["BashTool"]})");
    CHECK(json[4] == "{\"type\": \"message_delta\", \"text\": \"Prompt: go\\nMatched commands: review\\nMatched tools: "
                     "BashTool\\nPermission denials: 1\"}");
    CHECK(json[5] == R"({"type": "message_stop", "usage": {"input_tokens": 1, "output_tokens": 11}, "stop_reason": "completed", "transcript_size": 1})");
    CHECK(r.stop_reason == claw::stop_reason::completed);
    CHECK(engine.messages().size() == 1);
    CHECK(engine.permission_denials() == denials);
}

TEST_CASE("from_saved_session restores a file written by the reference", "[engine]") {
    const auto dir = std::filesystem::temp_directory_path() / ("claw-engine-test-" + claw::new_session_id());
    std::filesystem::create_directories(dir);
    const std::string id = "f29d0da9953f48f1a09f76b5a170b338";
    std::filesystem::copy_file(claw::test::data_dir() / "session_files" / (id + ".json"), dir / (id + ".json"));
    auto engine = basic_query_engine<claw::json_file_store>::from_saved_session(id, claw::json_file_store(dir));
    const auto stored = claw::session_from_json(claw::test::read_file(dir / (id + ".json")));
    CHECK(engine.session_id() == id);
    CHECK(engine.messages() == stored.messages);
    CHECK(engine.total_usage() == claw::usage_summary{stored.input_tokens, stored.output_tokens});
    CHECK(engine.transcript().flushed());
    // Saving again without changes gives the same bytes.
    const std::string before = claw::test::read_file(dir / (id + ".json"));
    engine.persist_session();
    CLAW_REQUIRE_SAME_BYTES(claw::test::read_file(dir / (id + ".json")), before);
    std::filesystem::remove_all(dir);
}

TEST_CASE("token counters saturate instead of overflowing", "[engine]") {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
    static_assert(claw::detail::saturating_add(top, 1) == top);
    static_assert(claw::detail::saturating_add(top - 2, 1) == top - 1);
    static_assert(claw::detail::saturating_add(0, 0) == 0);
    static_assert(claw::usage_summary{top, top}.total() == top);

    // The load path: a session file may hold any count up to 2^63 - 1; it loads as written and is
    // saved back byte for byte.
    const std::string text = "{\"session_id\": \"big\", \"messages\": [\"a\"], \"input_tokens\": 9223372036854775807, "
                             "\"output_tokens\": 9223372036854775806}";
    const claw::stored_session loaded = claw::session_from_json(text);
    CHECK(loaded.input_tokens == top);
    CHECK(loaded.output_tokens == top - 1);
    CHECK(claw::to_python_json(loaded).find("\"input_tokens\": 9223372036854775807,") != std::string::npos);

    // The submit path: the next turn adds tokens to both counters; they stop at the top (signed
    // overflow would be undefined behaviour, which the sanitizer build turns into a failure).
    memory_store store;
    store.save(loaded);
    auto engine = basic_query_engine<memory_store&>::from_saved_session("big", store);
    const auto r = engine.submit_message("three more words");
    CHECK(r.usage.input_tokens == top);
    CHECK(r.usage.output_tokens == top);
    CHECK(r.stop_reason == claw::stop_reason::max_budget_reached);
    engine.persist_session();
    CHECK(store.load("big").input_tokens == top);
    CHECK(store.load("big").messages.size() == 2);
}
