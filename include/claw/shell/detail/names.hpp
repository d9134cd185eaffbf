// SPDX-License-Identifier: MIT
// Small name tables and character helpers of the shell analysis: bash builtins, reserved words,
// shells that take `-c`, environment runners, and ASCII helpers that never depend on the locale.
#pragma once

#include <claw/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {
namespace detail {

constexpr bool is_blank(int c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool is_meta(int c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' ||
           c == '>';
}
constexpr bool is_digit(int c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(int c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_name_start(int c) noexcept { return is_alpha(c) || c == '_'; }
constexpr bool is_name_char(int c) noexcept { return is_name_start(c) || is_digit(c); }
constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_name(std::string_view s) noexcept {
    if (s.empty() || !is_name_start(static_cast<unsigned char>(s[0]))) return false;
    for (const char c : s)
        if (!is_name_char(static_cast<unsigned char>(c))) return false;
    return true;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

constexpr std::string_view basename_of(std::string_view s) noexcept {
    const std::size_t slash = s.rfind('/');
    return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

template <std::size_t N>
constexpr bool in_list(std::string_view s, const std::array<std::string_view, N>& list) noexcept {
    for (const std::string_view e : list)
        if (e == s) return true;
    return false;
}

inline constexpr std::array<std::string_view, 56> bash_builtins{
    ":",       ".",       "[",      "alias",   "bg",     "bind",    "break",  "builtin",  "caller", "cd",
    "command", "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable",
    "eval",    "exec",    "exit",   "export",  "false",  "fc",      "fg",     "getopts",  "hash",   "help",
    "history", "jobs",    "kill",   "let",     "local",  "logout",  "mapfile", "popd",    "printf", "pushd",
    "pwd",     "read",    "readarray", "readonly", "return", "set", "shift",  "shopt",    "source", "suspend",
    "test",    "times",   "trap",   "true",    "type",   "typeset"};
inline constexpr std::array<std::string_view, 4> more_builtins{"ulimit", "umask", "unalias", "unset"};
constexpr bool is_builtin(std::string_view s) noexcept {
    return in_list(s, bash_builtins) || in_list(s, more_builtins) || s == "wait";
}

/** Builtins that may change shell variables: constant propagation forgets everything after them. */
inline constexpr std::array<std::string_view, 17> variable_builtins{
    "declare", "typeset", "local",  "export", "readonly", "read", "mapfile", "readarray", "let",
    "unset",   "getopts", "source", ".",      "set",      "shopt", "wait",   "printf"};

inline constexpr std::array<std::string_view, 9> shells{"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "rbash", "yash"};

inline constexpr std::array<std::string_view, 22> reserved_words{
    "!", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select",
    "then", "until", "while", "{", "}", "time", "[[", "]]"};

template <std::size_t N>
constexpr bool all_filled(const std::array<std::string_view, N>& list) noexcept {
    for (const std::string_view e : list)
        if (e.empty()) return false;
    return true;
}
static_assert(all_filled(bash_builtins) && all_filled(more_builtins) && all_filled(variable_builtins) &&
              all_filled(shells) && all_filled(reserved_words), "a name table has an empty slot");

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE
