// SPDX-License-Identifier: MIT
// claw-port: the reference's command-line program on top of claw-cpp. Same subcommands, flags and
// output; usage errors exit 2 with a one-line reason, unknown names exit 1, and a tool denied by
// the permission policy is reported on stderr and never executed.
#include "args.hpp"
#include "output.hpp"
#include "rules_cli.hpp"
#include "sessions_cli.hpp"
#include "stores.hpp"

#include <claw/claw.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <unistd.h>

using namespace claw_port;

namespace {

std::vector<option_spec> join(std::vector<option_spec> a, const std::vector<option_spec>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Options shared by the commands that decide permissions.
const std::vector<option_spec> deny_options{
    {"--deny-tool", arg_kind::append, "deny this tool name (repeatable)"},
    {"--deny-prefix", arg_kind::append, "deny tool names starting with this (repeatable)"},
};
const option_spec untrusted_option{
    "--untrusted", arg_kind::flag,
    "the workspace is not trusted: plugins, skills, MCP prefetch and hooks stay off, project allow rules are inactive"};

const program_spec& program() {
    static const program_spec spec{{
    {"--tools-file", arg_kind::text, "load the tool inventory from this JSON file (reference snapshot schema)"},
    {"--commands-file", arg_kind::text, "load the command inventory from this JSON file (reference snapshot schema)"},
    {"--store", arg_kind::text,
     "where sessions live: file:DIR (JSON files, the reference's format), memory: (this run only), "
     "sqlite:PATH (one database file, many processes on one host) or postgres:CONNINFO (a libpq "
     "connection string or URI, empty for the PG* environment; never printed)",
     "file:.port_sessions"},
    {"--session-dir", arg_kind::text, "store sessions in this folder: the same as --store file:DIR", ".port_sessions"},
    {"--scope", arg_kind::text,
     "the scope (project, workspace or user partition) of postgres: stores; each scope sees only its own sessions "
     "(default: the empty scope)"},
    }, {
        {"summary", "render a Markdown summary of the porting workspace", {}, {}},
        {"setup-report", "render the startup/prefetch setup report", {}, {}},
        {"command-graph", "show command graph segmentation", {}, {}},
        {"tool-pool", "show assembled tool pool with default settings", {}, {}},
        {"bootstrap-graph", "show the mirrored bootstrap/runtime graph stages", {}, {}},
        {"commands",
         "list mirrored command entries",
         {},
         {{"--limit", arg_kind::integer, "how many entries to list", "20"},
          {"--query", arg_kind::text, "only entries whose name or source hint contains this"},
          {"--no-plugin-commands", arg_kind::flag, "leave out plugin commands"},
          {"--no-skill-commands", arg_kind::flag, "leave out skill commands"}}},
        {"tools",
         "list mirrored tool entries",
         {},
         join({{"--limit", arg_kind::integer, "how many entries to list", "20"},
               {"--query", arg_kind::text, "only entries whose name or source hint contains this"},
               {"--simple-mode", arg_kind::flag, "only BashTool, FileReadTool and FileEditTool"},
               {"--no-mcp", arg_kind::flag, "leave out MCP tools"}},
              deny_options)},
        {"route",
         "route a prompt across mirrored command/tool inventories",
         {"prompt"},
         {{"--limit", arg_kind::integer, "how many matches to show", "5"}}},
        {"bootstrap",
         "build a runtime-style session report from the mirrored inventories",
         {"prompt"},
         join(join({{"--limit", arg_kind::integer, "how many matches to route", "5"},
                    {"--resume", arg_kind::text,
                     "resume the stored session with this id, or the most recently updated one with 'latest': the "
                     "prompt becomes its next message, and it is saved again under its id"},
                    untrusted_option},
                   deny_options),
              rules_options())},
        {"turn-loop",
         "run a small stateful turn loop for the mirrored runtime",
         {"prompt"},
         join(join({{"--limit", arg_kind::integer, "how many matches to route", "5"},
                    {"--max-turns", arg_kind::integer, "how many turns at most", "3"},
                    {"--structured-output", arg_kind::flag, "render each turn's output as JSON"},
                    untrusted_option},
                   deny_options),
              rules_options())},
        {"flush-transcript", "persist and flush a temporary session transcript", {"prompt"}, {}},
        {"load-session", "load a previously persisted session", {"session_id"}, {}},
        {"show-command", "show one mirrored command entry by exact name", {"name"}, {}},
        {"show-tool", "show one mirrored tool entry by exact name", {"name"}, {}},
        {"exec-command", "execute a mirrored command shim by exact name", {"name", "prompt"}, {}},
        {"exec-tool", "execute a mirrored tool shim by exact name", {"name", "payload"},
         join(join({untrusted_option}, deny_options), rules_options())},
        {"check", "decide one tool request with permission rules and print the decision", {"tool", "input"},
         join({untrusted_option,
               {"--input-json", arg_kind::flag, "INPUT is the tool's JSON argument object, not the subject"},
               {"--json", arg_kind::flag, "print the decision record as one JSON object"}},
              rules_options())},
        sessions_command(),
    }};
    return spec;
}

// --limit for routing: negative is a usage error (claw-cpp's rule); beyond the int range it is
// clamped, which changes nothing since no inventory is that large.
int routing_limit(const parsed_args& a) {
    const long long limit = integer_option(a, "--limit");
    if (limit < 0) throw usage_error("argument --limit: must not be negative, got " + std::to_string(limit));
    return static_cast<int>(std::min<long long>(limit, std::numeric_limits<int>::max()));
}

// ---------------------------------------------------------------- the commands

// Python's `items[:limit]`.
template <class T>
std::vector<T> head(std::vector<T> items, long long limit) {
    const auto n = static_cast<long long>(items.size());
    long long keep = limit >= 0 ? (limit < n ? limit : n) : (n + limit > 0 ? n + limit : 0);
    items.resize(static_cast<std::size_t>(keep));
    return items;
}

std::string entry_lines(const std::string& header, std::size_t total, const std::optional<std::string>& query,
                        const std::vector<claw::module_entry>& entries) {
    std::vector<std::string> lines{header + std::to_string(total), ""};
    if (query) {
        lines.push_back("Filtered by: " + *query);
        lines.emplace_back();
    }
    for (const auto& e : entries) lines.push_back("- " + e.name + " \u2014 " + e.source_hint);
    return claw::detail::join_lines(lines);
}

// A runtime on the store the command line chose (the caller's object).
template <class Policy, class Store>
using for_runtime = claw::basic_runtime<Policy, Store&>;

template <class Runtime>
int run_runtime(const parsed_args& a, Runtime& runtime);

// The [y/N] question for an `ask`, on the terminal (stderr), answered on standard input.
bool ask_on_terminal(const claw::tool_request& r, const claw::decision& d) {
    print_error("claw-port: ", std::string(d.reason));
    print_error("", "Allow " + claw::text::repr(r.name) + " to run " + claw::text::repr(r.input) + "? [y/N] ");
    std::string answer;
    for (int c; (c = std::getchar()) != EOF && c != '\n';) answer += static_cast<char>(c);
    return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

// The URL of the store the command line names: --store, or --session-dir (its synonym), or the default.
std::string store_url(const parsed_args& a) {
    const auto store = a.text("--store");
    const auto dir = a.text("--session-dir");
    if (store && dir) throw usage_error("argument --session-dir: not allowed with --store (both choose the store)");
    if (store) return *store;
    return "file:" + dir.value_or(".port_sessions");
}

template <class Store>
int run_on_store(const parsed_args& a, Store& store, claw::inventory commands, claw::inventory tools) {
    // The reference's policy (bash gate + deny lists); permission rules join it when asked for.
    // The bash gate stays on either way: no option turns it off.
    const std::string_view cmd = a.command->name;
    auto deny = claw::tool_permission_context::from_iterables(a.list("--deny-tool"), a.list("--deny-prefix"));
    if (rules_requested(a)) {
        using policy = claw::all_of<claw::bash_gate, claw::tool_permission_context, claw::rules_policy>;
        const bool interactive = cmd == "exec-tool" && ::isatty(0) == 1;
        for_runtime<policy, Store> runtime(std::move(commands), std::move(tools),
                                           policy{claw::bash_gate{}, std::move(deny), load_rules(a, interactive)}, store);
        for (const auto& w : runtime.permissions().template get<2>().warnings())
            print_error("claw-port: warning: ", w.to_string());
        return run_runtime(a, runtime);
    }
    for_runtime<claw::default_permissions, Store> runtime(
        std::move(commands), std::move(tools), claw::default_permissions{claw::bash_gate{}, std::move(deny)}, store);
    return run_runtime(a, runtime);
}

int run(const parsed_args& a) {
    const auto tools_file = a.text("--tools-file");
    const auto commands_file = a.text("--commands-file");
    // The store first: a bad URL is a usage error whatever the command. Every store is lazy, so
    // commands that do not use it touch nothing.
    const std::string url = store_url(a);
    const std::string scope = a.text("--scope").value_or("");
    if (a.text("--scope") && !is_postgres_url(url) &&
        !(a.group && a.command->name == "copy" && is_postgres_url(a.text("--to").value_or(""))))
        throw usage_error("argument --scope: only postgres: stores have a scope");
    store_handle store = open_store(url, scope, a.text("--store") ? "--store" : "--session-dir");
    if (a.group) return run_sessions(a, store, scope);

    claw::inventory tools = tools_file ? claw::load_inventory(*tools_file) : claw::builtin_tools();
    claw::inventory commands = commands_file ? claw::load_inventory(*commands_file) : claw::builtin_commands();
    const std::string_view cmd = a.command->name;

    if (cmd == "commands" || cmd == "tools") {
        const bool is_tools = cmd == "tools";
        const claw::inventory& inv = is_tools ? tools : commands;
        const long long limit = integer_option(a, "--limit");
        auto query = a.text("--query");
        if (query && query->empty()) query.reset();  // Python: an empty query is no query
        const auto deny = claw::tool_permission_context::from_iterables(a.list("--deny-tool"), a.list("--deny-prefix"));
        std::vector<claw::module_entry> entries;
        std::size_t total = inv.size();
        if (query) {
            for (const auto* e : inv.find(*query, inv.size()))
                if (!is_tools || !deny.blocks(e->name)) entries.push_back(*e);
        } else if (is_tools) {
            entries = claw::select_tools(inv, a.flag("--simple-mode"), !a.flag("--no-mcp"), deny);
            total = entries.size();
        } else {
            entries = claw::select_commands(inv, !a.flag("--no-plugin-commands"), !a.flag("--no-skill-commands"));
            total = entries.size();
        }
        std::string text = entry_lines(is_tools ? "Tool entries: " : "Command entries: ", total, query, head(entries, limit));
        print(text);
        return 0;
    }

    if (cmd == "check") return run_check(a);

    return std::visit([&](auto& s) { return run_on_store(a, s, std::move(commands), std::move(tools)); }, store.store);
}

template <class Runtime>
int run_runtime(const parsed_args& a, Runtime& runtime) {
    const std::string_view cmd = a.command->name;
    const auto& pos = a.positionals;
    runtime.set_trust(a.flag("--untrusted") ? claw::trust::untrusted : claw::trust::trusted);

    if (cmd == "route") {
        const auto matches = runtime.route_prompt(pos[0], routing_limit(a));
        if (matches.empty()) {
            print("No mirrored command/tool matches found.");
            return 0;
        }
        for (const auto& m : matches) print(std::string(claw::to_string(m.kind)) + "\t" + m.name + "\t" + std::to_string(m.score) + "\t" + m.source_hint);
        return 0;
    }
    if (cmd == "bootstrap" || cmd == "turn-loop") {
        const int limit = routing_limit(a);
        if (cmd == "bootstrap") {
            const auto resume = a.text("--resume");
            if (!resume) {
                print(runtime.bootstrap_session(pos[0], limit, runtime.workspace_trust()).as_markdown());
            } else if (*resume == "latest") {
                print(runtime.resume_latest(pos[0], limit, runtime.workspace_trust()).as_markdown());
            } else {
                print(runtime.resume_session(*resume, pos[0], limit, runtime.workspace_trust()).as_markdown());
            }
            return 0;
        }
        // At least one turn (fewer would print nothing and exit 0, hiding the mistake). The loop
        // also ends when the token budget runs out, so a huge --max-turns is harmless.
        const long long wanted = integer_option(a, "--max-turns");
        if (wanted < 1) throw usage_error("argument --max-turns: must be at least 1, got " + std::to_string(wanted));
        const long long turns = std::min<long long>(wanted, std::numeric_limits<int>::max());
        const auto results = runtime.run_turn_loop(pos[0], limit, static_cast<int>(turns), a.flag("--structured-output"));
        for (std::size_t i = 0; i < results.size(); ++i) {
            print("## Turn " + std::to_string(i + 1));
            print(results[i].output);
            print("stop_reason=" + std::string(claw::to_string(results[i].stop_reason)));
        }
        return 0;
    }
    if (cmd == "flush-transcript") {
        claw::basic_query_engine<std::remove_reference_t<decltype(runtime.store())>&> engine(runtime.store());
        engine.submit_message(pos[0]);
        print(engine.persist_session());
        print(std::string("flushed=") + claw::python_bool(engine.transcript().flushed()));
        return 0;
    }
    if (cmd == "load-session") {
        const claw::stored_session s = runtime.store().load(pos[0]);
        print(s.session_id + "\n" + std::to_string(s.messages.size()) + " messages\nin=" + std::to_string(s.input_tokens) +
              " out=" + std::to_string(s.output_tokens));
        return 0;
    }
    if (cmd == "show-command" || cmd == "show-tool") {
        const bool is_tool = cmd == "show-tool";
        const claw::module_entry* m = (is_tool ? runtime.tools() : runtime.commands()).get(pos[0]);
        if (!m) {
            print((is_tool ? "Tool not found: " : "Command not found: ") + pos[0]);
            return 1;
        }
        print(m->name + "\n" + m->source_hint + "\n" + m->responsibility);
        return 0;
    }
    if (cmd == "exec-command") {
        const auto r = claw::execute_command(runtime.commands(), pos[0], pos[1]);
        print(r.message);
        return r.handled ? 0 : 1;
    }
    if (cmd == "exec-tool") {
        const claw::module_entry* m = runtime.tools().get(pos[0]);
        if (m) {
            // An `ask` is put to the user on a terminal; without one nobody can approve.
            if (::isatty(0) == 1) runtime.set_approver(ask_on_terminal);
            const claw::decision d = runtime.authorize(m->name, pos[1]);
            if (!d.allowed()) {
                print_error("claw-port: ", "permission denied for tool " + claw::text::repr(m->name) + ": " +
                                               std::string(d.reason));
                return 1;
            }
        }
        const auto r = claw::execute_tool(runtime.tools(), pos[0], pos[1]);
        print(r.message);
        return r.handled ? 0 : 1;
    }
    if (cmd == "setup-report") {
        std::error_code ec;
        const auto cwd = std::filesystem::current_path(ec);
        if (ec) throw claw::error(ec, "setup-report: cannot determine the current directory: " + ec.message());
        print(claw::setup_report_markdown(claw::run_setup(cwd)));
        return 0;
    }
    if (cmd == "command-graph") {
        print(claw::command_graph_markdown(claw::build_command_graph(runtime.commands())));
        return 0;
    }
    if (cmd == "tool-pool") {
        print(claw::tool_pool_markdown(claw::assemble_tool_pool(runtime.tools())));
        return 0;
    }
    if (cmd == "bootstrap-graph") {
        print(claw::bootstrap_graph_markdown());
        return 0;
    }
    if (cmd == "summary") {
        const claw::basic_query_engine<claw::memory_store> engine;
        print(claw::summary_markdown(engine, runtime.commands(), runtime.tools()));
        return 0;
    }
    throw usage_error("unknown command '" + std::string(cmd) + "'");
}

}  // namespace

int main(int argc, char** argv) {
    guard_standard_streams();
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const parsed_args parsed = parse(args, program());
        if (parsed.help) {
            std::string h = help_text(parsed.group, parsed.command, program());
            if (!h.empty() && h.back() == '\n') h.pop_back();
            print(h);
            return finish_output(0);
        }
        return finish_output(run(parsed));
    } catch (const usage_error& e) {
        print_error("claw-port: error: ", e.what());
        return finish_output(2) == 2 ? 2 : 1;
    } catch (const claw::error& e) {
        print_error("claw-port: ", e.what());
        finish_output(1);
        return 1;
    } catch (const std::exception& e) {
        print_error("claw-port: unexpected failure: ", e.what());
        finish_output(1);
        return 1;
    }
}
