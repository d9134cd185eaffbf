// SPDX-License-Identifier: MIT
// The operating-system layer: every POSIX call claw-cpp makes on files, folders and the random
// source goes through the small functions here, so that the platform dependency (Linux: `openat`,
// `O_NOFOLLOW`, `getrandom`, `fallocate`) is in one place. Nothing here throws; each function
// reports failure through `errno`-style `std::error_code`s that the callers turn into errors
// naming the file and the cause.
#pragma once

#include <claw/config.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

CLAW_BEGIN_NAMESPACE
namespace detail::os {

/** The current `errno` as a `std::error_code` of the system category. */
inline std::error_code last_error() noexcept { return {errno, std::system_category()}; }

/** Owns one file descriptor; closes it when destroyed. */
class unique_fd {
public:
    unique_fd() noexcept = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = std::exchange(o.fd_, -1);
        }
        return *this;
    }
    unique_fd(const unique_fd&) = delete;
    unique_fd& operator=(const unique_fd&) = delete;
    ~unique_fd() { reset(); }

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    /** Closes now; returns false (errno set) when close() failed. */
    bool reset() noexcept {
        if (fd_ < 0) return true;
        const int r = ::close(std::exchange(fd_, -1));
        return r == 0;
    }

private:
    int fd_ = -1;
};

/** How `read_regular` ended. */
enum class read_status : unsigned char {
    ok,
    not_regular,  ///< the descriptor is a folder, device, pipe, ...
    too_large,    ///< the file is (or grew) larger than the limit
    io_error,     ///< fstat or read failed; `error` tells why
};

/** The outcome of `read_regular`: the bytes, or why they could not be read. */
struct read_result {
    read_status status = read_status::ok;
    std::string bytes;
    std::uint64_t size = 0;  ///< the size seen by fstat (or read so far, when the file grew)
    std::error_code error;
};

/**
 * Reads a whole regular file through one open descriptor, never more than `max_size` bytes: the
 * size is checked with `fstat` first, and the read stops with `too_large` if the file grows past
 * the limit while it is being read, so a file swapped or appended to concurrently can neither make
 * the read run forever nor use more than `max_size + 1` bytes of memory.
 */
inline read_result read_regular(int fd, std::uint64_t max_size) {
    read_result r;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        r.status = read_status::io_error;
        r.error = last_error();
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.status = read_status::not_regular;
        return r;
    }
    r.size = static_cast<std::uint64_t>(st.st_size);
    if (r.size > max_size) {
        r.status = read_status::too_large;
        return r;
    }
    // Read up to one byte past the limit: that byte is enough to notice growth beyond it. The
    // buffer starts at the size fstat saw (+1) and doubles only if the file grows.
    const std::uint64_t cap = max_size == UINT64_MAX ? max_size : max_size + 1;
    const auto next_size = [cap](std::uint64_t want) { return static_cast<std::size_t>(want < cap ? want : cap); };
    r.bytes.resize(next_size(r.size + 1));
    std::size_t done = 0;
    for (;;) {
        if (done == r.bytes.size()) {
            if (done >= cap) break;
            r.bytes.resize(next_size(2 * static_cast<std::uint64_t>(done) + 4096));
        }
        const ssize_t n = ::read(fd, r.bytes.data() + done, r.bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            r.status = read_status::io_error;
            r.error = last_error();
            r.bytes.clear();
            return r;
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    if (done > max_size) {
        r.status = read_status::too_large;
        r.size = done;
        r.bytes.clear();
        return r;
    }
    r.bytes.resize(done);
    return r;
}

/**
 * Opens a file for reading without following a symbolic link at its last component and without
 * blocking on a FIFO; `dir_fd` may be `AT_FDCWD`. Returns -1 with errno set on failure
 * (`ELOOP` for a link).
 */
inline int open_for_reading(int dir_fd, const char* path) noexcept {
    return ::openat(dir_fd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
}

/** The operating system as `<sysname>-<release>-<machine>` (`uname`), or `unknown`. */
inline std::string platform() {
    struct utsname u {};
    if (::uname(&u) != 0) return "unknown";
    return std::string(u.sysname) + "-" + u.release + "-" + u.machine;
}

}  // namespace detail::os
CLAW_END_NAMESPACE
