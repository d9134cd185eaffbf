// SPDX-License-Identifier: MIT
// Path-rule patterns (RULES.md S8.1, S8.2, S8.4): the specifier of a `Read(...)`/`Edit(...)`
// rule compiled once into an anchored, gitignore-style matcher. `//abs` is anchored at `/`,
// `~/x` at the home directory, `/x` at the settings source's directory, `./x` and bare `x` at the
// working directory; anchors are canonicalised (symbolic links resolved) when the pattern is
// compiled. Matching a normalised absolute path is noexcept, allocation-free and linear.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/paths/ascii.hpp>
#include <claw/paths/detail/glob.hpp>
#include <claw/paths/detail/shell_glob.hpp>
#include <claw/paths/normalize.hpp>
#include <claw/paths/path_buffer.hpp>
#include <claw/paths/resolve.hpp>
#include <claw/text/one_line.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace paths {

/**
 * A path pattern (or one of its anchors) could not be compiled. `what()` is
 * "path pattern '<pattern>': <cause>" (control bytes of the pattern shown as `\xNN`); the code
 * is `claw::errc::invalid_argument`.
 */
class path_pattern_error : public error {
public:
    path_pattern_error(std::string pattern, std::string cause)
        : error(make_error_code(errc::invalid_argument), "path pattern '" + shown(pattern) + "': " + cause),
          pattern_(std::move(pattern)),
          cause_(std::move(cause)) {}

    /** An anchor of an `anchor_context` was refused: `what()` is "path pattern anchor: <cause>", `pattern()` empty. */
    static path_pattern_error anchor(std::string cause) { return path_pattern_error(std::move(cause)); }
    /** The pattern as written. */
    const std::string& pattern() const noexcept { return pattern_; }
    /** Why it was refused. */
    const std::string& cause() const noexcept { return cause_; }

    /** `s` with control bytes (NUL, newline, ...) written as `\xNN`, so a message stays one readable line. */
    static std::string shown(std::string_view s) { return text::one_line(s, text::control_style::hex_escape); }

private:
    explicit path_pattern_error(std::string cause)
        : error(make_error_code(errc::invalid_argument), "path pattern anchor: " + shown(cause)), cause_(std::move(cause)) {}

    std::string pattern_, cause_;
};

/** Which list a pattern belongs to; it changes how broadly some patterns reach (S8.2). */
enum class pattern_role : unsigned char {
    allow,  ///< single-segment directory patterns (`src/**`, `src/`) stay at the working directory
    deny,   ///< deny and ask: those patterns match at any depth; literal paths are canonicalised too
};

/** The directories patterns are anchored at; each must be absolute when a pattern needs it. */
struct pattern_anchors {
    std::string_view cwd = {};           ///< for `./x` and bare `x`
    std::string_view home = {};          ///< for `~/x`
    std::string_view settings_dir = {};  ///< for `/x` (the directory of the settings source, S8.1)
};

/**
 * The anchors of `pattern_anchors`, normalised and (by default) canonicalised once, so that many
 * patterns can be compiled against them without resolving them again. Canonicalisation follows
 * `resolve` (the longest existing prefix resolved, the rest appended); it is what the
 * Clarifications of RULES.md ask for ("roots and rule anchors are canonicalised").
 */
class anchor_context {
public:
    /**
     * Throws `path_pattern_error::anchor(...)` (the cause names the anchor) when a non-empty
     * anchor is not absolute, holds a NUL byte, is too long, or cannot be resolved (loop, too many
     * links). Empty anchors are allowed: a pattern needing one then fails to compile.
     * Complexity: with `canonicalize`, one `resolve` of each anchor (one `fstatat` per component,
     * one `readlinkat` per link); otherwise O(total length of the anchors) and no system call.
     */
    explicit anchor_context(const pattern_anchors& a, bool canonicalize = true) : canonicalize_(canonicalize) {
        std::unique_ptr<resolution> res = canonicalize ? std::make_unique<resolution>() : nullptr;
        set(anchor::cwd, "working directory", a.cwd, res.get());
        set(anchor::home, "home directory", a.home, res.get());
        set(anchor::settings, "settings directory", a.settings_dir, res.get());
        set(anchor::root, "root", "/", res.get());
    }
    anchor_context() : anchor_context(pattern_anchors{}) {}

    /** Which anchor. */
    enum class anchor : unsigned char { root, home, settings, cwd };

