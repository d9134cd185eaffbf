// SPDX-License-Identifier: MIT
// The case-sensitivity probe of RULES.md S1.4 and S8.4: given one path known to exist, decide
// once whether its volume treats ASCII letters case-insensitively, by examining a case-flipped
// spelling of that path. Linux/POSIX only (`fstatat` with `AT_SYMLINK_NOFOLLOW`).
#pragma once

#include <claw/config.hpp>
#include <claw/detail/os.hpp>

#include <claw/paths/ascii.hpp>
#include <claw/paths/path_buffer.hpp>

#include <cstddef>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>

CLAW_BEGIN_NAMESPACE
namespace paths {

/** What `probe_case_sensitivity` found. */
enum class case_sensitivity : unsigned char {
    sensitive,    ///< the case-flipped spelling is absent, or is another file
    insensitive,  ///< the case-flipped spelling reaches the very same file (same device and inode)
    unknown,      ///< the path does not exist, has no ASCII letter in its last component, or is too long
};

/**
 * Probes the volume holding `known_path` (an existing path, absolute or relative to the working
 * directory; normalised or not). The ASCII letters of its last component are case-flipped and
 * both spellings are examined with `fstatat(AT_FDCWD, ..., AT_SYMLINK_NOFOLLOW)`: same device
 * and inode means insensitive, a missing or different file means sensitive. Two system calls,
 * no allocation, never throws. Probe a path whose last component has letters (the workspace
 * root usually does); `unknown` must be treated as insensitive by deny checks (S8.4 folds deny
 * and ask lists everywhere anyway).
 */
[[nodiscard]] inline case_sensitivity probe_case_sensitivity(std::string_view known_path) noexcept {
    path_buffer original, flipped;
    std::string_view p = known_path;
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    if (p.empty() || !original.assign(p)) return case_sensitivity::unknown;
    const std::size_t slash = p.rfind('/');
    const std::size_t from = slash == std::string_view::npos ? 0 : slash + 1;
    flipped.assign(p.substr(0, from));
    bool any_letter = false;
    for (std::size_t i = from; i < p.size(); ++i) {
        char c = p[i];
        if (is_ascii_alpha(c)) {
            any_letter = true;
            c = ascii_lower(c) == c ? ascii_upper(c) : ascii_lower(c);
        }
        flipped.push_back(c);
    }
    if (!any_letter) return case_sensitivity::unknown;
    struct stat a {}, b {};
    if (!claw::detail::os::stat_at(AT_FDCWD, original.c_str(), a)) return case_sensitivity::unknown;
    if (!claw::detail::os::stat_at(AT_FDCWD, flipped.c_str(), b)) return case_sensitivity::sensitive;
    return (a.st_dev == b.st_dev && a.st_ino == b.st_ino) ? case_sensitivity::insensitive : case_sensitivity::sensitive;
}

}  // namespace paths
CLAW_END_NAMESPACE
