// SPDX-License-Identifier: MIT
// Lexical path normalisation (RULES.md S8.3, S8.5): a path as a tool received it becomes one
// absolute POSIX spelling. Relative paths are joined to a caller-given working directory, a
// leading `~` is replaced by a caller-given home, `.` and empty components disappear, `..`
// removes the previous component (never climbing above `/`), and Windows spellings
// (`C:\a\b`, `\\?\`, `\??\`, UNC shares) are mapped onto POSIX form when asked for. Nothing
// touches the file system; the result goes into a caller-provided `path_buffer`.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/ascii.hpp>
#include <claw/paths/path_buffer.hpp>

#include <cstddef>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace paths {

/** How separators and prefixes of an input path are read. */
enum class path_syntax : unsigned char {
    posix,    ///< only `/` separates; a backslash or `C:` is an ordinary byte of a name
    windows,  ///< `/` and `\` separate; drive letters, `\\?\`, `\??\`, `\\.\` and UNC shares are recognised
};

/** Inputs of `normalize` besides the path. */
struct normalize_options {
    /** Absolute POSIX working directory that relative inputs are joined to (it is normalised too). */
    std::string_view cwd = {};
    /** Absolute POSIX home directory that replaces a leading `~` (when `expand_tilde`). */
    std::string_view home = {};
    path_syntax syntax = path_syntax::posix;
    /** Replace a leading `~` (alone or before a separator) by `home`; `~name` fails with `tilde_user`. */
    bool expand_tilde = true;
    /**
     * Keep `..` components instead of removing the previous component (a `..` right below `/` is
     * still dropped). This is the form `resolve` wants: the kernel applies `..` to the physical
     * directory, after symbolic links, so `link/..` is not always the directory holding `link`.
     */
    bool keep_dot_dot = false;
};

/** What `normalize` reports besides the path. */
struct normalize_result {
    path_status status = path_status::ok;
    /**
     * Windows syntax only: the input was a UNC or device path (`\\server\share\x`,
     * `\\?\UNC\server\share\x`, `\\.\pipe\x`). The path is still normalised (to
     * `/server/share/x`) for deny matching; RULES.md S8.5 makes such a path an `ask` floor.
     */
    bool unc = false;
    /** Windows syntax only: a drive letter, a `\\?\`-style prefix or a backslash was converted. */
    bool windows_form = false;
    /** The input ended with a separator, `.` or `..`: it names a directory. */
    bool trailing_slash = false;

    bool ok() const noexcept { return status == path_status::ok; }
};

/**
 * True when `input` reads differently as a Windows path: it holds a backslash, or starts with a
 * drive letter followed by a separator or the end (`C:`, `c:/x`). `C:name` (relative to drive C's
 * own working directory) is not counted: POSIX reads it as a file name, and so does this module.
 */
constexpr bool has_windows_form(std::string_view input) noexcept {
    if (input.find('\\') != std::string_view::npos) return true;
    return input.size() >= 2 && is_ascii_alpha(input[0]) && input[1] == ':' && (input.size() == 2 || input[2] == '/');
}

namespace detail {

/** Appends components to an absolute path being built in a `path_buffer`. */
class component_writer {
public:
    component_writer(path_buffer& out, bool keep_dot_dot) noexcept : out_(out), keep_(keep_dot_dot) {
        out_.assign("/");
    }

    /** Applies one component; false when the path no longer fits. */
    bool push(std::string_view c) noexcept {
        if (c.empty() || c == ".") return true;
        if (c == "..") {
            if (out_.size() == 1) return true;  // never above the root
            if (!keep_) {
                pop();
                return true;
            }
        }
        const std::size_t before = out_.size();
        if ((before > 1 && !out_.push_back('/')) || !out_.append(c)) {
            out_.truncate(before);
            return false;
        }
        return true;
    }

    /** Splits `s` at separators (`/`, and `\` when `backslash`) and pushes every component. */
    bool feed(std::string_view s, bool backslash) noexcept {
        for (std::size_t start = 0;;) {
            std::size_t i = start;
            if (backslash) {
                while (i < s.size() && s[i] != '/' && s[i] != '\\') ++i;
            } else {
                i = s.find('/', start);
                if (i == std::string_view::npos) i = s.size();
            }
            if (!push(s.substr(start, i - start))) return false;
            if (i == s.size()) return true;
            start = i + 1;
        }
    }

private:
    void pop() noexcept {
        const std::string_view v = out_.view();
        const std::size_t slash = v.rfind('/');
        out_.truncate(slash == 0 ? 1 : slash);
    }

    path_buffer& out_;
    bool keep_;
};

constexpr bool is_sep(char c, bool backslash) noexcept { return c == '/' || (backslash && c == '\\'); }

constexpr bool is_absolute_posix(std::string_view p) noexcept { return !p.empty() && p[0] == '/'; }

/** The last component of `s` (after the last separator), used for the directory flag. */
constexpr bool names_directory(std::string_view s, bool backslash) noexcept {
    if (s.empty()) return false;
    if (is_sep(s.back(), backslash)) return true;
    std::size_t i = s.size();
    while (i > 0 && !is_sep(s[i - 1], backslash)) --i;
    const std::string_view last = s.substr(i);
    return last == "." || last == "..";
}

}  // namespace detail

