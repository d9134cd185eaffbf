// SPDX-License-Identifier: MIT
// `basic_runtime<PermissionPolicy, SessionStore, InitPolicy>`: routes prompts over two inventories,
// applies the permission policy to every routed tool, runs the engine, persists through the store
// and reports. A denied tool is never executed.
#pragma once

#include <claw/config.hpp>

#include <claw/engine/query_engine.hpp>
#include <claw/fwd.hpp>
#include <claw/init.hpp>
#include <claw/permissions.hpp>
#include <claw/permissions/rules/context.hpp>
#include <claw/permissions/rules/decision_record.hpp>
#include <claw/routing/builtin_inventory.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/routing/router.hpp>
#include <claw/runtime/execution.hpp>
#include <claw/runtime/environment.hpp>
#include <claw/runtime/runtime_session.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/json_file_store.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/text/repr.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
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

// The constraint of the members that list sessions (`resume_latest`): true for a listable store,
// and for any other store a compile error that says what is missing (not a bare "constraints not
// satisfied"). Only evaluated when such a member is called.
template <class S>
constexpr bool assert_listable_store() {
    static_assert(listable_session_store<S>,
                  "claw::basic_runtime::resume_latest needs a listable_session_store: the store type needs "
                  "list() returning std::vector<claw::session_summary>, newest first "
                  "(see <claw/session/capabilities.hpp>)");
    return listable_session_store<S>;
}

template <class I>
constexpr bool assert_init_policy() {
    static_assert(requires(I& i, trust t) {
                      { i.run(t) } -> std::same_as<deferred_init_result>;
                  },
                  "claw::init_policy: the init type needs run(claw::trust) returning claw::deferred_init_result");
    return init_policy<I>;
}
}  // namespace detail

/** Answers an `ask`: true allows the tool to run. */
using approver_function = std::function<bool(const tool_request&, const decision&)>;
/** Receives one JSON line (without the newline) per permission decision. */
using audit_function = std::function<void(std::string_view)>;
/** Rewrites a subject before the audit log shows it (to hide secrets in commands or URLs). */
using redactor_function = std::function<std::string(std::string_view tool, std::string_view subject)>;

