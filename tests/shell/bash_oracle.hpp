// SPDX-License-Identifier: MIT
// Runs scripts under the real bash with a PATH of logging stubs (tests/shell/stub.cpp) and
// returns what bash started. The sandbox: a temporary folder with `stubs/` (one script per program
// name, `#!<stub> NAME`) and `work/` (the scripts' cwd, a few files); PATH is the stub folder
// only, HOME is the temporary folder. All descendants inherit the write end of a pipe, so reading
// it to EOF waits for every process the script started (background jobs, process substitutions).
#pragma once

#include <claw/shell.hpp>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace claw::test::shell {

struct call {
    std::string name;
    std::vector<std::string> args;
};

inline std::vector<call> parse_log(const std::string& data) {
    std::vector<call> out;
    std::size_t p = 0;
    while (p + 9 <= data.size() && data[p] == 'R') {
        const std::size_t len = std::stoul(data.substr(p + 1, 8), nullptr, 16);
        const std::string payload = data.substr(p + 9, len);
        p += 9 + len;
        call c;
        std::size_t q = 0;
        bool first = true;
        while (q < payload.size()) {
            const std::size_t z = payload.find('\0', q);
            const std::string field = payload.substr(q, z - q);
            if (first) c.name = field;
            else c.args.push_back(field);
            first = false;
            q = z + 1;
        }
        out.push_back(std::move(c));
    }
    return out;
}

class bash_sandbox {
public:
    static constexpr const char* programs[] = {
        "a1", "a2", "a3", "git", "rm", "curl", "ls", "cat", "grep", "npm", "no", "wc", "sort", "touch", "mkdir",
        "timeout", "nice", "nohup", "stdbuf", "setsid", "ionice", "chrt", "taskset", "flock", "xargs", "find",
        "env", "sh", "bash", "dash", "sudo", "doas", "unbuffer", "noglob", "watch", "npx", "docker"};

    explicit bash_sandbox(const std::string& stub_exe) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "claw-shell-diff-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed in " + tmpl);
        root_ = tmpl;
        stubs_ = root_ / "stubs";
        work_ = root_ / "work";
        std::filesystem::create_directories(stubs_);
        std::filesystem::create_directories(work_ / "sub");
        for (const char* p : programs) {
            const auto path = stubs_ / p;
            std::ofstream(path) << "#!" << stub_exe << " " << p << "\n";
            ::chmod(path.c_str(), 0755);
        }
        for (const char* f : {"f1.txt", "f2.txt", "in1", "lockf"}) std::ofstream(work_ / f) << "data\n";
        log_ = root_ / "log";
    }
    ~bash_sandbox() {
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }
    bash_sandbox(const bash_sandbox&) = delete;
    bash_sandbox& operator=(const bash_sandbox&) = delete;

    const std::filesystem::path& stubs() const { return stubs_; }
    const std::filesystem::path& work() const { return work_; }
    std::string home() const { return root_.string(); }

    /** Runs one script; returns the calls bash made (in log order). `timed_out` reports a hang. */
    std::vector<call> run(const std::string& script, bool& timed_out) {
        timed_out = false;
        const auto file = root_ / "script.sh";
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << script;
        }
        std::filesystem::remove(log_);
        // reset the work folder's scratch files
        for (const auto& e : std::filesystem::directory_iterator(work_)) {
            const auto n = e.path().filename().string();
            if (n != "f1.txt" && n != "f2.txt" && n != "in1" && n != "lockf" && n != "sub")
                std::filesystem::remove_all(e.path());
        }
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        const std::string path_env = "PATH=" + stubs_.string();
        const std::string log_env = "CLAW_STUB_LOG=" + log_.string();
        const std::string home_env = "HOME=" + root_.string();
        const std::string stub_env = "STUB=" + stubs_.string();
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            ::setpgid(0, 0);
            ::dup2(fds[1], 9);  // inherited by every descendant, without CLOEXEC
            const int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 0);
            ::dup2(null, 1);
            ::dup2(null, 2);
            if (::chdir(work_.c_str()) != 0) ::_exit(126);
            const char* envp[] = {path_env.c_str(), log_env.c_str(), home_env.c_str(), stub_env.c_str(), "LC_ALL=C",
                                  nullptr};
            const char* argv[] = {"bash", "--norc", "--noprofile", file.c_str(), nullptr};
            ::execve("/bin/bash", const_cast<char* const*>(argv), const_cast<char* const*>(envp));
            ::_exit(127);
        }
        ::setpgid(pid, pid);
        ::close(fds[1]);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (;;) {
            pollfd p{fds[0], POLLIN, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            if (left <= 0) {
                timed_out = true;
                ::kill(-pid, SIGKILL);
                break;
            }
            const int r = ::poll(&p, 1, static_cast<int>(left));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) continue;
            char buf[64];
            const ssize_t n = ::read(fds[0], buf, sizeof buf);
            if (n <= 0) break;  // EOF: every descendant has exited
        }
        ::close(fds[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        std::ifstream in(log_, std::ios::binary);
        const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        return parse_log(data);
    }

private:
    std::filesystem::path root_, stubs_, work_, log_;
};

/** True when analysed words `w` can produce the logged arguments `args` (literal words equal, opaque
 *  words any one argument, words that may split any run of arguments). */
inline bool words_cover(std::span<const claw::shell::word> w, const std::vector<std::string>& args,
                        const std::string& home = {}) {
    // set of reachable positions in args, over the words
    std::vector<char> reach(args.size() + 1, 0), next(args.size() + 1, 0);
    reach[0] = 1;
    for (const auto& x : w) {
        std::fill(next.begin(), next.end(), 0);
        for (std::size_t i = 0; i <= args.size(); ++i) {
            if (!reach[i]) continue;
            if (x.may_split()) {
                for (std::size_t j = i; j <= args.size(); ++j) next[j] = 1;
                continue;
            }
            if (i == args.size()) continue;
            const bool tilde = (x.flags & claw::shell::word_flags::tilde) != 0;
            if (x.opaque() || x.lit_or_opaque() || x.text == args[i] ||
                (tilde && home + std::string(x.text.substr(1)) == args[i]))
                next[i + 1] = 1;
        }
        reach.swap(next);
    }
    return reach[args.size()] != 0;
}

}  // namespace claw::test::shell
