// SPDX-License-Identifier: MIT
#include <claw/runtime.hpp>

#include "../support/reference_inventory.hpp"
#include "../support/test_support.hpp"

#include <claw/report.hpp>

#include <atomic>

#include <sys/wait.h>
#include <unistd.h>

using claw::test::reference_commands;
using claw::test::reference_tools;

namespace {
struct read_only {
    claw::decision check(const claw::tool_request& r) const noexcept {
        const bool writes = r.name.find("Write") != std::string_view::npos || r.name.find("Edit") != std::string_view::npos;
        return writes ? claw::decision{claw::verdict::deny, "read-only session"} : claw::decision{};
    }
};
}  // namespace

static_assert(std::is_same_v<claw::port_runtime,
                             claw::basic_runtime<claw::default_permissions, claw::json_file_store, claw::trust_gated_init>>);
static_assert(std::is_same_v<claw::ephemeral_runtime::session_store_type, claw::memory_store>);

TEST_CASE("bootstrap gates bash tools and never executes a denied tool", "[runtime]") {
    claw::ephemeral_runtime rt(reference_commands(), reference_tools());
    const auto s = rt.bootstrap_session("run bash to list files");
    REQUIRE(s.permission_denials.size() == 2);
    CHECK(s.permission_denials[0] == claw::permission_denial{"BashTool", std::string(claw::bash_gate::reason)});
    CHECK(s.permission_denials[1].tool_name == "SubBASHRunner");
    for (const auto& m : s.tool_execution_messages) {
        CHECK(m.find("'BashTool'") == std::string::npos);
        CHECK(m.find("'SubBASHRunner'") == std::string::npos);
    }
    CHECK(s.tool_execution_messages.size() == 2);  // GlobTool and ListMcpResourcesTool ran
    CHECK(s.turn_result.permission_denials == s.permission_denials);
    // One submission: one message stored, one message_start event, a denial event with names.
    CHECK(s.stream_events.front().type == claw::stream_event::kind::message_start);
    CHECK(std::count_if(s.stream_events.begin(), s.stream_events.end(), [](const auto& e) {
              return e.type == claw::stream_event::kind::message_start;
          }) == 1);
    CHECK(s.stream_events[3].names == std::vector<std::string>{"BashTool", "SubBASHRunner"});
    CHECK(s.persisted_session_path.starts_with("memory:"));
    const auto stored = rt.store().load(s.persisted_session_path.substr(7));
    CHECK(stored.messages == std::vector<std::string>{"run bash to list files"});
    const std::string md = s.as_markdown();
    CHECK(md.find("## Permission Denials\n- BashTool: destructive shell execution remains gated in the Python port\n"
                  "- SubBASHRunner: destructive shell execution remains gated in the Python port\n") != std::string::npos);
    CHECK(md.find("- turn: commands=1 tools=4 denials=2 stop=completed") != std::string::npos);
}

TEST_CASE("the turn loop applies the permission policy too", "[runtime]") {
    claw::ephemeral_runtime rt(reference_commands(), reference_tools());
    const auto results = rt.run_turn_loop("bash", 5, 3);
    REQUIRE(results.size() == 3);
    for (const auto& r : results) CHECK(r.permission_denials.size() == 4);
    CHECK(results[2].prompt == "bash [turn 3]");
    CHECK(rt.store().size() == 0);  // the loop does not persist
    CHECK(rt.run_turn_loop("bash", 5, 0).empty());
}

TEST_CASE("a user policy composes with the gate and is applied to routed tools", "[runtime]") {
    using my_runtime = claw::basic_runtime<claw::all_of<claw::bash_gate, read_only>, claw::memory_store>;
    my_runtime rt(reference_commands(), reference_tools());
    const auto s = rt.bootstrap_session("Read the file and edit it", 10);
    std::vector<std::string> denied;
    for (const auto& d : s.permission_denials) denied.push_back(d.tool_name + "=" + d.reason);
    CHECK(std::find(denied.begin(), denied.end(), "FileEditTool=read-only session") != denied.end());
    for (const auto& m : s.tool_execution_messages) CHECK(m.find("Edit") == std::string::npos);
}

TEST_CASE("untrusted bootstrap turns every deferred subsystem off", "[runtime]") {
    claw::ephemeral_runtime rt;
    const auto s = rt.bootstrap_session("review MCP tool", 5, claw::trust::untrusted);
    CHECK(s.setup_report.deferred_init == claw::deferred_init_result{});
    CHECK(s.system_init_message.find("Trusted: False") != std::string::npos);
    const auto t = rt.bootstrap_session("review MCP tool");
    CHECK(t.setup_report.deferred_init == claw::deferred_init_result{true, true, true, true, true});
}

TEST_CASE("allow_all lets every tool run", "[runtime]") {
    claw::basic_runtime<claw::allow_all, claw::memory_store, claw::no_deferred_init> rt(reference_commands(),
                                                                                         reference_tools());
    const auto s = rt.bootstrap_session("bash", 5);
    CHECK(s.permission_denials.empty());
    CHECK(s.tool_execution_messages.size() == 4);
    CHECK(s.setup_report.deferred_init.plugin_init == false);
}