namespace detail {
// One audit record (S14.3): time (UTC, milliseconds), session, tool, subject (redacted), verdict,
// code, rule text and source, whether someone was asked and the answer, and the reason.
inline std::string audit_line(std::string_view session_id, const tool_request& request, const decision& d,
                              const rules::decision_record& record, bool prompted, bool approved,
                              const redactor_function& redactor) {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    std::tm utc{};
    ::gmtime_r(&secs, &utc);
    char stamp[40] = {};
    std::strftime(stamp, sizeof stamp - 6, "%Y-%m-%dT%H:%M:%S", &utc);
    const auto ms = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
    const std::size_t n = std::char_traits<char>::length(stamp);
    stamp[n] = '.';
    stamp[n + 1] = static_cast<char>('0' + ms / 100);
    stamp[n + 2] = static_cast<char>('0' + ms / 10 % 10);
    stamp[n + 3] = static_cast<char>('0' + ms % 10);
    stamp[n + 4] = 'Z';
    const auto field = [](std::string& out, const char* key, std::string_view value) {
        out += ",\"";
        out += key;
        out += "\":";
        text::append_json_string(out, value);
    };
    std::string out = "{\"time\":\"";
    out += stamp;
    out += '"';
    field(out, "session", session_id);
    field(out, "tool", request.name);
    field(out, "subject", redactor ? std::string_view(redactor(request.name, request.input)) : request.input);
    field(out, "verdict", d.allowed() ? "allow" : d.asks() ? "ask" : "deny");
    field(out, "code", prompted ? rules::code_name(rules::decision_code::approver) : rules::code_name(record.code));
    if (record.has_rule) {
        field(out, "rule", record.rule.text);
        std::string source(rules::layer_name(record.rule.layer));
        source += ' ';
        source += record.rule.file;
        source += record.rule.pointer.empty() ? "" : "#";
        source += record.rule.pointer;
        field(out, "source", source);
    }
    if (record.fact != rules::fact_kind::none) {
        // Which fact decided, located in the subject (its text is in the redacted subject).
        out += ",\"fact\":{\"kind\":\"";
        out += rules::fact_name(record.fact);
        out += "\",\"begin\":" + std::to_string(record.begin) + ",\"end\":" + std::to_string(record.end);
        if (record.command) {
            out += ",\"command\":" + std::to_string(record.command) + ",\"commands\":" + std::to_string(record.commands);
        }
        out += '}';
    }
    out += ",\"prompted\":";
    out += prompted ? "true" : "false";
    if (prompted) out += approved ? ",\"approved\":true" : ",\"approved\":false";
    field(out, "reason", d.reason);
    out += '}';
    return out;
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
 * Each parameter may be a reference (`basic_runtime<my_policy&, my_store&>`): the runtime then
 * refers to the caller's object, which must outlive it, instead of owning a copy. That is how a
 * policy with state (a budget, counters, a cache) or a store shared by several runtimes is meant
 * to be used: the caller owns it, may change it between calls through its own non-const members,
 * and decides how it is shared between threads (a `check` is const: state it changes must be
 * `mutable` and, when several threads check at once, atomic or locked).
 *
 * One runtime instance is used from one thread at a time.
 */
template <class PermissionPolicy, class SessionStore, class InitPolicy>
class basic_runtime {
    static_assert(detail::assert_permission_policy<std::remove_cvref_t<PermissionPolicy>>(),
                  "claw::basic_runtime: PermissionPolicy does not satisfy claw::permission_policy");
    static_assert(detail::assert_session_store<std::remove_cvref_t<SessionStore>>(),
                  "claw::basic_runtime: SessionStore does not satisfy claw::session_store");
    static_assert(detail::assert_init_policy<std::remove_cvref_t<InitPolicy>>(),
                  "claw::basic_runtime: InitPolicy does not satisfy claw::init_policy");

    using policy_value = std::remove_reference_t<PermissionPolicy>;
    using store_value = std::remove_reference_t<SessionStore>;
    using init_value = std::remove_reference_t<InitPolicy>;

public:
    using permission_policy_type = PermissionPolicy;
    using session_store_type = SessionStore;
    using init_policy_type = InitPolicy;

    /**
     * The built-in inventories and default-constructed policies (value parameters only).
     * Complexity: builds the two built-in inventories (91 entries, O(their text)) and
     * default-constructs the three policies. Throws only what those constructors throw.
     */
    basic_runtime() : basic_runtime(builtin_commands(), builtin_tools()) {}

    /**
     * The built-in inventories with the given policies: `basic_runtime<my_policy&, my_store&>
     * rt(policy, store)` refers to the caller's objects. Complexity: builds the two built-in
     * inventories (91 entries, O(their text)). Throws only what moving the policies throws.
     */
    explicit basic_runtime(PermissionPolicy permissions, SessionStore store = SessionStore{}, InitPolicy init = InitPolicy{})
        : basic_runtime(builtin_commands(), builtin_tools(), std::forward<PermissionPolicy>(permissions),
                        std::forward<SessionStore>(store), std::forward<InitPolicy>(init)) {}

    /**
     * Inventories and policies; a reference parameter binds to the caller's object.
     * Complexity: constant (the arguments are moved). Throws only what moving them throws.
     */
    basic_runtime(inventory commands, inventory tools, PermissionPolicy permissions = PermissionPolicy{},
                  SessionStore store = SessionStore{}, InitPolicy init = InitPolicy{})
        : commands_(std::move(commands)),
          tools_(std::move(tools)),
          permissions_(std::forward<PermissionPolicy>(permissions)),
          store_(std::forward<SessionStore>(store)),
          init_(std::forward<InitPolicy>(init)) {}

    /**
     * Routes a prompt over the runtime's inventories (see `claw::route_prompt`).
     * Complexity: as `claw::route_prompt`: O(p log p) for a prompt of p bytes, plus the index
     * lookups of its tokens and the entries that share them.
     * @throws claw::error (`errc::invalid_argument`) for a negative `limit`.
     */
    [[nodiscard]] std::vector<routed_match> route_prompt(std::string_view prompt, int limit = 5) const {
        return claw::route_prompt(prompt, commands_, tools_, limit);
    }

    /**
     * Asks the permission policy about every routed tool (with `input` as its subject) through
     * `authorize`; returns the tools that may not run, in match order, with the reasons.
     * Complexity: one `authorize` per tool match. Throws only what `authorize` throws.
     */
    [[nodiscard]] std::vector<permission_denial> check_tools(const std::vector<routed_match>& matches,
                                                             std::string_view input) {
        std::vector<permission_denial> denials;
        for (const auto& m : matches) {
            if (m.kind != match_kind::tool) continue;
            const decision d = authorize(m.name, input);
            if (!d.allowed()) denials.push_back({m.name, std::string(d.reason)});
        }
        return denials;
    }

    /**
     * Decides whether `tool` may run on `subject` (a command, a path, a URL, a payload), as the
     * runtime does for every routed tool: the permission policy decides (with a context when it
     * takes one: whether an approver exists, the workspace's trust); an `ask` goes to the approver
     * (`set_approver`), and without one it becomes a `deny` whose reason says that approval was
     * required and no approver was available. Every decision goes to the audit sink.
     *
     * The returned reason views storage owned by the policy or by this runtime, valid until the
     * next call that decides. Complexity: one check of the policy, plus O(size of `subject`) to
     * build the audit line when a sink is set (and the approver's, redactor's and sink's own
     * costs). Throws only what the approver, redactor or audit sink throw.
     */
    decision authorize(std::string_view tool, std::string_view subject) {
        rules::request_context ctx;
        ctx.interactive = static_cast<bool>(approver_);
        ctx.trusted = trust_ == trust::trusted;
        rules::decision_record record;
        const tool_request request{tool, subject};
        decision d = check_in_context(static_cast<const policy_value&>(permissions_), request, ctx, &record);
        bool prompted = false, approved = false;
        if (d.asks()) {
            if (approver_) {
                prompted = true;
                approved = approver_(request, d);
                last_reason_ = std::string(approved ? "approved: " : "refused by the approver: ") + std::string(d.reason);
                d = {approved ? verdict::allow : verdict::deny, last_reason_};
            } else {
                last_reason_ = "approval required but no approver is available \u2014 " + std::string(d.reason);
                d = {verdict::deny, last_reason_};
            }
        }
        if (audit_) audit_(detail::audit_line(session_id_, request, d, record, prompted, approved, redactor_));
        return d;
    }

    /** Sets who answers `ask` decisions (true allows). An empty function removes the approver. */
    void set_approver(approver_function approver) { approver_ = std::move(approver); }
    /** Sets where decisions are logged: one JSON line per decision. */
    void set_audit_sink(audit_function sink) { audit_ = std::move(sink); }
    /** Sets how subjects appear in the audit log; by default they appear as they are. */
    void set_redactor(redactor_function redactor) { redactor_ = std::move(redactor); }
    /** The workspace trust `authorize` uses outside a bootstrap (default: trusted). */
    void set_trust(trust t) noexcept { trust_ = t; }
    trust workspace_trust() const noexcept { return trust_; }

    /**
     * Bootstraps one session: setup and deferred init with the given trust, routing, permission
     * checks (with that trust), the command shims and the shims of allowed tools, ONE streamed
     * submission, and the session persisted through the store under a new id.
     * Complexity: the project scan (at most `project_scan().max_entries` folder entries), one
     * routing of the prompt, one `authorize` per routed tool, one submission and one save of the
     * store (plus one `getrandom` for the id).
     * @throws claw::error when the current directory cannot be determined (e.g. it was removed),
     *         claw::session_error from the random source or the store (saving; `errc::conflict`
     *         with a versioned store), and what the approver, audit sink and redactor throw
     */
    runtime_session bootstrap_session(std::string_view prompt, int limit = 5, trust t = trust::trusted,
                                      const query_engine_config& config = {}) {
        basic_query_engine<store_value&> engine(store_, config);
        return run_session(engine, prompt, limit, t);
    }

    /**
     * Resumes the stored session `id`: the next prompt is routed, checked, executed and submitted
     * as in `bootstrap_session`, then the session is saved again under `id`. The id the session
     * is saved under is always `id` (a session file copied under a new name is resumed under that
     * name and never writes over the one it was copied from).
     * Complexity: one `load` of the store, then as `bootstrap_session`.
     * @throws claw::session_error when `id` cannot be loaded (`errc::not_found`,
     *         `errc::invalid_session_id`, ...), and what `bootstrap_session` throws; with a
     *         versioned store `errc::conflict` when the session was saved by someone else meanwhile
     */
    runtime_session resume_session(std::string_view id, std::string_view prompt, int limit = 5,
                                   trust t = trust::trusted, const query_engine_config& config = {}) {
        auto engine = basic_query_engine<store_value&>::from_saved_session(id, store_, config);
        return run_session(engine, prompt, limit, t);
    }

    /**
     * Resumes the most recently updated session of the store (`latest_session_id`: one `list()`),
     * exactly as `resume_session` with its id. Only for a store with `list()`; calling it with any
     * other store is a compile error that names the missing member.
     * Complexity: one `list()` of the store, then as `resume_session`.
     * @throws claw::session_error (`errc::not_found`) when the store holds no session, and what
     *         `resume_session` throws
     */
    runtime_session resume_latest(std::string_view prompt, int limit = 5, trust t = trust::trusted,
                                  const query_engine_config& config = {})
        requires(detail::assert_listable_store<store_value>())
    {
        const std::optional<std::string> id = latest_session_id(store_);
        if (!id)
            throw session_error(errc::not_found, "latest",
                                "there is no session to resume: the store holds none");
        return resume_session(*id, prompt, limit, t, config);
    }

    /**
     * The reference's turn loop: routes once, checks permissions once, then submits `prompt`,
     * `prompt [turn 2]`, … until `max_turns` turns ran or a turn did not complete. Not persisted.
     * Complexity: one routing and one `authorize` per routed tool, then at most `max_turns`
     * submissions, each O(size of the prompt and the names).
     * @throws claw::error (`errc::invalid_argument`) for a negative `limit`; claw::session_error
     *         when the random source fails (the engine's new id); what the approver, audit sink
     *         and redactor throw.
     */
    [[nodiscard]] std::vector<turn_result> run_turn_loop(std::string_view prompt, int limit = 5, int max_turns = 3,
                                                         bool structured_output = false) {
        query_engine_config config;
        config.max_turns = max_turns;
        config.structured_output = structured_output;
        basic_query_engine<store_value&> engine(store_, config);
        session_id_ = engine.session_id();
        const auto matches = route_prompt(prompt, limit);
        const auto denials = check_tools(matches, prompt);
        std::vector<std::string> command_names, tool_names;
        for (const auto& m : matches) (m.kind == match_kind::command ? command_names : tool_names).push_back(m.name);
        std::vector<turn_result> results;
        for (int turn = 0; turn < max_turns; ++turn) {
            const std::string turn_prompt =
                turn == 0 ? std::string(prompt) : std::string(prompt) + " [turn " + std::to_string(turn + 1) + "]";
            results.push_back(engine.submit_message(turn_prompt, command_names, tool_names, denials));
            if (results.back().stop_reason != stop_reason::completed) break;
        }
        return results;
    }

    /** How `bootstrap_session` scans the project (bounded by default; see `project_scan_options`). Constant. */
    void set_project_scan(project_scan_options options) { scan_ = std::move(options); }
    const project_scan_options& project_scan() const noexcept { return scan_; }

    const inventory& commands() const noexcept { return commands_; }
    const inventory& tools() const noexcept { return tools_; }
    /** The permission policy (the caller's object for a reference parameter). */
    policy_value& permissions() noexcept { return permissions_; }
    const policy_value& permissions() const noexcept { return permissions_; }
    store_value& store() noexcept { return store_; }
    const store_value& store() const noexcept { return store_; }
    init_value& init() noexcept { return init_; }

private:
    template <class Engine>
    runtime_session run_session(Engine& engine, std::string_view prompt, int limit, trust t) {
        const bool trusted = t == trust::trusted;
        const trust saved_trust = trust_;
        trust_ = t;
        struct restore {
            trust& slot;
            trust value;
            ~restore() { slot = value; }
        } guard{trust_, saved_trust};
        session_id_ = engine.session_id();
        runtime_session s;
        s.session_id = engine.session_id();
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
            if (m.kind == match_kind::command) {
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
                                  " stop=" + std::string(to_string(s.turn_result.stop_reason)));
        s.history.add("session_store", s.persisted_session_path);
        return s;
    }

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
    approver_function approver_;
    audit_function audit_;
    redactor_function redactor_;
    trust trust_ = trust::trusted;
    std::string session_id_;
    std::string last_reason_;
};

CLAW_END_NAMESPACE
