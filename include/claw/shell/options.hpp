// SPDX-License-Identifier: MIT
// Options of the shell analysis: which variables are "safe" to assign before a command that an
// allow rule covers (RULES.md S6.6). The default list is the spec's; names ending in `*` are
// prefixes (`LC_*`). Variables that change what or how a program runs are never safe, whatever
// the list says.
#pragma once

#include <array>
#include <claw/config.hpp>
#include <claw/shell/detail/names.hpp>
#include <span>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {

/** The default safe-assignment list of S6.6. */
inline constexpr std::array<std::string_view, 15> default_safe_assignments{
    "LANG", "LC_*", "LANGUAGE", "TZ", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "CI",
    "NODE_ENV", "RUST_BACKTRACE", "RUST_LOG", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE"};

/** Names that are never safe (S6.6), even if a configured list names them; `*` marks a prefix. */
inline constexpr std::array<std::string_view, 23> never_safe_assignments{
    "PATH",           "LD_*",           "DYLD_*",    "BASH_ENV", "ENV",          "IFS",          "PS4",
    "PROMPT_COMMAND", "PAGER",          "GIT_*",     "EDITOR",   "VISUAL",       "NODE_OPTIONS", "PYTHONPATH",
    "PERL5OPT",       "RUBYOPT",        "SHELLOPTS", "BASHOPTS", "BASH_ALIASES", "BASH_CMDS",    "CDPATH",
    "HOME",           "XDG_CONFIG_HOME"};

/** Options of `analyze`. The span must outlive the calls that use it. */
struct analysis_options {
    /** Variables whose assignment an allow rule may look past (S6.6). */
    std::span<const std::string_view> safe_assignments = default_safe_assignments;
};

namespace detail {
constexpr bool name_in_list(std::string_view name, std::span<const std::string_view> list) noexcept {
    // (the first bytes are compared first: most entries differ there)
    for (const std::string_view e : list) {
        if (!e.empty() && e.back() == '*') {
            const std::size_t n = e.size() - 1;
            if (name.size() >= n && (n == 0 || name[0] == e[0]) && same_text({name.data(), n}, {e.data(), n}))
                return true;
        } else if (e.size() == name.size() && (e.empty() || e[0] == name[0]) && same_text(name, e)) {
            return true;
        }
    }
    return false;
}
}  // namespace detail

/** True when assigning `name` before an allowed command is harmless under `options` (S6.6). */
constexpr bool is_safe_assignment(std::string_view name, const analysis_options& options = {}) noexcept {
    return detail::name_in_list(name, options.safe_assignments) && !detail::name_in_list(name, never_safe_assignments);
}

}  // namespace shell
CLAW_END_NAMESPACE
