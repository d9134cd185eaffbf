// SPDX-License-Identifier: MIT
// The paths a shell glob expands to on this machine (RULES.md S8.3, S6.3): the names below a
// folder that the wildcard names of a `glob_path` match, listed from the file system the way bash
// lists them, so that a symbolic link reached only through a wildcard (`cat d/*` where `d/up`
// points to a denied file) can be resolved and checked like a path written out. The folders are
// read with `getdents64` (claw/detail/os.hpp); noexcept, no heap allocation (the caller's buffers).
#pragma once

#include <claw/config.hpp>

#include <claw/detail/os.hpp>
#include <claw/paths/detail/shell_glob.hpp>
#include <claw/paths/path_buffer.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

/** Most folder entries one `expand_glob` reads, over all its folders (beyond: `too_many`). Default 4096. */
#ifndef CLAW_PATH_GLOB_MAX_ENTRIES
#define CLAW_PATH_GLOB_MAX_ENTRIES 4096
#endif

/** Most wildcard names of one glob that `expand_glob` expands (beyond: `too_deep`). Default 4. */
#ifndef CLAW_PATH_GLOB_MAX_LEVELS
#define CLAW_PATH_GLOB_MAX_LEVELS 4
#endif

CLAW_BEGIN_NAMESPACE
namespace paths {

/** How far `expand_glob` got. Anything but `complete` means that some expansions were not seen. */
enum class glob_listing : unsigned char {
    complete,     ///< every matching entry was reported (a folder that cannot be read expands to nothing, as in bash)
    too_many,     ///< more than `CLAW_PATH_GLOB_MAX_ENTRIES` entries
    too_deep,     ///< more than `CLAW_PATH_GLOB_MAX_LEVELS` wildcard names
    too_long,     ///< an expansion longer than `path_max`
};

/** One path a glob expands to, as `expand_glob` reports it. */
struct glob_expansion {
    std::string_view path;  ///< the folder joined with the matched names (NUL-terminated in the scratch)
    bool dotglob = false;   ///< a name starts with `.` and the wildcard matches it only under `dotglob`
    bool via_link = false;  ///< a matched name is a symbolic link, or a written name follows a wildcard
};

/** The buffers of one `expand_glob` (about 20 KiB: keep one per thread). */
struct glob_expansion_scratch {
    char path[path_max];
    std::array<std::array<char, 4096>, CLAW_PATH_GLOB_MAX_LEVELS> entries;
};

namespace detail {

template <class F>
struct glob_expander {
    glob_expansion_scratch& s;
    F& f;
    std::size_t read = 0;
    glob_listing status = glob_listing::complete;

    bool append(std::size_t& len, std::string_view name) noexcept {
        const bool slash = len > 0 && s.path[len - 1] == '/';
        if (len + name.size() + 2 > path_max) {
            status = glob_listing::too_long;
            return false;
        }
        if (!slash) s.path[len++] = '/';
        std::memcpy(s.path + len, name.data(), name.size());
        len += name.size();
        s.path[len] = '\0';
        return true;
    }

    void walk(std::size_t len, std::string_view rest, std::size_t level, bool dot, bool link) noexcept {
        if (status != glob_listing::complete) return;
        if (rest.empty()) {
            f(glob_expansion{std::string_view(s.path, len), dot, link});
            return;
        }
        const std::size_t slash = rest.find('/');
        const std::string_view name = rest.substr(0, slash);
        const std::string_view tail = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (!has_shell_wildcard(name)) {  // a written name: it may be a link whatever the folder
            if (append(len, name)) walk(len, tail, level, dot, true);
            return;
        }
        if (level >= CLAW_PATH_GLOB_MAX_LEVELS) {
            status = glob_listing::too_deep;
            return;
        }
        s.path[len] = '\0';
        const claw::detail::os::unique_fd fd(claw::detail::os::open_folder_for_reading(len == 0 ? "/" : s.path));
        if (!fd) return;  // nothing there, or not readable: bash expands nothing either
        auto& buf = s.entries[level];
        for (;;) {
            const long got = claw::detail::os::read_folder_entries(fd.get(), buf.data(), buf.size());
            if (got <= 0) break;
            for (std::size_t at = 0; at + 19 < static_cast<std::size_t>(got);) {
                std::uint16_t reclen = 0;
                std::memcpy(&reclen, buf.data() + at + 16, sizeof reclen);
                if (reclen <= 19) break;
                const unsigned char type = static_cast<unsigned char>(buf[at + 18]);
                const char* const entry = buf.data() + at + 19;
                const std::string_view e(entry, ::strnlen(entry, std::size_t{reclen} - 19));
                at += reclen;
                if (e == "." || e == "..") continue;
                if (++read > CLAW_PATH_GLOB_MAX_ENTRIES) {
                    status = glob_listing::too_many;
                    break;
                }
                const bool plain = shell_name_match(name, e, true, true);
                if (!plain && !shell_name_match(name, e, true, false)) continue;
                bool is_link = type == DT_LNK, is_dir = type == DT_DIR;
                if (type == DT_UNKNOWN) {
                    struct stat st {};
                    if (claw::detail::os::stat_at(fd.get(), entry, st)) {
                        is_link = S_ISLNK(st.st_mode);
                        is_dir = S_ISDIR(st.st_mode);
                    }
                }
                if (!tail.empty() && !is_link && !is_dir) continue;  // nothing below a file
                std::size_t n = len;
                if (append(n, e)) walk(n, tail, level + 1, dot || !plain, link || is_link);
                s.path[len] = '\0';
                if (status != glob_listing::complete) break;
            }
            if (status != glob_listing::complete) break;
        }
    }
};

}  // namespace detail

/**
 * Calls `f(glob_expansion)` for every existing path that the wildcard names `rest` (as
 * `split_glob_path` writes them: names joined by `/`, brace groups as `\x01`/`\x02`) expand to
 * below the folder `dir` (absolute and normalised; best its resolved form). Over-approximates
 * bash: names match in any ASCII case (as with `nocaseglob`), and a name that only `dotglob` would
 * match is reported with `dotglob` set; `.` and `..` never match. A written name that follows a
 * wildcard name is reported whether or not it exists. The folders are read with `open` and
 * `getdents64` (one `fstatat` per matching entry of a file system that does not report types);
 * nothing else is touched. Reads at most `CLAW_PATH_GLOB_MAX_ENTRIES` entries and expands at most
 * `CLAW_PATH_GLOB_MAX_LEVELS` wildcard names; the result says when it stopped early. `f` must not
 * use `scratch`. noexcept, no allocation.
 */
template <class F>
glob_listing expand_glob(std::string_view dir, std::string_view rest, glob_expansion_scratch& scratch, F&& f) noexcept {
    if (dir.size() + 1 > path_max) return glob_listing::too_long;
    std::memcpy(scratch.path, dir.data(), dir.size());
    std::size_t len = dir.size();
    while (len > 1 && scratch.path[len - 1] == '/') --len;
    scratch.path[len] = '\0';
    detail::glob_expander<F> x{scratch, f};
    x.walk(len, rest, 0, false, false);
    return x.status;
}

}  // namespace paths
CLAW_END_NAMESPACE
