// SPDX-License-Identifier: MIT
// Symbolic-link resolution without allocation (RULES.md S8.3 and its Clarification): the
// physical path of the longest existing prefix plus the remainder, with every intermediate
// symlink hop reported, dangling links followed, and loops or too many links reported as
// failures. Linux/POSIX only: it reads the file system with `fstatat(..., AT_SYMLINK_NOFOLLOW)`
// and `readlinkat`, and nothing else.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/os.hpp>

#include <claw/paths/normalize.hpp>
#include <claw/paths/path_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static_assert(CLAW_PATH_MAX_HOPS >= 1 && CLAW_PATH_MAX_HOPS <= 1024, "CLAW_PATH_MAX_HOPS must be between 1 and 1024");
static_assert(CLAW_PATH_HOP_BYTES >= CLAW_PATH_MAX, "CLAW_PATH_HOP_BYTES must hold at least one path");

CLAW_BEGIN_NAMESPACE
namespace paths {

/** Most symbolic links one resolution follows (`CLAW_PATH_MAX_HOPS`). */
inline constexpr std::size_t max_hops = CLAW_PATH_MAX_HOPS;

/** Options of `resolve`. */
struct resolve_options {
    /**
     * Directory that a relative path is resolved against, as for `openat`: `AT_FDCWD` (the
     * process's working directory) or an open directory descriptor. Ignored for absolute paths
     * and once an absolute link target has been met. The descriptor is only used, never closed.
     */
    int dir_fd = AT_FDCWD;
    /**
     * The first `trusted_prefix` bytes of an absolute path name a directory the caller already
     * knows to be canonical (a canonicalised anchor, say), ending at a component boundary: its
     * components are not examined again. Trust ends at the first `..` or once the path goes past
     * it. 0 (the default) examines everything.
     */
    std::size_t trusted_prefix = 0;
};

/**
 * The result of `resolve`: the resolved path and the hops, in fixed storage (about
 * `6 * CLAW_PATH_MAX + CLAW_PATH_HOP_BYTES` bytes: keep one per thread rather than many on a
 * small stack). Reusable: each `resolve` call overwrites it.
 */
class resolution {
public:
    resolution() noexcept = default;
    resolution(const resolution&) = delete;
    resolution& operator=(const resolution&) = delete;

    /** `ok`, or why the path is unknown (`too_long`, `too_many_hops`, `symlink_loop`, `empty`, `embedded_nul`). */
    path_status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == path_status::ok; }

    /**
     * The resolved path: absolute for an absolute input (relative to `dir_fd` for a relative one
     * until an absolute link target is met; `.` when that is the directory itself), with no
     * empty, `.` or `..` components and no symbolic link in its existing prefix. Empty unless `ok`.
     */
    std::string_view path() const noexcept { return status_ == path_status::ok ? resolved_.view() : std::string_view{}; }

    /** Number of symbolic links followed (valid whatever the status). */
    std::size_t hop_count() const noexcept { return hop_count_; }

    /**
     * Hop `i` (0-based, in the order the links were met): the path after following the i-th link,
     * that is the resolved directory of the link, the link's target and the rest of the input,
     * lexically normalised (`..` removes the previous component). The last hop of a successful
     * resolution through a dangling link is that link's target plus the remainder. Hops of a
     * failed resolution are kept (a deny check may still use them).
     */
    std::string_view hop(std::size_t i) const noexcept {
        return i < hop_count_ ? std::string_view(arena_ + hops_[i].offset, hops_[i].length) : std::string_view{};
    }

    /** True when some component did not exist (or could not be examined) and the rest was appended lexically. */
    bool partial() const noexcept { return partial_; }

private:
    friend path_status resolve(std::string_view path, resolution& out, const resolve_options& opt) noexcept;

    struct hop_span {
        std::uint32_t offset = 0, length = 0;
    };

    bool record_hop(std::string_view base, std::string_view rest) noexcept;

