// SPDX-License-Identifier: MIT
// claw-port: the reference's command-line program on top of claw-cpp. Same subcommands, flags and
// output; usage errors exit 2 with a one-line reason, unknown names exit 1, and a tool denied by
// the permission policy is reported on stderr and never executed.
#include <claw/claw.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------- argument parsing (argparse-like)

class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class arg_kind { flag, integer, text, append };

struct option_spec {
    std::string_view name;  // "--limit"
    arg_kind kind;
    std::string_view help;
    std::string_view default_text = {};
};

struct command_spec {
    std::string_view name;
    std::string_view help;
    std::vector<std::string_view> positionals;
    std::vector<option_spec> options;
};

const std::vector<option_spec> global_options{
    {"--tools-file", arg_kind::text, "load the tool inventory from this JSON file (reference snapshot schema)"},
    {"--commands-file", arg_kind::text, "load the command inventory from this JSON file (reference snapshot schema)"},
    {"--session-dir", arg_kind::text, "store sessions in this folder", ".port_sessions"},
};

const std::vector<command_spec>& commands_table() {
    static const std::vector<command_spec> table{
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
         {{"--limit", arg_kind::integer, "how many entries to list", "20"},
          {"--query", arg_kind::text, "only entries whose name or source hint contains this"},
          {"--simple-mode", arg_kind::flag, "only BashTool, FileReadTool and FileEditTool"},
          {"--no-mcp", arg_kind::flag, "leave out MCP tools"},
          {"--deny-tool", arg_kind::append, "deny this tool name (repeatable)"},
          {"--deny-prefix", arg_kind::append, "deny tool names starting with this (repeatable)"}}},
        {"route",
         "route a prompt across mirrored command/tool inventories",
         {"prompt"},
         {{"--limit", arg_kind::integer, "how many matches to show", "5"}}},
        {"bootstrap",
         "build a runtime-style session report from the mirrored inventories",
         {"prompt"},
         {{"--limit", arg_kind::integer, "how many matches to route", "5"},
          {"--untrusted", arg_kind::flag, "bootstrap as untrusted: plugins, skills, MCP prefetch and hooks stay off"}}},
        {"turn-loop",
         "run a small stateful turn loop for the mirrored runtime",
         {"prompt"},
         {{"--limit", arg_kind::integer, "how many matches to route", "5"},
          {"--max-turns", arg_kind::integer, "how many turns at most", "3"},
          {"--structured-output", arg_kind::flag, "render each turn's output as JSON"}}},
        {"flush-transcript", "persist and flush a temporary session transcript", {"prompt"}, {}},
        {"load-session", "load a previously persisted session", {"session_id"}, {}},
        {"show-command", "show one mirrored command entry by exact name", {"name"}, {}},
        {"show-tool", "show one mirrored tool entry by exact name", {"name"}, {}},
        {"exec-command", "execute a mirrored command shim by exact name", {"name", "prompt"}, {}},
        {"exec-tool", "execute a mirrored tool shim by exact name", {"name", "payload"}, {}},
    };
    return table;
}

struct parsed_args {
    const command_spec* command = nullptr;
    std::vector<std::string> positionals;
    std::map<std::string, std::string, std::less<>> values;            // text and integer options
    std::map<std::string, std::vector<std::string>, std::less<>> lists;  // append options
    std::map<std::string, bool, std::less<>> flags;
    bool help = false;

