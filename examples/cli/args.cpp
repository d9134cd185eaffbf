// SPDX-License-Identifier: MIT
#include "args.hpp"

#include <claw/text/repr.hpp>
#include <claw/text/split.hpp>

#include <algorithm>
#include <limits>

namespace claw_port {

namespace {

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
                if (found) throw usage_error("ambiguous option: " + claw::text::repr(head));
                found = o;
            }
        }
        if (found) return {classified::option, found, value};
    }
    if (looks_negative_number(a) || a.find(' ') != std::string::npos) return {};
    return {classified::unknown, nullptr, std::nullopt};
}

std::string names_of(const std::vector<command_spec>& commands) {
    std::string names;
    for (const auto& cmd : commands) {
        if (!names.empty()) names += ", ";
        names += cmd.name;
    }
    return names;
}

}  // namespace

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

parsed_args parse(const std::vector<std::string>& argv, const program_spec& program) {
    parsed_args out;
    std::vector<const option_spec*> options;
    for (const auto& o : program.global_options) options.push_back(&o);
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
        if (c.what == classified::unknown) throw usage_error("unrecognized argument: " + claw::text::repr(a));
        if (c.what == classified::positional) {
            if (out.command && (out.group || out.command->subcommands.empty())) {
                free.push_back(a);
                continue;
            }
            if (out.command) {  // a command group: this names its subcommand
                const command_spec* group = out.command;
                const command_spec* sub = nullptr;
                for (const auto& cmd : group->subcommands)
                    if (cmd.name == a) sub = &cmd;
                if (!sub)
                    throw usage_error("unknown " + std::string(group->name) + " command " + claw::text::repr(a) +
                                      " (choose from " + names_of(group->subcommands) + ")");
                out.group = group;
                out.command = sub;
                for (const auto& o : sub->options) options.push_back(&o);
                continue;
            }
            for (const auto& cmd : program.commands)
                if (cmd.name == a) out.command = &cmd;
            if (!out.command)
                throw usage_error("unknown command " + claw::text::repr(a) + " (choose from " +
                                  names_of(program.commands) + ")");
            for (const auto& o : out.command->options) options.push_back(&o);
            continue;
        }
        const option_spec* o = c.spec;
        const std::string key(o->name);
        if (o->kind == arg_kind::flag) {
            if (c.inline_value) throw usage_error("argument " + key + ": ignored explicit argument " + claw::text::repr(*c.inline_value));
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
            throw usage_error("argument " + key + ": invalid int value: " + claw::text::repr(value));
        if (o->kind == arg_kind::append) {
            out.lists[key].push_back(value);
        } else {
            out.values[key] = value;
        }
    }
    if (out.help) return out;
    if (!out.command) throw usage_error("a command is required (try --help)");
    if (!out.group && !out.command->subcommands.empty())
        throw usage_error("the " + std::string(out.command->name) + " command needs a subcommand (choose from " +
                          names_of(out.command->subcommands) + ")");
    const auto& want = out.command->positionals;
    // "X..." takes the rest (at least one), "[X...]" takes the rest (any number).
    const bool optional_rest = !want.empty() && want.back().ends_with("...]");
    const bool variadic = optional_rest || (!want.empty() && want.back().ends_with("..."));
    const std::size_t required = want.size() - (optional_rest ? 1 : 0);
    if (free.size() < required) {
        std::string missing;
        for (std::size_t k = free.size(); k < required; ++k) {
            if (!missing.empty()) missing += ", ";
            missing += want[k];
        }
        throw usage_error("the following arguments are required: " + missing);
    }
    if (!variadic && free.size() > want.size()) {
        std::string extra;
        for (std::size_t k = want.size(); k < free.size(); ++k) {
            if (!extra.empty()) extra += ' ';
            extra += claw::text::repr(free[k]);
        }
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

std::string help_text(const command_spec* group, const command_spec* c, const program_spec& program) {
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
    const auto command_lines = [&](const std::vector<command_spec>& commands) {
        for (const auto& cmd : commands) {
            std::string left = "  " + std::string(cmd.name);
            left.resize(20, ' ');
            out += left + " " + std::string(cmd.help) + "\n";
        }
    };
    if (!c) {
        out += "usage: claw-port [global options] <command> [arguments]\n\n"
               "The claw-code port's command-line program, built on claw-cpp.\n\ncommands:\n";
        command_lines(program.commands);
        out += "\nglobal options:\n";
        option_lines(program.global_options);
        out += "  -h, --help                 show this help, or a command's help after its name\n";
        return out;
    }
    const std::string name = group ? std::string(group->name) + " " + std::string(c->name) : std::string(c->name);
    out += "usage: claw-port " + name;
    if (!c->subcommands.empty()) out += " <command> [arguments]";
    // Appended piece by piece: `"literal" + std::string(...)` trips GCC 12's -Wrestrict at -O3.
    for (const auto& o : c->options) {
        out += " [";
        out += o.name;
        if (o.kind != arg_kind::flag) out += " VALUE";
        out += ']';
    }
    for (const auto p : c->positionals) {
        out += ' ';
        out += p;
    }
    out += "\n\n";
    out += c->help;
    out += '\n';
    if (!c->details.empty()) {
        out += '\n';
        out += c->details;
        out += '\n';
    }
    if (!c->subcommands.empty()) {
        out += "\ncommands (claw-port " + name + " <command> --help describes each):\n";
        command_lines(c->subcommands);
    }
    if (!c->options.empty()) {
        out += "\noptions:\n";
        option_lines(c->options);
    }
    out += "\nglobal options:\n";
    option_lines(program.global_options);
    return out;
}

}  // namespace claw_port