    path_status status_ = path_status::empty;
    bool partial_ = false;
    std::size_t hop_count_ = 0;
    std::size_t arena_used_ = 0;
    path_buffer resolved_;
    path_buffer rest_a_, rest_b_, scratch_, hop_tmp_;
    char link_[path_max];
    hop_span hops_[max_hops];
    std::uint64_t states_[max_hops + 1] = {};
    char arena_[CLAW_PATH_HOP_BYTES];
};

namespace detail {

/** FNV-1a over a sequence of views: a fingerprint of the resolver's state. */
constexpr std::uint64_t state_hash(std::string_view a, std::string_view b) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : a) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ 0x1FFu) * 0x100000001b3ULL;  // a separator no byte can equal
    for (const char c : b) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h;
}

/** Removes the last component of a resolved path (absolute: never above `/`). */
inline void pop_component(path_buffer& p) noexcept {
    const std::string_view v = p.view();
    if (v == "/") return;
    const std::size_t slash = v.rfind('/');
    if (slash == std::string_view::npos) {
        p.clear();
    } else {
        p.truncate(slash == 0 ? 1 : slash);
    }
}

/** True when a relative resolved path ends with a `..` component (so `..` must be appended). */
inline bool ends_with_dot_dot(std::string_view v) noexcept {
    return v == ".." || (v.size() >= 3 && v.substr(v.size() - 3) == "/..");
}

}  // namespace detail

inline bool resolution::record_hop(std::string_view base, std::string_view rest) noexcept {
    // The hop is base + "/" + rest, lexically normalised, copied into the arena.
    normalize_options o;
    o.expand_tilde = false;
    const bool relative = base.empty() || base[0] != '/';
    if (relative) {  // relative to dir_fd: normalise under a stand-in root, then drop it
        scratch_.clear();
        if (!scratch_.append("/") || !scratch_.append(base)) return false;
        o.cwd = scratch_.view();
    } else {
        o.cwd = base;
    }
    if (!normalize(rest.empty() ? std::string_view(".") : rest, o, hop_tmp_).ok()) return false;
    std::string_view h = hop_tmp_.view();
    if (relative) h = h.size() == 1 ? std::string_view(".") : h.substr(1);
    if (h.size() > sizeof arena_ - arena_used_) return false;
    std::memcpy(arena_ + arena_used_, h.data(), h.size());
    hops_[hop_count_] = {static_cast<std::uint32_t>(arena_used_), static_cast<std::uint32_t>(h.size())};
    arena_used_ += h.size();
    ++hop_count_;
    return true;
}

/**
 * Resolves the symbolic links of `path` into `out` (RULES.md S8.3).
 *
 * The path is walked component by component. Empty and `.` components are skipped; `..` removes
 * the last component of the part resolved so far, which holds no symbolic link, so it goes to the
 * physical parent exactly as the kernel does (`link/..` is the parent of the link's target, not
 * the directory holding the link; pass the input un-normalised, or normalised with
 * `keep_dot_dot`, to get this). Each other component is examined with
 * `fstatat(dir_fd, prefix, AT_SYMLINK_NOFOLLOW)`:
 * - a symbolic link is read with `readlinkat` and its target spliced in front of the rest (an
 *   absolute target restarts from `/`); the path reached that way is recorded as a hop, even
 *   when the target does not exist (a dangling link is followed: the resolved path is then its
 *   target plus the remainder);
 * - anything else is kept as is;
 * - a component that does not exist or cannot be examined (`ENOENT`, `ENOTDIR`, `EACCES`, ...)
 *   ends the examination: it and every later component are appended lexically (`partial()`).
 *
 * Failures (the path is then unknown; fail closed): more than `max_hops` links
 * (`too_many_hops`), a resolver state met twice (`symlink_loop`, detected as soon as the loop
 * closes), a path, target or hop text that does not fit (`too_long`), an empty path or one with
 * a NUL byte.
 *
 * System calls: only `fstatat` with `AT_SYMLINK_NOFOLLOW` (glibc may issue it as `newfstatat`
 * or `statx`) and `readlinkat`, at most one of each per component and link; nothing is opened.
 * The result is a snapshot: the file system may change right after it. Never allocates, never
 * throws. Cost: one `fstatat` per existing component, plus one `readlinkat` per link.
 */