    bool flag(std::string_view name) const { return flags.contains(name); }
    std::optional<std::string> text(std::string_view name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::vector<std::string> list(std::string_view name) const {
        const auto it = lists.find(name);
        return it == lists.end() ? std::vector<std::string>{} : it->second;
    }
};

// argparse's reading of an argument: "-5" and "-.5" are numbers, not options.
bool looks_negative_number(std::string_view s) {
    if (s.size() < 2 || s[0] != '-') return false;
    const std::string_view body = s.substr(1);
    const auto dot = body.find('.');
    const auto digits = [](std::string_view d) {
        return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (dot == std::string_view::npos) return digits(body);
    return digits(body.substr(0, dot)) && body.size() > dot + 1 && digits(body.substr(dot + 1));
}

// Python's int() on a command-line value: optional whitespace and sign, ASCII digits with single
// underscores between them, saturating at the 64-bit range.
std::optional<long long> python_int(std::string_view s) {
    while (!s.empty() && claw::text::is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && claw::text::is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty() || s.front() == '_' || s.back() == '_') return std::nullopt;
    unsigned long long v = 0;
    char prev = 0;
    for (const char c : s) {
        if (c == '_') {
            if (prev == '_') return std::nullopt;
        } else if (c >= '0' && c <= '9') {
            // Python's integers have no limit; beyond 64 bits the value saturates, which no count
            // or limit can tell apart.
            constexpr auto top = static_cast<unsigned long long>(std::numeric_limits<long long>::max());
            v = v > (top - static_cast<unsigned long long>(c - '0')) / 10 ? top : v * 10 + static_cast<unsigned long long>(c - '0');
        } else {
            return std::nullopt;
        }
        prev = c;
    }
    const auto value = static_cast<long long>(v);
    return negative ? -value : value;
}

// How argparse classifies one argument: a positional value, a known option (possibly abbreviated,
// possibly with "=value"), or an unknown option. Like argparse, an argument that starts with '-'
// but holds a space, or reads as a negative number, is a positional value.
struct classified {
    enum { positional, help, option, unknown } what = positional;
    const option_spec* spec = nullptr;
    std::optional<std::string> inline_value;
};

classified classify(const std::string& a, const std::vector<const option_spec*>& options) {
    if (a.size() < 2 || a[0] != '-') return {};
    if (a == "-h" || a == "--help") return {classified::help, nullptr, std::nullopt};
    const auto eq = a.find('=');
    const std::string head = a.substr(0, eq);
    std::optional<std::string> value;
    if (eq != std::string::npos) value = a.substr(eq + 1);
    for (const auto* o : options)
        if (o->name == head) return {classified::option, o, value};
    if (a.starts_with("--")) {
        const option_spec* found = nullptr;  // a unique prefix of a long option
        for (const auto* o : options) {
            if (o->name.starts_with(head)) {
                if (found) throw usage_error("ambiguous option: " + head);
                found = o;
            }
        }
        if (found) return {classified::option, found, value};
    }
    if (looks_negative_number(a) || a.find(' ') != std::string::npos) return {};
    return {classified::unknown, nullptr, std::nullopt};
}

parsed_args parse(const std::vector<std::string>& argv) {
    parsed_args out;
    std::vector<const option_spec*> options;
    for (const auto& o : global_options) options.push_back(&o);
    bool only_positionals = false;
    std::vector<std::string> free;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (!only_positionals && a == "--") {
            only_positionals = true;
            continue;
        }
        const classified c = only_positionals ? classified{} : classify(a, options);
        if (c.what == classified::help) {
            out.help = true;
            continue;
        }
        if (c.what == classified::unknown) throw usage_error("unrecognized argument: " + a);
        if (c.what == classified::positional) {
            if (out.command) {
                free.push_back(a);
                continue;
            }
            for (const auto& cmd : commands_table())
                if (cmd.name == a) out.command = &cmd;
            if (!out.command) {
                std::string names;
                for (const auto& cmd : commands_table()) names += (names.empty() ? "" : ", ") + std::string(cmd.name);
                throw usage_error("unknown command '" + a + "' (choose from " + names + ")");
            }
            for (const auto& o : out.command->options) options.push_back(&o);
            continue;
        }
        const option_spec* o = c.spec;
        const std::string key(o->name);
        if (o->kind == arg_kind::flag) {
            if (c.inline_value) throw usage_error("argument " + key + ": ignored explicit argument '" + *c.inline_value + "'");
            out.flags[key] = true;
            continue;
        }
        std::string value;
        if (c.inline_value) {
            value = *c.inline_value;
        } else {
            if (i + 1 >= argv.size() || argv[i + 1] == "--" || classify(argv[i + 1], options).what != classified::positional)
                throw usage_error("argument " + key + ": expected one argument");
            value = argv[++i];
        }
        if (o->kind == arg_kind::integer && !python_int(value))
            throw usage_error("argument " + key + ": invalid int value: '" + value + "'");
        if (o->kind == arg_kind::append) {
            out.lists[key].push_back(value);
        } else {
            out.values[key] = value;
        }
    }
    if (out.help) return out;
    if (!out.command) throw usage_error("a command is required (try --help)");
    const auto& want = out.command->positionals;
    if (free.size() < want.size()) {
        std::string missing;
        for (std::size_t k = free.size(); k < want.size(); ++k) missing += (missing.empty() ? "" : ", ") + std::string(want[k]);
        throw usage_error("the following arguments are required: " + missing);
    }
    if (free.size() > want.size()) {
        std::string extra;
        for (std::size_t k = want.size(); k < free.size(); ++k) extra += (extra.empty() ? "" : " ") + free[k];
        throw usage_error("unrecognized arguments: " + extra);
    }
    out.positionals = std::move(free);
    return out;
}

long long integer_option(const parsed_args& a, std::string_view name) {
    if (auto v = a.text(name)) return *python_int(*v);
    for (const auto& o : a.command->options)
        if (o.name == name) return *python_int(o.default_text);
    return 0;
}

// --limit for routing: negative is a usage error (claw-cpp's rule); beyond the int range it is
// clamped, which changes nothing since no inventory is that large.
int routing_limit(const parsed_args& a) {
    const long long limit = integer_option(a, "--limit");
    if (limit < 0) throw usage_error("argument --limit: must not be negative, got " + std::to_string(limit));
    return static_cast<int>(std::min<long long>(limit, std::numeric_limits<int>::max()));
}

std::string help_text(const command_spec* c) {
    std::string out;
    const auto option_lines = [&](const std::vector<option_spec>& opts) {
        for (const auto& o : opts) {
            std::string left = "  " + std::string(o.name);
            if (o.kind != arg_kind::flag) left += " VALUE";
            if (left.size() < 26) left.resize(26, ' ');
            out += left + " " + std::string(o.help);
            if (!o.default_text.empty()) out += " (default: " + std::string(o.default_text) + ")";
            out += "\n";
        }
    };
    if (!c) {
        out += "usage: claw-port [global options] <command> [arguments]\n\n"
               "The claw-code port's command-line program, built on claw-cpp.\n\ncommands:\n";
        for (const auto& cmd : commands_table()) {
            std::string left = "  " + std::string(cmd.name);
            left.resize(20, ' ');
            out += left + " " + std::string(cmd.help) + "\n";
        }
        out += "\nglobal options:\n";
        option_lines(global_options);
        out += "  -h, --help                 show this help, or a command's help after its name\n";
        return out;
    }
    out += "usage: claw-port " + std::string(c->name);
    for (const auto& o : c->options) out += " [" + std::string(o.name) + (o.kind == arg_kind::flag ? "" : " VALUE") + "]";
    for (const auto p : c->positionals) out += " " + std::string(p);
    out += "\n\n" + std::string(c->help) + "\n";
    if (!c->options.empty()) {
        out += "\noptions:\n";
        option_lines(c->options);
    }
    out += "\nglobal options:\n";
    option_lines(global_options);
    return out;
}

// ---------------------------------------------------------------- the commands

void print(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fputc('\n', stdout);
}

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

int run(const parsed_args& a) {
    const auto tools_file = a.text("--tools-file");
    const auto commands_file = a.text("--commands-file");
    claw::inventory tools = tools_file ? claw::load_inventory(*tools_file) : claw::builtin_tools();
    claw::inventory commands = commands_file ? claw::load_inventory(*commands_file) : claw::builtin_commands();
    const std::string session_dir = a.text("--session-dir").value_or(".port_sessions");
    const std::string_view cmd = a.command->name;
    const auto& pos = a.positionals;

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

    claw::json_file_store store(session_dir);
    claw::port_runtime runtime(std::move(commands), std::move(tools), {}, store);

    if (cmd == "route") {
        const auto matches = runtime.route_prompt(pos[0], routing_limit(a));
        if (matches.empty()) {
            print("No mirrored command/tool matches found.");
            return 0;
        }
        for (const auto& m : matches) print(m.kind + "\t" + m.name + "\t" + std::to_string(m.score) + "\t" + m.source_hint);
        return 0;
    }
    if (cmd == "bootstrap" || cmd == "turn-loop") {
        const int limit = routing_limit(a);
        if (cmd == "bootstrap") {
            const auto t = a.flag("--untrusted") ? claw::trust::untrusted : claw::trust::trusted;
            print(runtime.bootstrap_session(pos[0], limit, t).as_markdown());
            return 0;
        }
        // The loop also ends when the token budget runs out, so a huge --max-turns is harmless.
        const long long turns = std::clamp<long long>(integer_option(a, "--max-turns"), 0, std::numeric_limits<int>::max());
        const auto results = runtime.run_turn_loop(pos[0], limit, static_cast<int>(turns), a.flag("--structured-output"));
        for (std::size_t i = 0; i < results.size(); ++i) {
            print("## Turn " + std::to_string(i + 1));
            print(results[i].output);
            print("stop_reason=" + results[i].stop_reason);
        }
        return 0;
    }
    if (cmd == "flush-transcript") {
        claw::basic_query_engine<claw::json_file_store&> engine({}, runtime.store());
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
            const claw::decision d = runtime.permissions().check({m->name, pos[1]});
            if (!d.allowed()) {
                std::fprintf(stderr, "claw-port: permission denied for tool '%s': %.*s\n", m->name.c_str(),
                             static_cast<int>(d.reason.size()), d.reason.data());
                return 1;
            }
        }
        const auto r = claw::execute_tool(runtime.tools(), pos[0], pos[1]);
        print(r.message);
        return r.handled ? 0 : 1;
    }
    if (cmd == "setup-report") {
        print(claw::setup_report_markdown(claw::run_setup(std::filesystem::current_path())));
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
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const parsed_args parsed = parse(args);
        if (parsed.help) {
            const std::string h = help_text(parsed.command);
            std::fwrite(h.data(), 1, h.size(), stdout);
            return 0;
        }
        const int rc = run(parsed);
        std::fflush(stdout);
        return rc;
    } catch (const usage_error& e) {
        std::fprintf(stderr, "claw-port: error: %s\n", e.what());
        return 2;
    } catch (const claw::error& e) {
        std::fprintf(stderr, "claw-port: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "claw-port: unexpected failure: %s\n", e.what());
        return 1;
    }
}
