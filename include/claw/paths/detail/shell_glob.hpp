// SPDX-License-Identifier: MIT
// Matching one name written as a shell glob (`*`, `?`, `[...]`, as bash expands an unquoted word)
// against one concrete name, for the deny side of path rules (RULES.md S8.3, S8.7): "may this
// glob expand to that name?". Byte `\x01` stands for a brace expansion already reduced to "any
// text" (it matches a leading dot too; `\x02` the same for a group without a dot). Over-approximating on purpose: character classes match any
// character and `?` takes one UTF-8 sequence. noexcept, no allocation.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/ascii.hpp>

#include <cstddef>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace paths {
namespace detail {

/** Byte that stands for "any text" (a brace expansion) in a glob name. */
inline constexpr char glob_any_text = '\x01';
/** The same for a brace expansion without a `.` in it (it can never spell `.` or `..` alone). */
inline constexpr char glob_any_dotless = '\x02';

/** True when `name` holds a shell wildcard (or the brace marker). */
constexpr bool has_shell_wildcard(std::string_view name) noexcept {
    for (const char c : name)
        if (c == '*' || c == '?' || c == '[' || c == glob_any_text || c == glob_any_dotless) return true;
    return false;
}

/** Bytes of the UTF-8 sequence starting at `s[i]` (1 for ASCII or a stray byte). */
constexpr std::size_t shell_cp_length(std::string_view s, std::size_t i) noexcept {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (i + n > s.size()) n = 1;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
    return n;
}

/**
 * The end of the bracket expression opening at `g[open]` (index after its `]`), or `open` when it
 * is not one (bash then takes `[` literally).
 */
constexpr std::size_t shell_bracket_end(std::string_view g, std::size_t open) noexcept {
    std::size_t i = open + 1;
    if (i < g.size() && (g[i] == '!' || g[i] == '^')) ++i;
    if (i < g.size() && g[i] == ']') ++i;
    for (; i < g.size(); ++i) {
        if (g[i] == '[' && i + 1 < g.size() && (g[i + 1] == ':' || g[i + 1] == '=' || g[i + 1] == '.')) {
            const char kind = g[i + 1];
            std::size_t j = i + 2;
            while (j + 1 < g.size() && !(g[j] == kind && g[j + 1] == ']')) ++j;
            if (j + 1 >= g.size()) return open;
            i = j + 1;
            continue;
        }
        if (g[i] == ']') return i + 1;
    }
    return open;
}

/** Does the bracket expression `g[open, end)` admit the character `c` (one code point)? */
constexpr bool shell_bracket_admits(std::string_view g, std::size_t open, std::size_t end, std::string_view c,
                                    bool fold) noexcept {
    std::size_t i = open + 1;
    bool negated = false;
    if (g[i] == '!' || g[i] == '^') {
        negated = true;
        ++i;
    }
    const std::size_t last = end - 1;  // the closing ']'
    bool hit = false;
    while (i < last) {
        if (g[i] == '[' && i + 1 < last && (g[i + 1] == ':' || g[i + 1] == '=' || g[i + 1] == '.')) {
            // A class, equivalence class or collating symbol: assume it admits anything (and,
            // negated, that it may exclude anything): the answer is "may match".
            return true;
        }
        const std::size_t n = shell_cp_length(g, i);
        const std::string_view lo = g.substr(i, n);
        i += n;
        if (i + 1 < last && g[i] == '-') {
            const std::size_t m = shell_cp_length(g, i + 1);
            const std::string_view hi = g.substr(i + 1, m);
            i += 1 + m;
            if (lo.size() != 1 || hi.size() != 1 || c.size() != 1) return true;  // non-ASCII range: may match
            const auto l = static_cast<unsigned char>(lo[0]), h = static_cast<unsigned char>(hi[0]);
            const auto x = static_cast<unsigned char>(c[0]);
            if (x >= l && x <= h) hit = true;
            if (fold) {
                const auto lower = static_cast<unsigned char>(ascii_lower(c[0]));
                const auto upper = static_cast<unsigned char>(ascii_upper(c[0]));
                if ((lower >= l && lower <= h) || (upper >= l && upper <= h)) hit = true;
            }
        } else if (lo.size() == c.size() && equal(lo, c, fold)) {
            hit = true;
        }
    }
    return hit != negated;
}

/**
 * May the glob name `g` expand to `name`? `*` any run, `?` one character, `[...]` one character
 * of a set, `\x01` any run (also a leading dot). With `dot_rule` (bash without `dotglob`), a
 * leading `.` of `name` is matched only by a literal `.` or `\x01`. ASCII case folded with
 * `fold`. O(|g| x |name|) at worst.
 */
constexpr bool shell_name_match(std::string_view g, std::string_view name, bool fold, bool dot_rule) noexcept {
    std::size_t gi = 0, ni = 0;
    std::size_t star_g = std::string_view::npos, star_n = 0;
    while (ni < name.size()) {
        const bool leading_dot = dot_rule && ni == 0 && name[0] == '.';
        if (gi < g.size()) {
            const char c = g[gi];
            if ((c == '*' && !leading_dot) || c == glob_any_text || c == glob_any_dotless) {
                star_g = gi++;
                star_n = ni;
                continue;
            }
            if (c == '?' && !leading_dot) {
                ni += shell_cp_length(name, ni);
                ++gi;
                continue;
            }
            if (c == '[' && !leading_dot) {
                const std::size_t end = shell_bracket_end(g, gi);
                if (end != gi) {
                    const std::size_t n = shell_cp_length(name, ni);
                    if (shell_bracket_admits(g, gi, end, name.substr(ni, n), fold)) {
                        ni += n;
                        gi = end;
                        continue;
                    }
                } else if (name[ni] == '[') {
                    ++gi;
                    ++ni;
                    continue;
                }
            } else if (c != '*' && c != '?' && c != '[' && chars_equal(c, name[ni], fold)) {
                ++gi;
                ++ni;
                continue;
            }
        }
        if (star_g == std::string_view::npos) return false;
        gi = star_g + 1;
        ni = ++star_n;
    }
    while (gi < g.size() && (g[gi] == '*' || g[gi] == glob_any_text || g[gi] == glob_any_dotless)) ++gi;
    return gi == g.size();
}

}  // namespace detail
}  // namespace paths
CLAW_END_NAMESPACE

CLAW_BEGIN_NAMESPACE
namespace paths {
namespace detail {

/** May the glob name `g` expand to `.` or `..` (bash without `dotglob`; `\x02` then spells nothing)? */
constexpr bool shell_name_may_be_dot(std::string_view g) noexcept {
    char d[256] = {};
    std::size_t n = 0;
    for (const char c : g) {
        if (c == glob_any_dotless) continue;
        if (n == sizeof d) return true;  // too long to tell: may
        d[n++] = c;
    }
    const std::string_view t(d, n);
    return shell_name_match(t, ".", false, true) || shell_name_match(t, "..", false, true);
}

}  // namespace detail
}  // namespace paths
CLAW_END_NAMESPACE