/**
 * Normalises `input` into `out` (see the file comment).
 *
 * Contract: on `ok`, `out` holds an absolute path that starts with `/`, has no empty, `.` (and,
 * unless `keep_dot_dot`, no `..`) components and no trailing `/` (except the root itself), and
 * normalising it again returns it unchanged. On any other status `out` holds nothing usable and
 * the caller must treat the path as unknown. Never allocates, never throws, O(input + cwd).
 *
 * - `empty`: `input` is empty. `embedded_nul`: it holds a NUL byte. `no_cwd`: it is relative and
 *   `cwd` is not absolute. `no_home` / `tilde_user`: see `normalize_options`. `too_long`: the
 *   result needs more than `path_max - 1` bytes (nothing is truncated).
 * - Windows syntax: `\\?\` and `\\.\` (with either separator) and `\??\` are stripped; a drive
 *   `X:` + separator becomes `/x` (lowercase letter); `\\?\UNC\server\share` and
 *   `\\server\share` become `/server/share` with `unc` set; a device path other than a drive
 *   (`\\.\pipe\x`, `\\?\Volume{..}\x`) sets `unc` too; a rooted path without a drive (`\a`) is
 *   `/a`.
 * - Bytes are bytes: invalid UTF-8 is kept as is and never folded.
 */
[[nodiscard]] inline normalize_result normalize(std::string_view input, const normalize_options& opt, path_buffer& out) noexcept {
    normalize_result r;
    out.clear();
    if (input.empty()) {
        r.status = path_status::empty;
        return r;
    }
    if (input.find('\0') != std::string_view::npos) {
        r.status = path_status::embedded_nul;
        return r;
    }
    const bool win = opt.syntax == path_syntax::windows;
    r.trailing_slash = detail::names_directory(input, win);
    detail::component_writer w(out, opt.keep_dot_dot);
    std::string_view rest = input;
    bool absolute = false;
    const auto fail = [&](path_status s) {
        r.status = s;
        out.clear();
        return r;
    };

    if (win) {
        const auto sep = [](char c) { return c == '/' || c == '\\'; };
        // \\?\ and \\.\ (Win32 file and device namespaces, either separator), \??\ (the NT object
        // namespace: backslashes only, so that "/??/x", which normalising can produce, stays a path)
        if (rest.size() >= 4 && ((sep(rest[0]) && sep(rest[1]) && (rest[2] == '?' || rest[2] == '.') && sep(rest[3])) ||
                                 rest.substr(0, 4) == "\\??\\")) {
            r.windows_form = true;
            rest.remove_prefix(4);
            if (rest.size() >= 3 && iequal(rest.substr(0, 3), "UNC") && (rest.size() == 3 || sep(rest[3]))) {
                r.unc = true;
                rest.remove_prefix(3);
            } else if (!(rest.size() >= 2 && is_ascii_alpha(rest[0]) && rest[1] == ':' &&
                         (rest.size() == 2 || sep(rest[2])))) {
                r.unc = true;  // a device or volume path, not a drive
            }
            absolute = true;
        } else if (rest.size() >= 2 && sep(rest[0]) && sep(rest[1])) {
            r.windows_form = true;
            r.unc = true;
            absolute = true;
        }
        if (!r.unc && rest.size() >= 2 && is_ascii_alpha(rest[0]) && rest[1] == ':' &&
            (rest.size() == 2 || sep(rest[2]))) {
            r.windows_form = true;
            const char drive[1] = {ascii_lower(rest[0])};
            if (!w.push(std::string_view(drive, 1))) return fail(path_status::too_long);
            rest.remove_prefix(2);
            absolute = true;
        }
        if (rest.find('\\') != std::string_view::npos) r.windows_form = true;
    }

    if (!absolute && opt.expand_tilde && !rest.empty() && rest[0] == '~') {
        std::size_t end = 1;
        while (end < rest.size() && !detail::is_sep(rest[end], win)) ++end;
        if (end != 1) return fail(path_status::tilde_user);
        if (!detail::is_absolute_posix(opt.home)) return fail(path_status::no_home);
        if (!w.feed(opt.home, false)) return fail(path_status::too_long);
        rest.remove_prefix(1);
        absolute = true;
    }
    if (!absolute) {
        if (!rest.empty() && detail::is_sep(rest[0], win)) {
            absolute = true;
        } else {
            if (!detail::is_absolute_posix(opt.cwd)) return fail(path_status::no_cwd);
            if (!w.feed(opt.cwd, false)) return fail(path_status::too_long);
        }
    }
    if (!w.feed(rest, win)) return fail(path_status::too_long);
    return r;
}

/**
 * Joins `input` to an absolute `cwd` and normalises (POSIX syntax, `~` not expanded): the
 * common case in one call. Same contract as `normalize`.
 */
[[nodiscard]] inline normalize_result normalize(std::string_view input, std::string_view cwd, path_buffer& out) noexcept {
    normalize_options o;
    o.cwd = cwd;
    o.expand_tilde = false;
    return normalize(input, o, out);
}

/**
 * True when `p` is already in the form `normalize` produces: absolute, no empty, `.` or `..`
 * components, no trailing `/` unless `p` is `/`. O(n).
 */
constexpr bool is_normalized(std::string_view p) noexcept {
    if (p.empty() || p[0] != '/') return false;
    if (p.size() == 1) return true;
    if (p.back() == '/') return false;
    std::size_t start = 1;
    for (std::size_t i = 1; i <= p.size(); ++i) {
        if (i == p.size() || p[i] == '/') {
            const std::string_view c = p.substr(start, i - start);
            if (c.empty() || c == "." || c == "..") return false;
            start = i + 1;
        }
    }
    return true;
}

}  // namespace paths
CLAW_END_NAMESPACE