TEST_CASE("reports render the reference's sections", "[report]") {
    const auto tools = reference_tools();
    const auto pool = claw::tool_pool_markdown(claw::assemble_tool_pool(tools, true));
    CHECK(pool == "# Tool Pool\n\nSimple mode: True\nInclude MCP: True\nTool count: 4\n"
                  "- BashTool \u2014 tools/BashTool/BashTool.tsx\n- FileReadTool \u2014 tools/FileReadTool/FileReadTool.ts\n"
                  "- FileReadTool \u2014 tools/FileReadTool/legacy.ts\n- FileEditTool \u2014 tools/FileEditTool/FileEditTool.ts");
    CHECK(claw::command_graph_markdown(claw::build_command_graph(reference_commands())) ==
          "# Command Graph\n\nBuiltins: 20\nPlugin-like commands: 2\nSkill-like commands: 2");
    CHECK(claw::bootstrap_graph_markdown().starts_with("# Bootstrap Graph\n\n- top-level prefetch side effects\n"));
    const auto init = claw::system_init_message(reference_commands(), tools, true);
    CHECK(init.starts_with("# System Init\n\nTrusted: True\nBuilt-in command names: 23\nLoaded command entries: 24\n"
                           "Loaded tool entries: 27\n\nStartup steps:\n- start top-level prefetch side effects"));
}

TEST_CASE("bootstrap reports a bounded, configurable project scan", "[runtime]") {
    const claw::test::temp_dir dir("claw-runtime-scan");
    for (int f = 0; f < 20; ++f) claw::test::write_file(dir.path / claw::test::cat("f", f), "x");
    claw::ephemeral_runtime rt;
    claw::project_scan_options scan;
    scan.root = dir.path;
    rt.set_project_scan(scan);
    auto s = rt.bootstrap_session("review");
    CHECK(s.context.root == dir.path);
    CHECK(s.as_markdown().find("\nFiles: 20\n") != std::string::npos);
    scan.max_entries = 5;
    rt.set_project_scan(scan);
    s = rt.bootstrap_session("review");
    CHECK(s.as_markdown().find("\nFiles: at least 5 (the scan stopped at its limit)\n") != std::string::npos);
    scan.enabled = false;
    rt.set_project_scan(scan);
    s = rt.bootstrap_session("review");
    CHECK(s.as_markdown().find("\nFiles: not scanned\n") != std::string::npos);
    CHECK(s.as_markdown().find("- project_scan") == std::string::npos);  // prefetches are not in this report
    CHECK_FALSE(s.setup_report.prefetches[2].started);
}

TEST_CASE("bootstrap in a removed current directory fails with a claw::error", "[runtime]") {
    // In a child process: the test runner's own current directory must not disappear.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        char tmpl[] = "/tmp/claw-gone-XXXXXX";
        if (!::mkdtemp(tmpl) || ::chdir(tmpl) != 0 || ::rmdir(tmpl) != 0) ::_exit(3);
        claw::ephemeral_runtime rt;
        try {
            (void)rt.bootstrap_session("review");
        } catch (const claw::error& e) {
            ::_exit(std::string_view(e.what()).find("cannot determine the current directory") != std::string_view::npos ? 0 : 4);
        } catch (...) {
            ::_exit(5);
        }
        ::_exit(6);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

namespace {
// A policy with state the application owns: allows `left` checks, then denies.
struct countdown {
    mutable std::atomic<int> left{2};
    claw::decision check(const claw::tool_request&) const noexcept {
        return left.fetch_sub(1) > 0 ? claw::decision{} : claw::decision{claw::verdict::deny, "budget spent"};
    }
};
}  // namespace

TEST_CASE("reference parameters bind to the caller's policy and store", "[runtime]") {
    countdown budget;
    claw::memory_store store;
    using shared_runtime = claw::basic_runtime<countdown&, claw::memory_store&>;
    shared_runtime first(budget, store);
    shared_runtime second(budget, store);
    CHECK(&first.permissions() == &budget);
    CHECK(&second.store() == &store);
    // One budget for both runtimes: the third check, whichever runtime makes it, is denied.
    CHECK(first.authorize("FileReadTool", "a").allowed());
    CHECK(second.authorize("FileReadTool", "b").allowed());
    const auto third = first.authorize("FileReadTool", "c");
    CHECK(third.denied());
    CHECK(third.reason == "budget spent");
    // The application refills the budget between checks through permissions().
    first.permissions().left = 1;
    CHECK(second.authorize("FileReadTool", "d").allowed());
    // A session saved by one runtime is resumed by the other, from the shared store.
    budget.left = 100;
    const auto s = first.bootstrap_session("review MCP tool");
    CHECK(store.contains(s.session_id));
    const auto resumed = second.resume_session(s.session_id, "and again");
    CHECK(resumed.session_id == s.session_id);
    CHECK(store.load(s.session_id).messages.back() == "and again");
}
