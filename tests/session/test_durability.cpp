// SPDX-License-Identifier: MIT
// Attacks on the file store: concurrent writers (threads and processes) and writers killed with
// SIGKILL at random moments. After each, every file must parse and equal a version some writer
// saved: never a partial file, never a mixture.
#include <claw/session.hpp>

#include "../support/test_support.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using claw::stored_session;

namespace {

struct temp_dir : claw::test::temp_dir {
    temp_dir() : claw::test::temp_dir("claw-durability") {}
};

// Versions of one session, told apart by their first message; sizes from a few bytes to ~60 KB
// so that some writes take long enough to be interrupted.
std::vector<stored_session> versions_of(const std::string& id) {
    std::vector<stored_session> v;
    for (int k = 0; k < 6; ++k) {
        stored_session s{id, {"version " + std::to_string(k)}, k, 10 * k};
        const std::size_t extra = k % 2 ? std::size_t{1} << (6 + k) : 3;
        for (std::size_t m = 0; m < extra; ++m) s.messages.push_back("message " + std::to_string(m) + " caf\u00e9 \u03a3");
        v.push_back(std::move(s));
    }
    return v;
}

// The version index `s` equals, or -1.
int which_version(const stored_session& s, const std::vector<stored_session>& versions) {
    for (std::size_t k = 0; k < versions.size(); ++k)
        if (s == versions[k]) return static_cast<int>(k);
    return -1;
}

}  // namespace

TEST_CASE("8 threads and 4 processes saving the same and different ids: every file is a whole version",
          "[session][durability]") {
    temp_dir dir;
    const claw::json_file_store store(dir.path, claw::durability::none);
    const auto shared = versions_of("shared");
    store.save(shared[0]);

    constexpr int threads = 8, processes = 4, saves_each = 400;
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            try {
                const claw::json_file_store child_store(dir.path, claw::durability::none);
                const auto own = versions_of("proc" + std::to_string(p));
                for (int i = 0; i < saves_each; ++i) {
                    child_store.save(shared[static_cast<std::size_t>((i + p) % 6)]);
                    child_store.save(own[static_cast<std::size_t>(i % 6)]);
                }
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }

    std::atomic<bool> stop{false};
    std::atomic<int> bad_reads{0}, reads{0}, failures{0};
    std::thread reader([&] {
        while (!stop.load()) {
            try {
                if (which_version(store.load("shared"), shared) < 0) ++bad_reads;
                ++reads;
            } catch (...) {
                ++bad_reads;
            }
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&, t] {
            try {
                const auto own = versions_of("thread" + std::to_string(t));
                for (int i = 0; i < saves_each; ++i) {
                    store.save(shared[static_cast<std::size_t>((i * 7 + t) % 6)]);
                    store.save(own[static_cast<std::size_t>(i % 6)]);
                }
            } catch (...) {
                ++failures;
            }
        });
    }
    for (auto& w : writers) w.join();
    for (const pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    stop = true;
    reader.join();

    CHECK(failures == 0);
    CHECK(bad_reads == 0);
    CHECK(reads > 0);
    CHECK(which_version(store.load("shared"), shared) >= 0);
    // Each writer's own id holds the version it saved last.
    constexpr int last = (saves_each - 1) % 6;
    for (int t = 0; t < threads; ++t) CHECK(which_version(store.load("thread" + std::to_string(t)),
                                                          versions_of("thread" + std::to_string(t))) == last);
    for (int p = 0; p < processes; ++p) CHECK(which_version(store.load("proc" + std::to_string(p)),
                                                            versions_of("proc" + std::to_string(p))) == last);
    // Every finished save renamed its temporary file away.
    std::size_t leftovers = 0;
    for (const auto& e : fs::directory_iterator(dir.path)) leftovers += e.path().extension() == ".tmp" ? 1 : 0;
    CHECK(leftovers == 0);
}

TEST_CASE("a writer killed with SIGKILL at random moments never leaves a torn file (200 kills)",
          "[session][durability]") {
    temp_dir dir;
    const auto versions = versions_of("crash");
    for (const auto mode : {claw::durability::none, claw::durability::fsync}) {
        const claw::json_file_store store(dir.path, mode);
        store.save(versions[0]);
        std::mt19937_64 rng(mode == claw::durability::none ? 1 : 2);
        const int kills = mode == claw::durability::none ? 200 : 30;
        int interrupted_mid_write = 0;
        // At least `kills` kills; more (up to ten times as many) until one has landed inside a save,
        // which a fast file system (tmpfs, fsync near free) makes rare enough to miss in 30.
        for (int k = 0; k < kills || (interrupted_mid_write == 0 && k < 10 * kills); ++k) {
            const pid_t pid = ::fork();
            REQUIRE(pid >= 0);
            if (pid == 0) {
                for (std::size_t i = 0;; ++i) store.save(versions[(i + static_cast<std::size_t>(k)) % versions.size()]);
            }
            std::this_thread::sleep_for(std::chrono::microseconds(200 + rng() % 3000));
            ::kill(pid, SIGKILL);
            int status = 0;
            REQUIRE(::waitpid(pid, &status, 0) == pid);
            REQUIRE(WIFSIGNALED(status));
            const stored_session after = store.load("crash");
            INFO("kill " << k);
            REQUIRE(which_version(after, versions) >= 0);
            // Clean the temporary files the killed writer may have left, counting them.
            for (const auto& e : fs::directory_iterator(dir.path)) {
                if (e.path().extension() == ".tmp") {
                    ++interrupted_mid_write;
                    fs::remove(e.path());
                }
            }
        }
        // The kills really landed inside saves, not only between them.
        CHECK(interrupted_mid_write > 0);
    }
}
