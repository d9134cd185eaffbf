// SPDX-License-Identifier: MIT
// Paths a shell only knows partly before it runs (RULES.md S8.3, S8.7, S6.3): a word with
// unquoted wildcards or brace expansions (`secrets/*`, `.en?`, `.{env,x}`) is split into the
// literal folder it expands in and the wildcard names below it, so that deny and ask rules can be
// tested against every path it may expand to; and the literal tail of a word behind an expansion
// (`$X/../.env`) is reduced to the names that really end the path. Both are lexical, noexcept and
// allocation-free (fixed buffers of `path_max` bytes).
#pragma once

#include <claw/config.hpp>

#include <claw/paths/detail/shell_glob.hpp>
#include <claw/paths/path_buffer.hpp>

#include <cstddef>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace paths {

/**
 * A shell word with wildcards, split by `split_glob_path`. `dir` is the literal folder before the
 * first name with a wildcard, as written (empty: the working directory; may start with `/` or
 * `~`); `rest` is the names from that one on, joined by `/`, without `.` or empty names, each
 * brace group replaced by `detail::glob_any_text` (`glob_any_dotless` when it holds no `.`); `last` is the last name of the word (with its
 * wildcards; empty when not known). `unbounded` is set when the expansions cannot be confined below
 * `dir`: a `..` name after a wildcard, a wildcard name before the last that may expand to `.` or
 * `..`, a brace group spanning a `/`, a word too long for the buffer. Only `last` is usable then.
 */
struct glob_path {
    std::string_view dir;
    std::string_view rest;
    std::string_view last;
    bool unbounded = false;
    char buffer[path_max];
};

/**
 * Splits `word` (the word's text after quote removal: quoted wildcard characters are taken as
 * wildcards too, which only widens the result) into `out`. A word without any wildcard gives an
 * empty `rest`. noexcept, no allocation, O(|word|).
 */
inline void split_glob_path(std::string_view word, glob_path& out) noexcept {
    out.dir = {};
    out.rest = {};
    out.last = {};
    out.unbounded = false;
    // 1. Brace groups become one "any text" byte; a group holding `/` cannot be split into names.
    char* const b = out.buffer;
    const std::size_t half = path_max / 2;
    std::size_t n = 0;
    std::size_t brace_slash_end = 0;  // the word's names before this offset are not known
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (n + 1 >= half) {
            out.unbounded = true;
            break;
        }
        if (word[i] == '{') {
            std::size_t depth = 1, j = i + 1;
            bool slash = false;
            for (; j < word.size() && depth > 0; ++j) {
                if (word[j] == '{') ++depth;
                else if (word[j] == '}') --depth;
                else if (word[j] == '/') slash = true;
            }
            if (depth == 0) {
                if (slash) {
                    out.unbounded = true;
                    brace_slash_end = n + 1;
                }
                b[n++] = word.substr(i, j - i).find('.') == std::string_view::npos ? detail::glob_any_dotless : detail::glob_any_text;
                i = j - 1;
                continue;
            }
        }
        b[n++] = word[i];
    }
    const std::string_view w(b, n);
    // The last name (of the word as rewritten; empty when a brace with `/` reaches into it).
    {
        std::string_view t = w;
        while (!t.empty() && t.back() == '/') t.remove_suffix(1);
        const std::size_t slash = t.rfind('/');
        const std::size_t start = slash == std::string_view::npos ? 0 : slash + 1;
        if (start >= brace_slash_end && t.substr(start) != "." && t.substr(start) != "..") out.last = t.substr(start);
    }
    if (out.unbounded) return;
    // 2. The first name with a wildcard.
    std::size_t first = std::string_view::npos;
    for (std::size_t i = 0; i < w.size();) {
        std::size_t e = w.find('/', i);
        if (e == std::string_view::npos) e = w.size();
        if (detail::has_shell_wildcard(w.substr(i, e - i))) {
            first = i;
            break;
        }
        i = e + 1;
    }
    if (first == std::string_view::npos) {
        out.dir = word;
        return;
    }
    if (first == 0 && !w.empty() && w[0] == '~') {  // `~*`: not a home-relative path
        out.unbounded = true;
        return;
    }
    std::size_t d = first;
    while (d > 1 && word[d - 1] == '/') --d;
    out.dir = word.substr(0, d);
    // 3. The names from there on, compacted into the second half of the buffer.
    char* const r = b + half;
    std::size_t m = 0;
    for (std::size_t i = first; i < w.size();) {
        std::size_t e = w.find('/', i);
        if (e == std::string_view::npos) e = w.size();
        const std::string_view name = w.substr(i, e - i);
        const bool last = w.find_first_not_of('/', e) == std::string_view::npos;
        i = e + 1;
        if (name.empty() || name == ".") continue;
        if (name == ".." ||
            (!last && detail::has_shell_wildcard(name) && detail::shell_name_may_be_dot(name))) {
            out.unbounded = true;  // `s*/../x`: a match may be a link, `..` leaves the folder
            return;
        }
        if (m != 0) r[m++] = '/';
        for (const char c : name) r[m++] = c;
    }
    out.rest = std::string_view(r, m);
}

/**
 * The names that end a path whose beginning is unknown (`$X/../p/.env` ends with `p/.env`,
 * RULES.md S8.7): `.` and empty names are dropped, and only the names after the last `..` are
 * kept (whatever a `..` climbs from, the kernel then walks those names literally). `climbed` is
 * set when a `..` has no name of the tail to cancel: the path may then lie anywhere. The result
 * is written to `buf` (`cap` bytes) when it has to be rewritten; a tail longer than `cap` gives
 * its last name only. noexcept, no allocation, O(|tail|).
 */
inline std::string_view path_tail_names(std::string_view tail, char* buf, std::size_t cap, bool& climbed) noexcept {
    climbed = false;
    std::size_t kept = 0;  // names kept since the last `..`
    std::size_t from = 0;  // where they start in `tail`
    for (std::size_t i = 0; i <= tail.size();) {
        std::size_t e = tail.find('/', i);
        if (e == std::string_view::npos) e = tail.size();
        const std::string_view name = tail.substr(i, e - i);
        if (name == "..") {
            if (kept == 0) climbed = true;
            kept = 0;
            from = e;
        } else if (!name.empty() && name != ".") {
            ++kept;
        }
        i = e + 1;
    }
    std::size_t n = 0;
    for (std::size_t i = from; i < tail.size();) {
        std::size_t e = tail.find('/', i);
        if (e == std::string_view::npos) e = tail.size();
        const std::string_view name = tail.substr(i, e - i);
        i = e + 1;
        if (name.empty() || name == "." || name == "..") continue;
        if (n + name.size() + 1 > cap) {  // too long: the last name alone
            n = 0;
            std::string_view t = tail;
            while (!t.empty() && (t.back() == '/')) t.remove_suffix(1);
            const std::string_view lastname = t.substr(t.rfind('/') == std::string_view::npos ? 0 : t.rfind('/') + 1);
            if (lastname == "." || lastname == ".." || lastname.size() > cap) return {};
            for (const char c : lastname) buf[n++] = c;
            return std::string_view(buf, n);
        }
        if (n != 0) buf[n++] = '/';
        for (const char c : name) buf[n++] = c;
    }
    return std::string_view(buf, n);
}

}  // namespace paths
CLAW_END_NAMESPACE
