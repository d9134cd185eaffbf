// SPDX-License-Identifier: MIT
// Interposes fsync, syncfs and getrandom for the session test executable: a definition in the
// executable takes precedence over the C library's, so the store's calls land here. Each passes
// through to the kernel unless a test asked for a failure or a log (see session_support.hpp).
#include "session_support.hpp"

#include <climits>
#include <cstddef>

#include <sys/syscall.h>

namespace {
std::string path_of(int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(link, buf, sizeof buf - 1);
    return n < 0 ? std::string("?") : std::string(buf, static_cast<std::size_t>(n));
}

void record(const char* what, int fd) {
    if (!claw::test::faults::log_syncs) return;
    const int saved = errno;
    std::lock_guard lock(claw::test::faults::log_mutex());
    claw::test::faults::synced().push_back(std::string(what) + ":" + path_of(fd));
    errno = saved;
}
}  // namespace

extern "C" int fsync(int fd) {
    record("fsync", fd);
    const std::string& suffix = claw::test::faults::fail_folder_fsync_suffix;
    if (!suffix.empty()) {
        struct stat st {};
        const std::string p = path_of(fd);
        if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && p.size() >= suffix.size() &&
            p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0) {
            errno = EIO;
            return -1;
        }
    }
    return static_cast<int>(::syscall(SYS_fsync, fd));
}

extern "C" int syncfs(int fd) {
    record("syncfs", fd);
    return static_cast<int>(::syscall(SYS_syncfs, fd));
}

extern "C" ssize_t getrandom(void* buf, std::size_t n, unsigned int flags) {
    if (const int e = claw::test::faults::getrandom_errno.load(); e != 0) {
        errno = e;
        return -1;
    }
    return static_cast<ssize_t>(::syscall(SYS_getrandom, buf, n, flags));
}
