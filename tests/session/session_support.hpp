// SPDX-License-Identifier: MIT
// Helpers of the session tests: fault injection for the system calls the store makes (the
// definitions live in syscall_faults.cpp, which interposes fsync, syncfs and getrandom for this
// executable), a working folder that is the current directory for a test's lifetime, and a way to
// run a check in a forked child (another user, a seccomp-free sandbox, a crash) and read its verdict.
#pragma once

#include "../support/test_support.hpp"

#include <atomic>
#include <cerrno>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace claw::test::faults {

/** When non-zero, getrandom fails with this errno. */
inline std::atomic<int> getrandom_errno{0};
/** When true, every fsync and syncfs records the path of its descriptor in `synced()`. */
inline std::atomic<bool> log_syncs{false};
/** When non-empty, fsync of a FOLDER whose path ends with this text fails with EIO. */
inline std::string fail_folder_fsync_suffix;

inline std::mutex& log_mutex() {
    static std::mutex m;
    return m;
}
/** The paths synced while `log_syncs` was set: "fsync:<path>" or "syncfs:<path>". */
inline std::vector<std::string>& synced() {
    static std::vector<std::string> v;
    return v;
}

/** Turns logging on for its lifetime and clears the log first. */
struct sync_log {
    sync_log() {
        std::lock_guard lock(log_mutex());
        synced().clear();
        log_syncs = true;
    }
    ~sync_log() { log_syncs = false; }
    std::vector<std::string> entries() const {
        std::lock_guard lock(log_mutex());
        return synced();
    }
    bool has(const std::string& entry) const {
        for (const auto& e : entries())
            if (e == entry) return true;
        return false;
    }
};

}  // namespace claw::test::faults

namespace claw::test {

/** A fresh folder, made the working directory for the test's lifetime. */
struct scratch_cwd : temp_dir {
    std::filesystem::path previous = std::filesystem::current_path();
    explicit scratch_cwd(const std::string& tag = "claw-session") : temp_dir(tag) {
        std::filesystem::current_path(path);
    }
    ~scratch_cwd() { std::filesystem::current_path(previous); }
};

/**
 * Runs `f` in a forked child and returns what it returned (an empty string means success). A child
 * that crashes or throws reports that instead. Catch2 assertions must not be used inside `f`.
 */
inline std::string run_in_child(const std::function<std::string()>& f) {
    int fds[2];
    if (::pipe(fds) != 0) return "pipe failed";
    const pid_t pid = ::fork();
    if (pid < 0) return "fork failed";
    if (pid == 0) {
        ::close(fds[0]);
        std::string verdict;
        try {
            verdict = f();
        } catch (const std::exception& e) {
            verdict = std::string("child threw: ") + e.what();
        } catch (...) {
            verdict = "child threw a non-standard exception";
        }
        std::size_t done = 0;
        while (done < verdict.size()) {
            const ssize_t n = ::write(fds[1], verdict.data() + done, verdict.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return "child died (status " + std::to_string(status) + "); it said: " + out;
    return out;
}

/** True when `s` holds no byte below 0x20 and no DEL: a one-line, escape-free message. */
inline bool one_clean_line(std::string_view s) {
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F) return false;
    }
    return true;
}

}  // namespace claw::test
