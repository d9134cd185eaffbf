// SPDX-License-Identifier: MIT
// The operating-system layer: every POSIX call claw-cpp makes on files, folders and the random
// source goes through the small functions here, so that the platform dependency (Linux: `openat`,
// `O_NOFOLLOW`, `O_PATH`, `getrandom`, `fallocate`, `syncfs`, `getdents64`) is in one place. Nothing here throws; each function
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

#include <dirent.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/**
 * Opens a file for reading, following symbolic links, without blocking on a FIFO (settings files
 * may be links, as in dotfile managers). Returns -1 with errno set on failure.
 */
inline int open_following(const char* path) noexcept { return ::open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); }

/** The operating system as `<sysname>-<release>-<machine>` (`uname`), or `unknown`. */
inline std::string platform() {
    struct utsname u {};
    if (::uname(&u) != 0) return "unknown";
    return std::string(u.sysname) + "-" + u.release + "-" + u.machine;
}

/** Flags of a descriptor that names a folder without reading it (see `open_folder_at`). */
inline constexpr int folder_path_flags = O_PATH | O_DIRECTORY | O_CLOEXEC;

/**
 * Opens the folder `path` (following links anywhere in it) as an `O_PATH` descriptor: usable as
 * the `dir_fd` of the `*at` calls below, needing only search permission on the way. -1 on failure.
 */
inline int open_folder_path(const char* path) noexcept { return ::open(path, folder_path_flags); }

