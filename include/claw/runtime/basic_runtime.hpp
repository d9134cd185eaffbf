// SPDX-License-Identifier: MIT
// `basic_runtime<PermissionPolicy, SessionStore, InitPolicy>`: routes prompts over two inventories,
// applies the permission policy to every routed tool, runs the engine, persists through the store
// and reports. A denied tool is never executed.
#pragma once

#include <claw/config.hpp>

#include <claw/engine/query_engine.hpp>
#include <claw/fwd.hpp>
#include <claw/init.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/report/markdown.hpp>
#include <claw/routing/builtin_inventory.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/routing/router.hpp>
#include <claw/runtime/execution.hpp>
#include <claw/runtime/runtime_session.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/text/repr.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

namespace detail {
template <class S>
constexpr bool assert_session_store() {
    static_assert(requires(S& s, const stored_session& x) {
                      { s.save(x) } -> std::convertible_to<std::string>;
                  },
                  "claw::session_store: the store type needs save(const claw::stored_session&) returning a "
                  "locator convertible to std::string");
    static_assert(requires(S& s, std::string_view id) {
                      { s.load(id) } -> std::same_as<stored_session>;
                  },
                  "claw::session_store: the store type needs load(std::string_view) returning claw::stored_session");
    return session_store<S>;
}

template <class I>
constexpr bool assert_init_policy() {
    static_assert(requires(I& i, bool trusted) {
                      { i.run(trusted) } -> std::same_as<deferred_init_result>;
                  },
                  "claw::init_policy: the init type needs run(bool trusted) returning claw::deferred_init_result");
    return init_policy<I>;
}
}  // namespace detail

/**
 * The runtime. Every template argument is checked against its concept with a `static_assert` that
 * names the concept and the missing member.
 *
 * @code
 * claw::port_runtime rt;                                   // built-in inventories, reference policies
 * auto session = rt.bootstrap_session("review MCP tool");
 * std::cout << session.as_markdown() << '\n';
 * @endcode
 *
 * One runtime instance is used from one thread at a time.
 */
template <class PermissionPolicy, class SessionStore, class InitPolicy>
class basic_runtime {
    static_assert(detail::assert_permission_policy<PermissionPolicy>(),
                  "claw::basic_runtime: PermissionPolicy does not satisfy claw::permission_policy");
    static_assert(detail::assert_session_store<SessionStore>(),
                  "claw::basic_runtime: SessionStore does not satisfy claw::session_store");
    static_assert(detail::assert_init_policy<InitPolicy>(),
                  "claw::basic_runtime: InitPolicy does not satisfy claw::init_policy");

public:
    using permission_policy_type = PermissionPolicy;
    using session_store_type = SessionStore;
    using init_policy_type = InitPolicy;

    /** The built-in inventories and default-constructed policies. */
    basic_runtime() : basic_runtime(builtin_commands(), builtin_tools()) {}

    basic_runtime(inventory commands, inventory tools, PermissionPolicy permissions = PermissionPolicy{},
                  SessionStore store = SessionStore{}, InitPolicy init = InitPolicy{})
        : commands_(std::move(commands)),
          tools_(std::move(tools)),
          permissions_(std::move(permissions)),
          store_(std::move(store)),
          init_(std::move(init)) {}

    /** Routes a prompt over the runtime's inventories (see `claw::route_prompt`). */
    std::vector<routed_match> route_prompt(std::string_view prompt, int limit = 5) const {
        return claw::route_prompt(prompt, commands_, tools_, limit);
    }

    /** Asks the permission policy about every routed tool; returns the denials, in match order. */
    std::vector<permission_denial> check_tools(const std::vector<routed_match>& matches, std::string_view input) const {
        std::vector<permission_denial> denials;
        for (const auto& m : matches) {
            if (m.kind != "tool") continue;
            const decision d = permissions_.check(tool_request{m.name, input});
            if (!d.allowed()) denials.push_back({m.name, std::string(d.reason)});  // nobody to ask here
        }
        return denials;
    }

