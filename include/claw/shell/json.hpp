// SPDX-License-Identifier: MIT
// Renders a shell analysis as one JSON object (for `claw-port check --json` and debugging):
// completeness, commands with their words, flags, nesting and cwd, assignments, redirections and
// working directories. Allocates; not for the permission-check path.
#pragma once

#include <claw/config.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/text/json_string.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {

constexpr std::string_view origin_name(origin o) noexcept {
    switch (o) {
        case origin::top: return "top";
        case origin::command_substitution: return "command_substitution";
        case origin::backtick: return "backtick";
        case origin::process_substitution: return "process_substitution";
        case origin::heredoc: return "heredoc";
        case origin::eval: return "eval";
        case origin::shell_c: return "shell_c";
        case origin::trap: return "trap";
        case origin::wrapper: return "wrapper";
        case origin::env_split: return "env_split";
        case origin::find_exec: return "find_exec";
        case origin::xargs: return "xargs";
        case origin::watch: return "watch";
        case origin::env_runner: return "env_runner";
        case origin::candidate: return "candidate";
        case origin::data: return "data";
        case origin::loop_value: return "loop_value";
    }
    return "unknown";
}

constexpr std::string_view redirect_kind_name(redirect_kind k) noexcept {
    switch (k) {
        case redirect_kind::read: return "read";
        case redirect_kind::write: return "write";
        case redirect_kind::append: return "append";
        case redirect_kind::read_write: return "read_write";
        case redirect_kind::duplicate: return "duplicate";
        case redirect_kind::heredoc: return "heredoc";
        case redirect_kind::herestring: return "herestring";
    }
    return "unknown";
}

namespace detail {
inline void json_word(std::string& out, const word& w) {
    out += "{\"text\":";
    text::append_json_string(out, w.text);
    out += w.literal() ? ",\"literal\":true" : ",\"literal\":false";
    if (w.lit_or_opaque()) out += ",\"lit_or_opaque\":true";
    if (w.opaque()) {
        out += ",\"suffix\":";
        text::append_json_string(out, w.suffix);
    }
    if (w.may_split()) out += ",\"may_split\":true";
    if (w.flags & word_flags::glob) out += ",\"glob\":true";
    if (w.flags & word_flags::tilde) out += ",\"tilde\":true";
    out += '}';
}
inline void json_flag(std::string& out, bool on, std::string_view name, bool& first) {
    if (!on) return;
    if (!first) out += ',';
    first = false;
    text::append_json_string(out, name);
}
}  // namespace detail

/** The analysis as one JSON object (UTF-8; invalid bytes as surrogate escapes). Throws std::bad_alloc. */
inline std::string to_json(const analysis& a) {
    std::string out = "{\"complete\":";
    out += a.complete() ? "true" : "false";
    if (!a.complete()) {
        out += ",\"reason\":";
        text::append_json_string(out, describe(a.reason()));
        out += ",\"stop_offset\":" + std::to_string(a.stop_offset());
    }
    out += ",\"commands\":[";
    bool first_cmd = true;
    for (const command& c : a.commands()) {
        if (!first_cmd) out += ',';
        first_cmd = false;
        out += "{\"ordinal\":" + std::to_string(c.ordinal) + ",\"name\":";
        text::append_json_string(out, c.unresolvable() ? std::string_view{} : c.name);
        out += ",\"argv\":[";
        bool first = true;
        for (const word& w : a.argv(c)) {
            if (!first) out += ',';
            first = false;
            detail::json_word(out, w);
        }
        out += "],\"via\":";
        text::append_json_string(out, origin_name(c.via));
        out += ",\"parent\":" + std::to_string(c.parent) + ",\"depth\":" + std::to_string(c.depth) +
               ",\"cwd\":" + std::to_string(c.cwd) + ",\"range\":[" + std::to_string(c.begin) + "," +
               std::to_string(c.end) + "],\"flags\":[";
        first = true;
        detail::json_flag(out, c.has(command_flags::deny_only), "deny_only", first);
        detail::json_flag(out, c.has(command_flags::unresolvable), "unresolvable", first);
        detail::json_flag(out, c.has(command_flags::wrapper), "wrapper", first);
        detail::json_flag(out, c.has(command_flags::transparent), "transparent", first);
        detail::json_flag(out, c.has(command_flags::unknown_option), "unknown_option", first);
        detail::json_flag(out, c.has(command_flags::unsafe_prefix), "unsafe_prefix", first);
        detail::json_flag(out, c.has(command_flags::after_unsafe), "after_unsafe", first);
        detail::json_flag(out, c.has(command_flags::nested), "nested", first);
        detail::json_flag(out, c.has(command_flags::runs_script), "runs_script", first);
        detail::json_flag(out, c.has(command_flags::builtin), "builtin", first);
        detail::json_flag(out, c.has(command_flags::function_call), "function_call", first);
        detail::json_flag(out, c.has(command_flags::in_function), "in_function", first);
        detail::json_flag(out, c.has(command_flags::host_path), "host_path", first);
        detail::json_flag(out, c.has(command_flags::stdin_script), "stdin_script", first);
        out += "],\"assignments\":[";
        first = true;
        for (const assignment& as : a.assignments(c)) {
            if (!first) out += ',';
            first = false;
            out += "{\"name\":";
            text::append_json_string(out, as.name);
            out += ",\"value\":";
            detail::json_word(out, a.words()[as.value]);
            out += as.safe ? ",\"safe\":true}" : ",\"safe\":false}";
        }
        out += "]}";
    }
    out += "],\"bare_assignments\":[";
    bool first = true;
    for (const assignment& as : a.assignments()) {
        if (as.command >= 0) continue;
        if (!first) out += ',';
        first = false;
        out += "{\"name\":";
        text::append_json_string(out, as.name);
        out += ",\"value\":";
        detail::json_word(out, a.words()[as.value]);
        out += as.safe ? ",\"safe\":true}" : ",\"safe\":false}";
    }
    out += "],\"redirects\":[";
    first = true;
    for (const redirect& r : a.redirects()) {
        if (!first) out += ',';
        first = false;
        out += "{\"command\":" + std::to_string(r.command) + ",\"kind\":";
        text::append_json_string(out, redirect_kind_name(r.kind));
        out += ",\"fd\":" + std::to_string(r.fd);
        if (r.target >= 0) {
            out += ",\"target\":";
            detail::json_word(out, a.words()[static_cast<std::size_t>(r.target)]);
        }
        if (r.flags & redirect_flags::network) out += ",\"network\":true";
        if (r.flags & redirect_flags::sink) out += ",\"sink\":true";
        out += '}';
    }
    out += "],\"cwds\":[";
    first = true;
    for (const working_directory& d : a.cwds()) {
        if (!first) out += ',';
        first = false;
        out += "{\"dir\":";
        text::append_json_string(out, d.dir);
        out += ",\"parent\":" + std::to_string(d.parent);
        out += d.known ? ",\"known\":true" : ",\"known\":false";
        out += d.may_fail ? ",\"may_fail\":true}" : ",\"may_fail\":false}";
    }
    out += "]}";
    return out;
}

}  // namespace shell
CLAW_END_NAMESPACE