    /** The normalised anchor as given (empty when not given). */
    std::string_view lexical(anchor k) const noexcept { return lexical_[static_cast<int>(k)]; }
    /** The canonical anchor (the lexical one when canonicalisation is off). */
    std::string_view canonical(anchor k) const noexcept { return canonical_[static_cast<int>(k)]; }
    /** Whether anchors (and, for deny patterns, literal pattern paths) are canonicalised. */
    bool canonicalizes() const noexcept { return canonicalize_; }

private:
    void set(anchor k, const char* what, std::string_view dir, resolution* res) {
        if (dir.empty()) return;
        if (dir[0] != '/') throw path_pattern_error::anchor(std::string(what) + " '" + std::string(dir) + "' is not absolute");
        auto buf = std::make_unique<path_buffer>();
        normalize_options o;
        o.expand_tilde = false;
        o.keep_dot_dot = canonicalize_;
        const normalize_result nr = normalize(dir, o, *buf);
        if (!nr.ok())
            throw path_pattern_error::anchor(std::string(what) + " '" + std::string(dir) + "': " + std::string(to_string(nr.status)));
        o.keep_dot_dot = false;
        path_buffer lex;
        const normalize_result lexical = normalize(dir, o, lex);
        if (!lexical.ok())
            throw path_pattern_error::anchor(std::string(what) + " '" + std::string(dir) + "': " +
                                             std::string(to_string(lexical.status)));
        lexical_[static_cast<int>(k)] = std::string(lex.view());
        if (!res) {
            canonical_[static_cast<int>(k)] = lexical_[static_cast<int>(k)];
            return;
        }
        const path_status st = resolve(buf->view(), *res);
        if (st != path_status::ok)
            throw path_pattern_error::anchor(std::string(what) + " '" + std::string(dir) + "' cannot be resolved: " +
                                             std::string(to_string(st)));
        canonical_[static_cast<int>(k)] = std::string(res->path());
    }

    bool canonicalize_ = true;
    std::string lexical_[4], canonical_[4];
};

/** Options of `compile_pattern`. */
struct pattern_options {
    pattern_role role = pattern_role::deny;
};

namespace detail {
class pattern_compiler;
}  // namespace detail

/**
 * One compiled path pattern.
 *
 * Syntax (RULES.md S8.1 and gitignore): the specifier starts with its anchor, `//` (the root),
 * `~/` (home), `/` (settings directory), `./` (working directory) or nothing (working directory).
 * The rest is split at `/` into names:
 * - `*` matches any run of bytes within one name (also a leading `.`), `?` one code point (or one
 *   byte of invalid UTF-8), `[...]` one code point from a set: ranges `a-z`, negation `[!..]` or
 *   `[^..]`, a leading `]` is a member, classes `[:alpha:]` `[:digit:]` `[:alnum:]` `[:upper:]`
 *   `[:lower:]` `[:space:]` `[:blank:]` `[:punct:]` `[:xdigit:]` `[:cntrl:]` `[:graph:]`
 *   `[:print:]` (ASCII); `\c` is the literal `c` everywhere.
 * - `**` as a whole name matches zero or more names; as the last name (`a/` + `**`) it matches
 *   everything below (one or more names), not the directory itself; elsewhere `**` is `*`.
 * - A trailing `/` means a directory: the name itself and everything below it (whether the name
 *   is really a directory is not checked: matching is lexical).
 * - A bare pattern without `/` (other than a trailing one) matches that name at any depth below
 *   the working directory, as in gitignore; with a `/` it is anchored. `./x` is anchored.
 * - Single-segment directory patterns, bare `name/` + `**` and `name/`: anchored at the working
 *   directory for `allow`, at any depth below it for `deny` (S8.2).
 * - Nothing above the anchor ever matches: `.` and `..` names are refused, and a match is always
 *   below (or at) an anchor, at a component boundary (`/proj` never matches `/proj-evil`).
 *
 * Anchors: a pattern matches below the anchor as given (normalised) and below the canonical
 * anchor. For `deny`, a pattern that starts with literal names has those names canonicalised
 * with the anchor (`//etc/shadow` also matches the file a symbolic link `/etc/shadow` points
 * to); for `allow` only the anchor is, so a link inside an allowed tree never widens it.
 *
 * An anchor with nothing after it (`//`, `~/`, `/`, `./`) matches the anchor and everything below.
 *
 * Refused, with `path_pattern_error` naming the pattern and the cause: an empty pattern, `~`
 * alone, `~name`, a leading `!` (negation does not exist in permission
 * rules: write `\!`), `.`/`..` names, an unterminated or reversed bracket expression, an unknown
 * class, `/` inside brackets, a trailing lone `\`, a NUL byte, a missing or non-absolute anchor.
 * Bytes are compared as bytes (no Unicode normalisation); invalid UTF-8 is kept as is.
 */
