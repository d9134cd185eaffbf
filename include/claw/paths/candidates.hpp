// SPDX-License-Identifier: MIT
// The candidate paths of RULES.md S8.3 for one input path: its lexical form, its resolved form
// and every symlink hop in between, for each way the input can be read (POSIX, and Windows when
// it looks like a Windows spelling), so that a deny/ask check is "does any candidate match?" and
// an allow check "do the lexical and resolved forms all match?", one call each. Fixed storage,
// no allocation, noexcept.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/normalize.hpp>
#include <claw/paths/path_buffer.hpp>
#include <claw/paths/pattern.hpp>
#include <claw/paths/pattern_set.hpp>
#include <claw/paths/resolve.hpp>

#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

static_assert(CLAW_PATH_CANDIDATE_BYTES >= CLAW_PATH_MAX, "CLAW_PATH_CANDIDATE_BYTES must hold at least one path");
static_assert(CLAW_PATH_MAX_CANDIDATES >= 8, "CLAW_PATH_MAX_CANDIDATES must be at least 8");

CLAW_BEGIN_NAMESPACE
namespace paths {

/** Which readings of an input path `build_candidates` makes. */
enum class windows_spellings : unsigned char {
    ignore,  ///< POSIX only: a backslash is part of a name
    also,    ///< POSIX, plus a Windows reading when `has_windows_form(input)` (the default: both must pass)
    only,    ///< Windows only (for a host where paths are Windows paths mapped to `/c/...`)
};

/** Inputs of `build_candidates` besides the path. */
struct candidate_options {
    std::string_view cwd = {};   ///< absolute working directory for relative inputs (S8.3 "join the effective cwd")
    std::string_view home = {};  ///< absolute home for `~` inputs
    windows_spellings windows = windows_spellings::also;
    bool expand_tilde = true;
    /**
     * Resolve symbolic links (`resolve`). Off, only lexical candidates exist and the symlink
     * guarantees of S8.3 do not hold: for virtual paths, tests and benchmarks.
     */
    bool resolve = true;
    /**
     * Directories known to be canonical: absolute, normalised, every component existing and none
     * a symbolic link (a policy's workspace roots, resolved once when it is built). A path at or
     * below one of them is resolved from the end of the longest such directory on
     * (`resolve_options::trusted_prefix`): the directory's own components are not examined
     * again, which saves one `fstatat` per component. Empty (the default): all are examined.
     */
    std::span<const std::string> canonical_dirs = {};
};

/**
 * The length of the longest directory of `dirs` that is `path` or a parent of it, 0 if none: the
 * `resolve_options::trusted_prefix` of `path`.
 */
inline std::size_t canonical_prefix(std::string_view path, std::span<const std::string> dirs) noexcept {
    std::size_t best = 0;
    for (const std::string& d : dirs) {
        if (d.size() <= best || d.size() > path.size() || path.compare(0, d.size(), d) != 0) continue;
        if (path.size() == d.size() || path[d.size()] == '/' || d == "/") best = d.size();
    }
    return best;
}

/** What a candidate is. */
enum class candidate_kind : unsigned char {
    lexical,   ///< the input joined and normalised
    resolved,  ///< a resolved form (of the input with its `..` applied physically, or of the lexical form)
    hop,       ///< an intermediate path reached by following one symbolic link
};

/** One candidate path (absolute, normalised). */
struct candidate {
    std::string_view path;
    candidate_kind kind = candidate_kind::lexical;
    bool windows = false;  ///< from the Windows reading of the input
};

/**
 * The candidates of one input path. Large (about 70 KiB with the default limits): keep one per
 * thread and reuse it; `build_candidates` overwrites it.
 */
class candidate_set {
public:
    candidate_set() noexcept = default;
    candidate_set(const candidate_set&) = delete;
    candidate_set& operator=(const candidate_set&) = delete;

    /**
     * `ok`, or why some reading could not be normalised or resolved: then the path is unknown
     * (fail closed). The candidates found before the failure are still there, so a deny check
     * may use them; allow helpers refuse to match.
     */
    path_status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == path_status::ok; }
    /** A Windows reading was a UNC or device path (S8.5: an `ask` floor). */
    bool unc() const noexcept { return unc_; }
    /** A Windows reading was made. */
    bool has_windows_reading() const noexcept { return windows_; }

    std::size_t size() const noexcept { return count_; }
    candidate operator[](std::size_t i) const noexcept { return {all_[i], kinds_[i], win_[i]}; }
    /** Every candidate path: lexical, resolved and hops (what deny and ask rules look at). */
    std::span<const std::string_view> all() const noexcept { return {all_, count_}; }
    /** The lexical and resolved paths (what an allow rule must match, all of them); empty unless `ok`. */
    std::span<const std::string_view> lexical_and_resolved() const noexcept {
        return ok() ? std::span<const std::string_view>(must_, must_count_) : std::span<const std::string_view>{};
    }
    /** The POSIX (or only) lexical path; empty when it could not be made. */
    std::string_view lexical() const noexcept { return count_ > 0 && kinds_[0] == candidate_kind::lexical ? all_[0] : std::string_view{}; }

private:
    friend path_status build_candidates(std::string_view input, const candidate_options& opt, candidate_set& out) noexcept;

    static constexpr std::size_t capacity = CLAW_PATH_MAX_CANDIDATES;