    /**
     * Bootstraps one session: setup and deferred init with the given trust, routing, permission
     * checks, the command shims and the shims of allowed tools, ONE streamed submission, and the
     * session persisted through the store.
     */
    runtime_session bootstrap_session(std::string_view prompt, int limit = 5, trust t = trust::trusted) {
        const bool trusted = t == trust::trusted;
        runtime_session s;
        s.prompt = prompt;
        std::error_code ec;
        const std::filesystem::path cwd = std::filesystem::current_path(ec);
        if (ec) throw error(ec, "bootstrap: cannot determine the current directory: " + ec.message());
        s.setup_report = run_setup(cwd, t, init_, scan_);
        const prefetch_result& scan = s.setup_report.prefetches[2];
        s.context = {s.setup_report.cwd, scan.files_scanned, scan.scan_truncated, scan.started};
        s.history.add("context", "files=" + std::to_string(s.context.file_count) + ", trusted=" + python_bool(trusted));
        s.history.add("registry",
                      "commands=" + std::to_string(commands_.size()) + ", tools=" + std::to_string(tools_.size()));

        s.routed_matches = route_prompt(prompt, limit);
        s.permission_denials = check_tools(s.routed_matches, prompt);
        std::vector<std::string> command_names, tool_names;
        for (const auto& m : s.routed_matches) {
            if (m.kind == "command") {
                command_names.push_back(m.name);
                if (auto r = execute_command(commands_, m.name, prompt); r.handled)
                    s.command_execution_messages.push_back(std::move(r.message));
            } else {
                tool_names.push_back(m.name);
                if (!is_denied(s.permission_denials, m.name)) {
                    if (auto r = execute_tool(tools_, m.name, prompt); r.handled)
                        s.tool_execution_messages.push_back(std::move(r.message));
                }
            }
        }

        basic_query_engine<SessionStore&> engine(query_engine_config{}, store_);
        s.turn_result = engine.stream_submit_message(prompt, command_names, tool_names, s.permission_denials,
                                                [&](const stream_event& e) { s.stream_events.push_back(e); });
        s.persisted_session_path = engine.persist_session();
        s.system_init_message = system_init_message(commands_, tools_, trusted);
        s.history.add("routing", "matches=" + std::to_string(s.routed_matches.size()) + " for prompt=" + text::repr(prompt));
        s.history.add("execution", "command_execs=" + std::to_string(s.command_execution_messages.size()) +
                                       " tool_execs=" + std::to_string(s.tool_execution_messages.size()));
        s.history.add("turn", "commands=" + std::to_string(s.turn_result.matched_commands.size()) +
                                  " tools=" + std::to_string(s.turn_result.matched_tools.size()) +
                                  " denials=" + std::to_string(s.turn_result.permission_denials.size()) +
                                  " stop=" + s.turn_result.stop_reason);
        s.history.add("session_store", s.persisted_session_path);
        return s;
    }

    /**
     * The reference's turn loop: routes once, checks permissions once, then submits `prompt`,
     * `prompt [turn 2]`, … until `max_turns` turns ran or a turn did not complete. Not persisted.
     */
    std::vector<turn_result> run_turn_loop(std::string_view prompt, int limit = 5, int max_turns = 3,
                                           bool structured_output = false) {
        query_engine_config config;
        config.max_turns = max_turns;
        config.structured_output = structured_output;
        basic_query_engine<SessionStore&> engine(config, store_);
        const auto matches = route_prompt(prompt, limit);
        const auto denials = check_tools(matches, prompt);
        std::vector<std::string> command_names, tool_names;
        for (const auto& m : matches) (m.kind == "command" ? command_names : tool_names).push_back(m.name);
        std::vector<turn_result> results;
        for (int turn = 0; turn < max_turns; ++turn) {
            const std::string turn_prompt =
                turn == 0 ? std::string(prompt) : std::string(prompt) + " [turn " + std::to_string(turn + 1) + "]";
            results.push_back(engine.submit_message(turn_prompt, command_names, tool_names, denials));
            if (results.back().stop_reason != stop_reason::completed) break;
        }
        return results;
    }

    /** How `bootstrap_session` scans the project (bounded by default; see `project_scan_options`). */
    void set_project_scan(project_scan_options options) { scan_ = std::move(options); }
    const project_scan_options& project_scan() const noexcept { return scan_; }

    const inventory& commands() const noexcept { return commands_; }
    const inventory& tools() const noexcept { return tools_; }
    const PermissionPolicy& permissions() const noexcept { return permissions_; }
    SessionStore& store() noexcept { return store_; }
    const SessionStore& store() const noexcept { return store_; }
    InitPolicy& init() noexcept { return init_; }

private:
    static bool is_denied(const std::vector<permission_denial>& denials, const std::string& name) {
        for (const auto& d : denials)
            if (d.tool_name == name) return true;
        return false;
    }

    inventory commands_;
    inventory tools_;
    PermissionPolicy permissions_;
    SessionStore store_;
    InitPolicy init_;
    project_scan_options scan_;
};

CLAW_END_NAMESPACE