inline path_status resolve(std::string_view path, resolution& out, const resolve_options& opt) noexcept {
    out.status_ = path_status::ok;
    out.partial_ = false;
    out.hop_count_ = 0;
    out.arena_used_ = 0;
    out.resolved_.clear();
    const auto fail = [&](path_status s) {
        out.status_ = s;
        out.resolved_.clear();
        return s;
    };
    if (path.empty()) return fail(path_status::empty);
    if (path.find('\0') != std::string_view::npos) return fail(path_status::embedded_nul);
    if (!out.rest_a_.assign(path)) return fail(path_status::too_long);

    path_buffer& done = out.resolved_;
    path_buffer* rest = &out.rest_a_;
    path_buffer* spare = &out.rest_b_;
    std::size_t pos = 0;  // start of the unprocessed part of *rest
    if (path[0] == '/') done.assign("/");
    bool missing = false;
    bool trusting = opt.trusted_prefix > 0 && path[0] == '/';
    std::size_t states = 0;
    out.states_[states++] = detail::state_hash(done.view(), rest->view());

    while (pos < rest->size()) {
        const std::string_view r = rest->view();
        std::size_t end = r.find('/', pos);
        if (end == std::string_view::npos) end = r.size();
        const std::string_view c = r.substr(pos, end - pos);
        pos = end < r.size() ? end + 1 : end;
        if (c.empty() || c == ".") continue;
        const bool relative = done.empty() || done.view()[0] != '/';
        if (c == "..") {
            trusting = false;
            if (relative && (done.empty() || detail::ends_with_dot_dot(done.view()))) {
                if ((!done.empty() && !done.push_back('/')) || !done.append("..")) return fail(path_status::too_long);
            } else {
                detail::pop_component(done);
            }
            continue;
        }
        const std::size_t before = done.size();
        if ((!done.empty() && done.view() != "/" && !done.push_back('/')) || !done.append(c)) {
            return fail(path_status::too_long);
        }
        if (trusting) {
            if (done.size() <= opt.trusted_prefix) continue;
            trusting = false;
        }
        if (missing) continue;
        struct stat st {};
        if (!claw::detail::os::stat_at(opt.dir_fd, done.c_str(), st)) {
            missing = true;
            out.partial_ = true;
            continue;
        }
        if (!S_ISLNK(st.st_mode)) continue;

        // A symbolic link: splice its target in front of the rest.
        if (out.hop_count_ >= max_hops) return fail(path_status::too_many_hops);
        const ssize_t n = claw::detail::os::read_link_at(opt.dir_fd, done.c_str(), out.link_, sizeof out.link_);
        if (n < 0) {  // it changed under us: treat as missing
            missing = true;
            out.partial_ = true;
            continue;
        }
        if (static_cast<std::size_t>(n) >= sizeof out.link_) return fail(path_status::too_long);
        const std::string_view target(out.link_, static_cast<std::size_t>(n));
        if (target.empty()) {  // an empty link target resolves to nothing (ENOENT for the kernel)
            missing = true;
            out.partial_ = true;
            continue;
        }
        const std::string_view remaining = r.substr(pos);
        spare->clear();
        if (!spare->append(target) || (!remaining.empty() && (!spare->push_back('/') || !spare->append(remaining)))) {
            return fail(path_status::too_long);
        }
        done.truncate(before);
        if (target[0] == '/') done.assign("/");
        std::swap(rest, spare);
        pos = 0;
        const std::uint64_t h = detail::state_hash(done.view(), rest->view());
        for (std::size_t i = 0; i < states; ++i)
            if (out.states_[i] == h) return fail(path_status::symlink_loop);
        out.states_[states++] = h;
        if (!out.record_hop(done.view(), rest->view())) return fail(path_status::too_long);
    }
    if (done.empty()) done.assign(".");
    return path_status::ok;
}

/** `resolve` with the default options (relative paths against the process's working directory). */
inline path_status resolve(std::string_view path, resolution& out) noexcept { return resolve(path, out, resolve_options{}); }

}  // namespace paths
CLAW_END_NAMESPACE