    void reset() noexcept {
        status_ = path_status::ok;
        unc_ = windows_ = false;
        count_ = must_count_ = used_ = 0;
    }
    void fail(path_status s) noexcept {
        if (status_ == path_status::ok) status_ = s;
    }
    /** Adds a candidate (deduplicating lexical/resolved ones); false when out of room. */
    bool add(std::string_view p, candidate_kind k, bool win) noexcept {
        const bool must = k != candidate_kind::hop;
        if (must)
            for (std::size_t i = 0; i < must_count_; ++i)
                if (must_[i] == p) return true;
        if (count_ == capacity || p.size() > sizeof arena_ - used_) {
            fail(path_status::too_many_entries);
            return false;
        }
        std::memcpy(arena_ + used_, p.data(), p.size());
        const std::string_view v(arena_ + used_, p.size());
        used_ += p.size();
        all_[count_] = v;
        kinds_[count_] = k;
        win_[count_] = win;
        ++count_;
        if (must) must_[must_count_++] = v;
        return true;
    }
    void add_resolution(bool win) noexcept {
        for (std::size_t h = 0; h < res_.hop_count(); ++h) add(res_.hop(h), candidate_kind::hop, win);
        if (res_.ok()) {
            add(res_.path(), candidate_kind::resolved, win);
        } else {
            fail(res_.status());
        }
    }

    path_status status_ = path_status::ok;
    bool unc_ = false, windows_ = false;
    std::size_t count_ = 0, must_count_ = 0, used_ = 0;
    std::string_view all_[capacity];
    std::string_view must_[capacity];
    candidate_kind kinds_[capacity] = {};
    bool win_[capacity] = {};
    char arena_[CLAW_PATH_CANDIDATE_BYTES];
    path_buffer lexical_, physical_;
    resolution res_;
};

/**
 * Builds the candidates of `input` (S8.3): for each reading (POSIX; Windows too when
 * `windows_spellings::also` and the input has a Windows form, or only Windows), the lexical path
 * (`normalize`) and, when `resolve` is on, the resolution of the input with `..` applied
 * physically (as the kernel does) and, when that differs, the resolution of the lexical path (as
 * a tool that normalises before opening does), each with its hops. Returns `out.status()`.
 * System calls: those of `resolve` only. noexcept, no allocation.
 */
inline path_status build_candidates(std::string_view input, const candidate_options& opt, candidate_set& out) noexcept {
    out.reset();
    const bool posix = opt.windows != windows_spellings::only;
    const bool win = opt.windows == windows_spellings::only ||
                     (opt.windows == windows_spellings::also && has_windows_form(input));
    for (int reading = 0; reading < 2; ++reading) {
        const bool w = reading == 1;
        if ((w && !win) || (!w && !posix)) continue;
        if (w) out.windows_ = true;
        normalize_options o;
        o.cwd = opt.cwd;
        o.home = opt.home;
        o.expand_tilde = opt.expand_tilde;
        o.syntax = w ? path_syntax::windows : path_syntax::posix;
        const normalize_result nr = normalize(input, o, out.lexical_);
        if (!nr.ok()) {
            out.fail(nr.status);
            continue;
        }
        out.unc_ = out.unc_ || nr.unc;
        out.add(out.lexical_.view(), candidate_kind::lexical, w);
        if (!opt.resolve) continue;
        o.keep_dot_dot = true;
        if (!normalize(input, o, out.physical_).ok()) {
            out.fail(path_status::too_long);
            continue;
        }
        resolve_options ro;
        ro.trusted_prefix = canonical_prefix(out.physical_.view(), opt.canonical_dirs);
        resolve(out.physical_.view(), out.res_, ro);
        out.add_resolution(w);
        if (out.physical_.view() != out.lexical_.view()) {
            ro.trusted_prefix = canonical_prefix(out.lexical_.view(), opt.canonical_dirs);
            resolve(out.lexical_.view(), out.res_, ro);
            out.add_resolution(w);
        }
    }
    return out.status_;
}

/** True when `p` matches some candidate (lexical, resolved or hop): the deny/ask test of S8.3. */
inline bool any_candidate_matches(const candidate_set& c, const path_pattern& p, bool fold) noexcept {
    for (const auto path : c.all())
        if (p.matches(path, fold)) return true;
    return false;
}

/** The lowest index in `s` matching some candidate, or `pattern_set::npos`: the deny/ask test of S8.3. */
inline std::size_t first_match_any_candidate(const candidate_set& c, const pattern_set& s, bool fold) noexcept {
    return s.match_any(c.all(), fold);
}

/**
 * True when the set is `ok` and `p` matches every lexical and resolved candidate (hops are not
 * required): the allow test of S8.3. False when the path is unknown.
 */
inline bool lexical_and_resolved_match(const candidate_set& c, const path_pattern& p, bool fold) noexcept {
    const auto must = c.lexical_and_resolved();
    if (must.empty()) return false;
    for (const auto path : must)
        if (!p.matches(path, fold)) return false;
    return true;
}

/** The lowest index in `s` whose pattern matches every lexical and resolved candidate, or `npos` (also when not `ok`). */
inline std::size_t first_match_lexical_and_resolved(const candidate_set& c, const pattern_set& s, bool fold) noexcept {
    return s.match_all(c.lexical_and_resolved(), fold);
}

}  // namespace paths
CLAW_END_NAMESPACE
