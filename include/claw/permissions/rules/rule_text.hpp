// SPDX-License-Identifier: MIT
// The text of one permission rule (RULES.md S3): `Tool`, `Tool(specifier)`, with `\(`, `\)`,
// `\\` and `\*` escapes inside the specifier, and the forms that mean the bare tool (`Tool()`,
// `Tool(*)`). This only splits a rule into its tool pattern and specifier; what the specifier
// means depends on the tool and is compiled elsewhere.
#pragma once

#include <claw/config.hpp>

#include <string>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** A rule split into its parts. */
struct rule_text {
    std::string_view tool;       ///< the tool name or tool glob, as written (trimmed)
    std::string_view specifier;  ///< raw text between the parentheses, escapes kept
    bool has_specifier = false;  ///< false for `Tool`, `Tool()` and `Tool(*)`: the bare tool
    bool tool_glob = false;      ///< the tool pattern holds `*`
};

namespace detail {
constexpr bool is_rule_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::string_view trim_rule(std::string_view s) noexcept {
    while (!s.empty() && is_rule_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_rule_space(s.back())) s.remove_suffix(1);
    return s;
}

constexpr bool is_tool_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '*';
}
}  // namespace detail

/**
 * Splits `text` into tool pattern and specifier. Returns an empty string on success, otherwise
 * the cause (for the error that names the file and the rule): an empty rule, a tool name with
 * characters other than `A-Z a-z 0-9 _ - . *`, a `(` without the final `)`, text after the `)`,
 * or a specifier ending in a lone backslash.
 */
inline std::string split_rule(std::string_view text, rule_text& out) {
    out = {};
    const std::string_view t = detail::trim_rule(text);
    if (t.empty()) return "the rule is empty";
    const std::size_t open = t.find('(');
    const std::string_view tool = detail::trim_rule(t.substr(0, open));
    if (tool.empty()) return "the rule has no tool name";
    for (const char c : tool)
        if (!detail::is_tool_char(c))
            return "the tool name may only hold letters, digits, '_', '-', '.' and '*'";
    out.tool = tool;
    out.tool_glob = tool.find('*') != std::string_view::npos;
    if (open == std::string_view::npos) return {};
    if (t.back() != ')') return "a '(' must be closed by a ')' at the end of the rule";
    std::string_view spec = t.substr(open + 1, t.size() - open - 2);
    // A backslash escapes the next character; the last one must not be a lone backslash (it
    // would escape the closing parenthesis).
    std::size_t backslashes = 0;
    for (std::size_t i = spec.size(); i > 0 && spec[i - 1] == '\\'; --i) ++backslashes;
    if (backslashes % 2 == 1) return "the specifier ends with a lone '\\' (write '\\\\' for a backslash)";
    const std::string_view trimmed = detail::trim_rule(spec);
    out.specifier = spec;
    out.has_specifier = !(trimmed.empty() || trimmed == "*");
    return {};
}

/** The specifier with the four rule escapes (`\(` `\)` `\\` `\*`) removed: for exact-match specifiers. */
inline std::string unescape_specifier(std::string_view spec) {
    std::string out;
    out.reserve(spec.size());
    for (std::size_t i = 0; i < spec.size(); ++i) {
        if (spec[i] == '\\' && i + 1 < spec.size() &&
            (spec[i + 1] == '(' || spec[i + 1] == ')' || spec[i + 1] == '\\' || spec[i + 1] == '*')) {
            out += spec[++i];
        } else {
            out += spec[i];
        }
    }
    return out;
}

}  // namespace rules
CLAW_END_NAMESPACE