class path_pattern {
public:
    /** An empty pattern: matches nothing (a placeholder; compile real ones with `compile`). */
    path_pattern() = default;

    /** The specifier as written. */
    std::string_view text() const noexcept { return text_; }
    pattern_role role() const noexcept { return role_; }
    /** Number of anchor prefixes (1 or 2: as given and canonical). */
    std::size_t prefix_count() const noexcept { return prefix_count_; }
    /** The absolute prefix `i` every match starts with (anchor plus leading literal names). */
    std::string_view prefix(std::size_t i) const noexcept { return i < prefix_count_ ? std::string_view(prefixes_[i]) : std::string_view{}; }
    /** True when the pattern reaches any depth below its anchor. */
    bool any_depth() const noexcept { return any_depth_; }

    /**
     * Does the normalised absolute path `path` (as `normalize` produces it) match? With `fold`,
     * ASCII letters compare case-insensitively on both sides (S8.4): the path matches when some
     * ASCII-case spelling of it matches, so folding only ever adds matches (negated brackets
     * included) and a folded deny check over-approximates the unfolded one. noexcept, no allocation,
     * O(|path| x |pattern|) at worst. A path that is not normalised simply fails to match where
     * its spelling differs; normalise first.
     */
    bool matches(std::string_view path, bool fold = false) const noexcept {
        for (std::size_t i = 0; i < prefix_count_; ++i) {
            std::string_view rest;
            if (strip_prefix(path, prefixes_[i], fold, rest) && detail::segments_match(prog_, rest, fold)) return true;
        }
        return false;
    }

