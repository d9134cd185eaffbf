// SPDX-License-Identifier: MIT
// Fixed-capacity storage for one path and the status values of the `paths` module. Every path
// operation of claw::paths writes into caller-provided buffers of this kind, never allocates,
// and reports a result that does not fit as a failure instead of truncating it.
#pragma once

#include <claw/config.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>

static_assert(CLAW_PATH_MAX >= 64 && CLAW_PATH_MAX <= 65536, "CLAW_PATH_MAX must be between 64 and 65536");

CLAW_BEGIN_NAMESPACE
namespace paths {

/** Capacity of a `path_buffer`, terminating NUL included (`CLAW_PATH_MAX`). */
inline constexpr std::size_t path_max = CLAW_PATH_MAX;

/** How a path operation ended. Every value but `ok` means "the path is unknown": fail closed. */
enum class path_status : unsigned char {
    ok,
    empty,             ///< the input path is empty
    too_long,          ///< the result (or an intermediate path) needs more than `path_max - 1` bytes
    embedded_nul,      ///< the input holds a NUL byte (the kernel would see a shorter path)
    no_cwd,            ///< a relative input, but the working directory given is empty or not absolute
    no_home,           ///< a `~` input, but the home directory given is empty or not absolute
    tilde_user,        ///< a `~name` input (another user's home is not resolved)
    too_many_hops,     ///< more than `CLAW_PATH_MAX_HOPS` symbolic links on the way
    symlink_loop,      ///< the symbolic links form a loop
    too_many_entries,  ///< more candidate paths than a `candidate_set` holds
};

/** A short English name of a status ("ok", "too long", ...), for messages. */
constexpr std::string_view to_string(path_status s) noexcept {
    switch (s) {
        case path_status::ok: return "ok";
        case path_status::empty: return "empty path";
        case path_status::too_long: return "path too long";
        case path_status::embedded_nul: return "NUL byte in path";
        case path_status::no_cwd: return "relative path without an absolute working directory";
        case path_status::no_home: return "'~' path without an absolute home directory";
        case path_status::tilde_user: return "'~name' path (other users' homes are not resolved)";
        case path_status::too_many_hops: return "too many symbolic links";
        case path_status::symlink_loop: return "symbolic link loop";
        case path_status::too_many_entries: return "too many candidate paths";
    }
    return "unknown status";
}

/**
 * One path of at most `path_max - 1` bytes, always NUL-terminated (so it can be handed to a
 * system call). Filling it never allocates; an append that does not fit leaves the buffer
 * unchanged and returns false.
 */
class path_buffer {
public:
    path_buffer() noexcept { data_[0] = '\0'; }
    path_buffer(const path_buffer& o) noexcept : size_(o.size_) {
        std::memcpy(data_, o.data_, o.size_ + 1);
    }
    path_buffer& operator=(const path_buffer& o) noexcept {
        if (this != &o) {
            size_ = o.size_;
            std::memcpy(data_, o.data_, o.size_ + 1);
        }
        return *this;
    }

    /** The path (without the terminating NUL). */
    std::string_view view() const noexcept { return {data_, size_}; }
    /** The NUL-terminated path. */
    const char* c_str() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    /** The most bytes a path may hold (`path_max - 1`). */
    static constexpr std::size_t capacity() noexcept { return path_max - 1; }

    void clear() noexcept {
        size_ = 0;
        data_[0] = '\0';
    }
    /** Replaces the content; false (and unchanged) when `s` does not fit. */
    bool assign(std::string_view s) noexcept {
        if (s.size() > capacity()) return false;
        if (!s.empty()) std::memmove(data_, s.data(), s.size());
        size_ = s.size();
        data_[size_] = '\0';
        return true;
    }
    /** Appends; false (and unchanged) when the result would not fit. */
    bool append(std::string_view s) noexcept {
        if (s.size() > capacity() - size_) return false;
        if (!s.empty()) std::memcpy(data_ + size_, s.data(), s.size());
        size_ += s.size();
        data_[size_] = '\0';
        return true;
    }
    bool push_back(char c) noexcept { return append(std::string_view(&c, 1)); }
    /** Cuts the content to its first `n` bytes (`n` <= size()). */
    void truncate(std::size_t n) noexcept {
        if (n < size_) {
            size_ = n;
            data_[size_] = '\0';
        }
    }

private:
    std::size_t size_ = 0;
    char data_[path_max];
};

}  // namespace paths
CLAW_END_NAMESPACE