/** Opens the folder `path` (following links) for reading: to fsync it or list it. -1 on failure (EACCES without read permission). */
inline int open_folder_for_reading(const char* path) noexcept {
    return ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/**
 * `getdents64`: reads the next entries of the folder open for reading as `fd` into `out`, as
 * `struct linux_dirent64` records (inode, offset, 16-bit record length at byte 16, type at byte
 * 18, NUL-terminated name from byte 19). Returns the bytes read, 0 at the end, -1 with errno set.
 * No allocation (unlike `readdir`).
 */
inline long read_folder_entries(int fd, char* out, std::size_t size) noexcept {
    return ::syscall(SYS_getdents64, fd, out, size);
}

/** How `open_folder_at` could open a folder. */
struct folder_fd {
    unique_fd fd;
    bool readable = false;  ///< false: an `O_PATH` descriptor (no read permission): no fsync, no listing
};

/**
 * Opens the folder `name` inside `dir_fd` without following a symbolic link at `name`: for
 * reading when the process may read it, else (EACCES) as an `O_PATH` descriptor, which still
 * reaches the files inside when the folder grants search permission (mode 0100, 0300). A link
 * gives ENOTDIR or ELOOP; check with `stat_at` to tell it from a file. `fd` is empty on failure.
 */
inline folder_fd open_folder_at(int dir_fd, const char* name) noexcept {
    folder_fd f;
    f.fd = unique_fd(::openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (f.fd) {
        f.readable = true;
    } else if (errno == EACCES) {
        f.fd = unique_fd(::openat(dir_fd, name, folder_path_flags | O_NOFOLLOW));
    }
    return f;
}

/** `mkdirat`: true when created; false with errno set (EEXIST when it exists). */
inline bool make_folder_at(int dir_fd, const char* name, mode_t mode) noexcept {
    return ::mkdirat(dir_fd, name, mode) == 0;
}

/** `mkdir` of a path: true when created; false with errno set (EEXIST when it exists). */
inline bool make_folder(const char* path, mode_t mode) noexcept { return ::mkdir(path, mode) == 0; }

/** `fstatat` without following a link at `name`: true on success, false with errno set. */
inline bool stat_at(int dir_fd, const char* name, struct stat& st) noexcept {
    return ::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/**
 * `readlinkat`: the target of the link `name` inside `dir_fd` into `out` (not NUL-terminated).
 * Returns its length (`size` or more: truncated), or -1 with errno set.
 */
inline ssize_t read_link_at(int dir_fd, const char* name, char* out, std::size_t size) noexcept {
    return ::readlinkat(dir_fd, name, out, size);
}

/** `stat` of a path, following links: true on success, false with errno set. */
inline bool stat_path(const char* path, struct stat& st) noexcept { return ::stat(path, &st) == 0; }

/** Creates a new file `name` in `dir_fd` exclusively (`O_EXCL | O_NOFOLLOW`), for writing. -1 on failure. */
inline int create_exclusive(int dir_fd, const char* name, mode_t mode) noexcept {
    return ::openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

/**
 * Reserves `size` bytes for `fd` (`fallocate`), so the data is not left to delayed allocation.
 * Returns 0, or the errno; callers ignore everything but ENOSPC (file systems without support).
 */
inline int reserve(int fd, std::uint64_t size) noexcept {
    if (size == 0) return 0;
    return ::fallocate(fd, 0, 0, static_cast<off_t>(size)) == 0 ? 0 : errno;
}

/** Writes all of `data`, retrying on EINTR and short writes: true, or false with errno set. */
inline bool write_all(int fd, const char* data, std::size_t size) noexcept {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

/**
 * Creates `path` as an empty file with `mode` unless it exists (an existing file is left as it
 * is); never follows a symbolic link at the last component. Returns 0, or the errno (ELOOP for a
 * link, EISDIR for a folder).
 */
inline int create_file_if_missing(const char* path, mode_t mode) noexcept {
    const int fd = ::open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
    if (fd < 0) return errno;
    ::close(fd);
    return 0;
}

/** `pread` of up to `size` bytes at `offset`, retrying on EINTR: the count read, or -1 with errno set. */
inline ssize_t read_at(int fd, char* out, std::size_t size, std::uint64_t offset) noexcept {
    for (;;) {
        const ssize_t n = ::pread(fd, out, size, static_cast<off_t>(offset));
        if (n >= 0 || errno != EINTR) return n;
    }
}

/** `fstat`: true, or false with errno set. */
inline bool stat_fd(int fd, struct stat& st) noexcept { return ::fstat(fd, &st) == 0; }

/** `fsync`: true, or false with errno set. */
inline bool sync(int fd) noexcept { return ::fsync(fd) == 0; }

/** `syncfs`: commits the whole file system holding `fd` (used where a folder cannot be opened to fsync). */
inline bool sync_file_system(int fd) noexcept { return ::syncfs(fd) == 0; }

/** `renameat` within one folder: true, or false with errno set. */
inline bool rename_at(int dir_fd, const char* from, const char* to) noexcept {
    return ::renameat(dir_fd, from, dir_fd, to) == 0;
}

/** `unlinkat` of a file (not a folder): true, or false with errno set. */
inline bool unlink_at(int dir_fd, const char* name) noexcept { return ::unlinkat(dir_fd, name, 0) == 0; }

/** Fills `out` from the kernel's random source (`getrandom`), retrying on EINTR; an empty code on success. */
inline std::error_code fill_random(unsigned char* out, std::size_t n) noexcept {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::getrandom(out + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            return last_error();
        }
        got += static_cast<std::size_t>(r);
    }
    return {};
}

/**
 * Calls `f(const char* name)` for every entry of the folder `dir_fd` except `.` and `..`, in
 * directory order, through a new descriptor (so `dir_fd` keeps its position and stays open).
 * Returns an empty code, or why the folder could not be read (EACCES for an `O_PATH` folder).
 * `f` may throw; the listing is then closed.
 */
template <class F>
std::error_code for_each_entry(int dir_fd, F&& f) {
    const int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return last_error();
    DIR* d = ::fdopendir(fd);
    if (!d) {
        const std::error_code ec = last_error();
        ::close(fd);
        return ec;
    }
    struct closer {
        DIR* d;
        ~closer() { ::closedir(d); }
    } guard{d};
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(d);
        if (!e) return errno ? last_error() : std::error_code{};
        const char* name = e->d_name;
        if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
        f(static_cast<const char*>(name));
    }
}

/** Modification time of a `stat` result, in nanoseconds since the epoch. */
inline std::int64_t mtime_ns(const struct stat& st) noexcept {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + static_cast<std::int64_t>(st.st_mtim.tv_nsec);
}

}  // namespace detail::os
CLAW_END_NAMESPACE