    /**
     * RULES.md S8.7, for a path known only by its literal end (`cat "$D/.env"` ends with `.env`):
     * true when some path ending with the names of `suffix` matches the pattern, whatever comes
     * before them, and either the pattern's last name is literal (no wildcard, no trailing `/`
     * or `**`) or the suffix's first name is one of the pattern's literal names (`$PWD/secrets/key`
     * and `secrets/` + `**`; a suffix `key` alone does not fire it: any unknown path could). A deny or
     * ask rule fires then; otherwise the path is "unknown" for the caller (never allowed, `ask`).
     * `suffix` is one or more names joined by `/` (a leading `/` or `./` is ignored; `.`, `..` or
     * empty names give false). noexcept, no allocation.
     */
    bool matches_suffix(std::string_view suffix, bool fold = false) const noexcept {
        const bool literal_end = ends_with_literal();
        while (suffix.substr(0, 2) == "./") suffix.remove_prefix(2);
        while (!suffix.empty() && suffix.front() == '/') suffix.remove_prefix(1);
        if (suffix.empty()) return false;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= suffix.size(); ++i) {
            if (i == suffix.size() || suffix[i] == '/') {
                const std::string_view n = suffix.substr(start, i - start);
                if (n.empty() || n == "." || n == "..") return false;
                start = i + 1;
            }
        }
        // The suffix starts at some segment: the names before it can always be chosen to match.
        for (std::size_t t = 0; t <= prog_.segments.size(); ++t) {
            if (!literal_end && (t == prog_.segments.size() || prog_.segments[t].kind != detail::segment_kind::literal))
                continue;
            if (detail::segments_match(prog_, suffix, fold, t)) return true;
        }
        // Or it starts inside a prefix: its first names are the prefix's last ones.
        for (std::size_t k = 0; k < prefix_count_; ++k) {
            const std::string_view pre = prefixes_[k];
            for (std::size_t at = 0; at < pre.size(); ++at) {
                if (pre[at] != '/') continue;
                const std::string_view tail = pre.substr(at + 1);  // the prefix's names from here on
                if (tail.empty()) continue;
                if (suffix.size() < tail.size() || !equal(suffix.substr(0, tail.size()), tail, fold)) continue;
                if (suffix.size() == tail.size()) {
                    if (detail::segments_match(prog_, {}, fold)) return true;
                } else if (suffix[tail.size()] == '/' && detail::segments_match(prog_, suffix.substr(tail.size() + 1), fold)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the last name of the pattern is literal (the last segment, or the prefix's last name). */
    bool ends_with_literal() const noexcept {
        if (!prog_.segments.empty()) return prog_.segments.back().kind == detail::segment_kind::literal;
        return prefix_count_ > 0 && prefixes_[0].size() > 1;
    }

    /**
     * For a path written with shell wildcards (`cat secrets/x*`, RULES.md S8.3 with S6.3 globs):
     * may some path the glob expands to match this pattern? `path` is absolute and lexically
     * normalised (no `.` or `..` names); each name may hold `*`, `?`, `[...]` or the brace marker
     * `\x01` (see <claw/paths/detail/shell_glob.hpp>), and a name `**` stands for zero or more
     * names. With `dot_rule`, wildcards do not match a leading dot (bash without `dotglob`).
     * Over-approximates: a wildcard name against a wildcard segment of the pattern always may
     * match, and a path of more than 512 names always may. For deny and ask rules only. noexcept,
     * no allocation; O(names of the pattern x names of the path) name comparisons.
     */
    bool may_match_glob(std::string_view path, bool fold, bool dot_rule) const noexcept {
        if (prefix_count_ == 0) return false;
        std::string_view names[max_glob_names];
        std::size_t n = 0;
        for (std::size_t i = 0; i < path.size();) {
            std::size_t e = path.find('/', i);
            if (e == std::string_view::npos) e = path.size();
            if (e > i) {
                if (n == max_glob_names) return true;
                names[n++] = path.substr(i, e - i);
            }
            i = e + 1;
        }
        for (std::size_t k = 0; k < prefix_count_; ++k)
            if (glob_reach(prefixes_[k], names, n, fold, dot_rule)) return true;
        return false;
    }

    /**
     * RULES.md S8.7 for a path known only by its last name written with shell wildcards
     * (`cat $D/.en?`): true when the pattern's last name is literal and the glob `name` may
     * expand to it (`detail::shell_name_match`). noexcept, no allocation.
     */
    bool last_name_may_match_glob(std::string_view name, bool fold, bool dot_rule) const noexcept {
        if (!ends_with_literal() || name.empty()) return false;
        const auto test = [&](std::string_view literal) {
            return detail::has_shell_wildcard(name) ? detail::shell_name_match(name, literal, fold, dot_rule)
                                                    : equal(name, literal, fold);
        };
        if (!prog_.segments.empty()) {
            const auto& s = prog_.segments.back();
            return test(prog_.bytes(s.offset, s.length));
        }
        for (std::size_t k = 0; k < prefix_count_; ++k) {
            const std::string_view pre = prefixes_[k];
            if (pre.size() > 1 && test(pre.substr(pre.rfind('/') + 1))) return true;
        }
        return false;
    }

    /** Most names `may_match_glob` looks at (beyond: "may match"). */
    static constexpr std::size_t max_glob_names = 512;

    /** How a `pattern_set` indexes this pattern (see pattern_set.hpp). */
    struct index_key {
        enum class kind : unsigned char {
            name,       ///< some path component equals `text` (case folded)
            stem,       ///< some path component starts with `text` (case folded)
            extension,  ///< some path component's text after its last `.` equals `text` (case folded)
            any,        ///< no key: tried for every path
        } what = kind::any;
        std::string text;
    };
    /** The keys to index this pattern under: a path it matches has at least one of them. */
    const std::vector<index_key>& index_keys() const noexcept { return keys_; }

    /**
     * Compiles `spec` (see the class comment). Complexity: O(|spec| + length of the anchor it
     * names). A deny pattern whose context canonicalises also resolves its literal path below the
     * (already canonical) anchor: one `fstatat` per component of that part and one `readlinkat`
     * per link; no other pattern makes a system call.
     * @throws path_pattern_error (`errc::invalid_argument`) naming the pattern and the cause
     *         (syntax, a missing anchor, a path too long, a literal path that cannot be resolved).
     */
    static path_pattern compile(std::string_view spec, const anchor_context& anchors, const pattern_options& opt = {});

private:
    // Which path names (0..n) the pattern's names up to some point can consume: one row per
    // pattern name (the prefix's, then the segments), rolled over; a path name `**` takes any
    // number of pattern names, a globstar segment any number of path names.
    bool glob_reach(std::string_view prefix, const std::string_view* names, std::size_t n, bool fold,
                    bool dot_rule) const noexcept {
        bool cur[max_glob_names + 1] = {};
        bool nxt[max_glob_names + 1];
        bool seen[max_glob_names + 1] = {};
        const auto close_row = [&](bool* row) {
            for (std::size_t j = 0; j <= n; ++j) {
                seen[j] = seen[j] || row[j];
                if (j < n && seen[j] && names[j] == "**") row[j + 1] = true;
            }
        };
        const auto single = [&](auto&& compatible) {
            nxt[0] = false;
            for (std::size_t j = 0; j < n; ++j) nxt[j + 1] = cur[j] && compatible(names[j]);
            close_row(nxt);
            for (std::size_t j = 0; j <= n; ++j) cur[j] = nxt[j];
        };
        const auto literal = [&](std::string_view lit) {
            single([&](std::string_view name) {
                return detail::has_shell_wildcard(name) ? detail::shell_name_match(name, lit, fold, dot_rule)
                                                        : equal(name, lit, fold);
            });
        };
        cur[0] = true;
        close_row(cur);
        for (std::size_t i = 0; i < prefix.size();) {
            std::size_t e = prefix.find('/', i);
            if (e == std::string_view::npos) e = prefix.size();
            if (e > i) literal(prefix.substr(i, e - i));
            i = e + 1;
        }
        for (const auto& s : prog_.segments) {
            if (s.kind == detail::segment_kind::globstar) {
                bool any = false;
                for (std::size_t j = 0; j <= n; ++j) {
                    any = any || cur[j];
                    nxt[j] = any;
                }
                close_row(nxt);
                for (std::size_t j = 0; j <= n; ++j) cur[j] = nxt[j];
            } else if (s.kind == detail::segment_kind::literal) {
                literal(prog_.bytes(s.offset, s.length));
            } else {
                single([&](std::string_view name) {
                    return detail::has_shell_wildcard(name) || detail::segment_matches(prog_, s, name, fold);
                });
            }
        }
        return cur[n];
    }

    static bool strip_prefix(std::string_view path, std::string_view prefix, bool fold, std::string_view& rest) noexcept {
        if (prefix.size() == 1) {  // "/"
            if (path.empty() || path[0] != '/') return false;
            rest = path.substr(1);
            return true;
        }
        if (path.size() < prefix.size() || !equal(path.substr(0, prefix.size()), prefix, fold)) return false;
        if (path.size() == prefix.size()) {
            rest = {};
            return true;
        }
        if (path[prefix.size()] != '/') return false;
        rest = path.substr(prefix.size() + 1);
        return true;
    }

    friend class detail::pattern_compiler;

    std::string text_;
    pattern_role role_ = pattern_role::deny;
    bool any_depth_ = false;
    std::size_t prefix_count_ = 0;
    std::string prefixes_[2];
    detail::glob_program prog_;
    std::vector<index_key> keys_;
};

/**
 * Compiles a pattern: `path_pattern::compile(spec, anchor_context(anchors), opt)`.
 * Complexity: the anchors' resolution (see `anchor_context`), then the compilation.
 * @throws path_pattern_error for a refused anchor or pattern.
 */
inline path_pattern compile_pattern(std::string_view spec, const anchor_context& anchors, const pattern_options& opt = {}) {
    return path_pattern::compile(spec, anchors, opt);
}

namespace detail {

/** The compiler behind `path_pattern::compile`. */
class pattern_compiler {
public:
    pattern_compiler(std::string_view spec, const anchor_context& anchors, const pattern_options& opt)
        : spec_(spec), anchors_(anchors), opt_(opt) {}

    path_pattern run() {
        path_pattern p;
        p.text_ = std::string(spec_);
        p.role_ = opt_.role;
        if (spec_.empty()) fail("empty pattern");
        if (spec_.find('\0') != std::string_view::npos) fail("NUL byte in pattern");
        if (spec_[0] == '!') fail("a leading '!' (negation) is not supported in permission rules; write '\\!' for a literal '!'");

        using A = anchor_context::anchor;
        A anchor = A::cwd;
        std::string_view body = spec_;
        bool explicit_anchor = true;
        if (body.substr(0, 2) == "//") {
            anchor = A::root;
            body.remove_prefix(2);
        } else if (body[0] == '~') {
            if (body.size() == 1) fail("'~' alone names no file: write '~/**' for everything in the home directory");
            if (body[1] != '/') fail("'~name' (another user's home) is not supported");
            anchor = A::home;
            body.remove_prefix(2);
        } else if (body[0] == '/') {
            anchor = A::settings;
            body.remove_prefix(1);
        } else if (body.substr(0, 2) == "./") {
            body.remove_prefix(2);
        } else {
            explicit_anchor = false;
        }
        if (anchors_.lexical(anchor).empty()) {
            static constexpr const char* names[] = {"root", "home directory", "settings directory", "working directory"};
            fail(std::string("the pattern is anchored at the ") + names[static_cast<int>(anchor)] + ", which was not given");
        }

        // Split at unescaped '/' outside brackets; note a trailing '/'.
        std::vector<std::string_view> names;
        bool dir_only = false;
        split(body, names, dir_only);
        for (const auto n : names) {
            if (n == "." || n == "..") fail("'.' and '..' names are not allowed (nothing above the anchor can match)");
        }
        if (names.empty()) dir_only = true;  // "//", "~/", "./", "/": the anchor and everything below

        // Where the body reaches: anchored, or any depth below the anchor (gitignore + S8.2).
        bool any_depth = false;
        if (!explicit_anchor) {
            const bool single_dir = (names.size() == 1 && dir_only) || (names.size() == 2 && names[1] == "**" && !dir_only);
            if (names.size() == 1) any_depth = !(single_dir && opt_.role == pattern_role::allow);
            if (single_dir && names.size() == 2) any_depth = opt_.role == pattern_role::deny;
        }
        p.any_depth_ = any_depth;

        // Leading literal names join the prefix (not for any-depth patterns).
        std::size_t literal_count = 0;
        std::vector<std::string> literal_names;
        if (!any_depth) {
            while (literal_count < names.size()) {
                std::string lit;
                if (!literal_of(names[literal_count], lit)) break;
                literal_names.push_back(std::move(lit));
                ++literal_count;
            }
        }
        build_prefixes(p, anchor, literal_names);

        // Segments for the rest.
        auto& g = p.prog_;
        if (any_depth) g.segments.push_back({detail::segment_kind::globstar, 0, 0});
        for (std::size_t i = literal_count; i < names.size(); ++i) {
            const bool last = i + 1 == names.size();
            if (names[i] == "**") {
                if (last && !dir_only) {
                    // trailing "/**": one or more names
                    add_any_name(g);
                }
                add_globstar(g);
            } else {
                compile_name(g, names[i]);
            }
        }
        if (dir_only) add_globstar(g);
        compute_keys(p);
        return p;
    }

private:
    [[noreturn]] void fail(const std::string& cause) const { throw path_pattern_error(std::string(spec_), cause); }

    void split(std::string_view body, std::vector<std::string_view>& names, bool& dir_only) const {
        std::size_t start = 0;
        bool in_bracket = false;
        std::size_t bracket_start = 0;
        for (std::size_t i = 0; i < body.size(); ++i) {
            const char c = body[i];
            if (c == '\\') {
                if (i + 1 == body.size()) fail("a trailing '\\' escapes nothing");
                ++i;
                continue;
            }
            if (in_bracket) {
                if (c == '/') fail("'/' inside a bracket expression can never match");
                if (c == '[' && i + 1 < body.size() && body[i + 1] == ':') {
                    const std::size_t close = body.find(":]", i + 2);
                    if (close != std::string_view::npos) i = close + 1;
                    continue;
                }
                if (c == ']' && !(i == bracket_start + 1) &&
                    !(i == bracket_start + 2 && (body[bracket_start + 1] == '!' || body[bracket_start + 1] == '^'))) {
                    in_bracket = false;
                }
                continue;
            }
            if (c == '[') {
                in_bracket = true;
                bracket_start = i;
                continue;
            }
            if (c == '/') {
                if (i > start) names.push_back(body.substr(start, i - start));
                start = i + 1;
            }
        }
        if (in_bracket) fail("unterminated bracket expression '[...'");
        if (start < body.size()) {
            names.push_back(body.substr(start));
        } else if (!body.empty()) {
            dir_only = true;
        }
    }

    /** True (and the unescaped text) when `name` has no wildcard. */
    static bool literal_of(std::string_view name, std::string& out) {
        out.clear();
        for (std::size_t i = 0; i < name.size(); ++i) {
            const char c = name[i];
            if (c == '\\') {
                out.push_back(name[++i]);
            } else if (c == '*' || c == '?' || c == '[') {
                return false;
            } else {
                out.push_back(c);
            }
        }
        return true;
    }

    void build_prefixes(path_pattern& p, anchor_context::anchor anchor, const std::vector<std::string>& literals) const {
        const auto join = [&](std::string_view base) {
            std::string s(base);
            for (const auto& l : literals) {
                if (s.size() > 1) s.push_back('/');
                s += l;
            }
            return s;
        };
        std::string lexical = join(anchors_.lexical(anchor));
        std::string canonical;
        if (opt_.role == pattern_role::deny && anchors_.canonicalizes() && !literals.empty()) {
            std::string full = join(anchors_.canonical(anchor));
            if (full.size() > path_buffer::capacity()) fail("the anchored path is too long");
            auto res = std::make_unique<resolution>();
            resolve_options ro;
            ro.trusted_prefix = anchors_.canonical(anchor).size();  // canonicalised once, not again per pattern
            const path_status st = resolve(full, *res, ro);
            if (st != path_status::ok) fail("its literal path '" + full + "' cannot be resolved: " + std::string(to_string(st)));
            canonical = std::string(res->path());
        } else {
            canonical = join(anchors_.canonical(anchor));
        }
        if (lexical.size() > path_buffer::capacity() || canonical.size() > path_buffer::capacity())
            fail("the anchored path is too long");
        p.prefixes_[0] = std::move(lexical);
        p.prefix_count_ = 1;
        if (canonical != p.prefixes_[0]) {
            p.prefixes_[1] = std::move(canonical);
            p.prefix_count_ = 2;
        }
    }

    static void add_globstar(detail::glob_program& g) {
        if (!g.segments.empty() && g.segments.back().kind == detail::segment_kind::globstar) return;
        g.segments.push_back({detail::segment_kind::globstar, 0, 0});
    }

    static void add_any_name(detail::glob_program& g) {
        const auto first = static_cast<std::uint32_t>(g.tokens.size());
        g.tokens.push_back({detail::token_kind::star, 0, 0});
        g.segments.push_back({detail::segment_kind::glob, first, 1});
    }

    void compile_name(detail::glob_program& g, std::string_view name) const {
        std::string lit;
        if (literal_of(name, lit)) {
            const auto off = static_cast<std::uint32_t>(g.pool.size());
            g.pool += lit;
            g.segments.push_back({detail::segment_kind::literal, off, static_cast<std::uint32_t>(lit.size())});
            return;
        }
        const auto first = static_cast<std::uint32_t>(g.tokens.size());
        std::string run;
        const auto flush = [&] {
            if (run.empty()) return;
            const auto off = static_cast<std::uint32_t>(g.pool.size());
            g.pool += run;
            g.tokens.push_back({detail::token_kind::literal, off, static_cast<std::uint32_t>(run.size())});
            run.clear();
        };
        for (std::size_t i = 0; i < name.size(); ++i) {
            const char c = name[i];
            if (c == '\\') {
                run.push_back(name[++i]);
            } else if (c == '*') {
                flush();
                if (g.tokens.size() == first || g.tokens.back().kind != detail::token_kind::star)
                    g.tokens.push_back({detail::token_kind::star, 0, 0});
            } else if (c == '?') {
                flush();
                g.tokens.push_back({detail::token_kind::any, 0, 0});
            } else if (c == '[') {
                flush();
                i = compile_set(g, name, i);
            } else {
                run.push_back(c);
            }
        }
        flush();
        g.segments.push_back({detail::segment_kind::glob, first, static_cast<std::uint32_t>(g.tokens.size()) - first});
    }

    /** Compiles the bracket expression starting at name[open]; returns the index of its ']'. */
    std::size_t compile_set(detail::glob_program& g, std::string_view name, std::size_t open) const {
        detail::char_set set;
        set.first_range = static_cast<std::uint32_t>(g.ranges.size());
        std::size_t i = open + 1;
        if (i < name.size() && (name[i] == '!' || name[i] == '^')) {
            set.negated = true;
            ++i;
        }
        bool first = true;
        const auto add = [&](char32_t lo, char32_t hi) {
            if (lo > hi) fail("reversed range in a bracket expression");
            for (char32_t c = lo; c <= hi && c < 128; ++c) set.add_ascii(static_cast<unsigned>(c));
            if (hi >= 128) g.ranges.push_back({lo < 128 ? 128 : lo, hi});
        };
        const auto read_cp = [&](std::size_t& at) -> char32_t {
            if (name[at] == '\\') {
                ++at;
                if (at >= name.size()) fail("unterminated bracket expression '[...'");
            }
            const text::decoded d = text::decode_next(name, at);
            at += d.length;
            return d.code_point;
        };
        for (;;) {
            if (i >= name.size()) fail("unterminated bracket expression '[...'");
            if (name[i] == ']' && !first) break;
            first = false;
            if (name[i] == '[' && i + 1 < name.size() && name[i + 1] == ':') {
                const std::size_t close = name.find(":]", i + 2);
                if (close == std::string_view::npos) fail("unterminated character class '[:...'");
                add_class(set, name.substr(i + 2, close - i - 2));
                i = close + 2;
                continue;
            }
            const char32_t lo = read_cp(i);
            if (i + 1 < name.size() && name[i] == '-' && name[i + 1] != ']') {
                ++i;
                const char32_t hi = read_cp(i);
                add(lo, hi);
            } else {
                add(lo, lo);
            }
        }
        set.range_count = static_cast<std::uint32_t>(g.ranges.size()) - set.first_range;
        g.tokens.push_back({detail::token_kind::set, static_cast<std::uint32_t>(g.sets.size()), 0});
        g.sets.push_back(set);
        return i;
    }

    void add_class(detail::char_set& set, std::string_view cls) const {
        bool (*pred)(unsigned) = nullptr;
        if (cls == "alpha") pred = [](unsigned c) { return (c | 32u) >= 'a' && (c | 32u) <= 'z'; };
        else if (cls == "digit") pred = [](unsigned c) { return c >= '0' && c <= '9'; };
        else if (cls == "alnum") pred = [](unsigned c) { return ((c | 32u) >= 'a' && (c | 32u) <= 'z') || (c >= '0' && c <= '9'); };
        else if (cls == "upper") pred = [](unsigned c) { return c >= 'A' && c <= 'Z'; };
        else if (cls == "lower") pred = [](unsigned c) { return c >= 'a' && c <= 'z'; };
        else if (cls == "space") pred = [](unsigned c) { return c == ' ' || (c >= 9 && c <= 13); };
        else if (cls == "blank") pred = [](unsigned c) { return c == ' ' || c == '\t'; };
        else if (cls == "punct") pred = [](unsigned c) { return c > 32 && c < 127 && !(((c | 32u) >= 'a' && (c | 32u) <= 'z') || (c >= '0' && c <= '9')); };
        else if (cls == "xdigit") pred = [](unsigned c) { return (c >= '0' && c <= '9') || ((c | 32u) >= 'a' && (c | 32u) <= 'f'); };
        else if (cls == "cntrl") pred = [](unsigned c) { return c < 32 || c == 127; };
        else if (cls == "graph") pred = [](unsigned c) { return c > 32 && c < 127; };
        else if (cls == "print") pred = [](unsigned c) { return c >= 32 && c < 127; };
        else fail("unknown character class '[:" + std::string(cls) + ":]'");
        for (unsigned c = 0; c < 128; ++c)
            if (pred(c)) set.add_ascii(c);
    }

    static void compute_keys(path_pattern& p) {
        using K = path_pattern::index_key::kind;
        const auto& g = p.prog_;
        const auto fold = [](std::string_view s) {
            std::string out(s);
            fold_into(out, out.data());
            return out;
        };
        // 1. the last literal name of the segments
        for (std::size_t i = g.segments.size(); i-- > 0;) {
            const auto& s = g.segments[i];
            if (s.kind == detail::segment_kind::literal) {
                p.keys_.push_back({K::name, fold(g.bytes(s.offset, s.length))});
                return;
            }
        }
        // 2. a glob name with a literal extension or a literal start
        std::string best_ext, best_stem;
        for (const auto& s : g.segments) {
            if (s.kind != detail::segment_kind::glob || s.length == 0) continue;
            const auto& last = g.tokens[s.offset + s.length - 1];
            if (last.kind == detail::token_kind::literal) {
                const std::string_view lit = g.bytes(last.offset, last.length);
                const std::size_t dot = lit.rfind('.');
                if (dot != std::string_view::npos && dot + 1 < lit.size() && lit.size() - dot - 1 > best_ext.size())
                    best_ext = fold(lit.substr(dot + 1));
            }
            const auto& head = g.tokens[s.offset];
            if (head.kind == detail::token_kind::literal) {
                std::string_view lit = g.bytes(head.offset, head.length);
                if (lit.size() > max_stem) lit = lit.substr(0, max_stem);
                if (lit.size() > best_stem.size()) best_stem = fold(lit);
            }
        }
        if (best_stem.size() >= 3 || (best_ext.empty() && !best_stem.empty())) {
            p.keys_.push_back({K::stem, best_stem});
            return;
        }
        if (!best_ext.empty()) {
            p.keys_.push_back({K::extension, best_ext});
            return;
        }
        // 3. the last name of each prefix (every match passes through it)
        std::vector<std::string> names;
        for (std::size_t i = 0; i < p.prefix_count_; ++i) {
            const std::string_view pre = p.prefixes_[i];
            if (pre.size() <= 1) {
                p.keys_.clear();
                p.keys_.push_back({K::any, {}});
                return;
            }
            const std::string name = fold(pre.substr(pre.rfind('/') + 1));
            bool seen = false;
            for (const auto& k : p.keys_) seen = seen || k.text == name;
            if (!seen) p.keys_.push_back({K::name, name});
        }
    }

public:
    /** Longest literal start used as an index key. */
    static constexpr std::size_t max_stem = 8;

private:
    std::string_view spec_;
    const anchor_context& anchors_;
    pattern_options opt_;
};

}  // namespace detail

inline path_pattern path_pattern::compile(std::string_view spec, const anchor_context& anchors, const pattern_options& opt) {
    return detail::pattern_compiler(spec, anchors, opt).run();
}

/** Compiles one pattern against anchors that are canonicalised for this call only. */
inline path_pattern compile_pattern(std::string_view spec, const pattern_anchors& anchors, const pattern_options& opt = {}) {
    return path_pattern::compile(spec, anchor_context(anchors), opt);
}

}  // namespace paths
CLAW_END_NAMESPACE
