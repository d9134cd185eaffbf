// SPDX-License-Identifier: MIT
// The stub program of the differential test. Each stub in the test's PATH is a script whose first
// line is `#!<this program> NAME`, so the kernel runs `stub NAME SCRIPT ARGS...`. The stub appends
// NAME and ARGS to the log named by CLAW_STUB_LOG (one write: "R<8 hex length>" then NUL-separated
// fields), then either exits (dangerous or unknown programs are only logged, never run) or, for a
// wrapper, really runs the wrapper so that its inner command is found through PATH again.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {
void log_call(const std::string& name, const std::vector<std::string>& args) {
    const char* path = std::getenv("CLAW_STUB_LOG");
    if (!path) return;
    std::string payload = name;
    payload.push_back('\0');
    for (const auto& a : args) {
        payload += a;
        payload.push_back('\0');
    }
    char head[16];
    std::snprintf(head, sizeof head, "R%08zx", payload.size());
    const std::string record = head + payload;
    const int fd = ::open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return;
    const ssize_t n = ::write(fd, record.data(), record.size());
    (void)n;
    ::close(fd);
}

[[noreturn]] void run(const std::string& file, const std::vector<std::string>& args, bool search) {
    std::vector<char*> v;
    for (const auto& a : args) v.push_back(const_cast<char*>(a.c_str()));
    v.push_back(nullptr);
    if (search) ::execvp(file.c_str(), v.data());
    else ::execv(file.c_str(), v.data());
    std::_Exit(127);
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Skips options as `with_arg`/`flags` say; returns the index of the first operand.
std::size_t skip_options(const std::vector<std::string>& a, std::size_t i, std::string_view with_arg) {
    while (i < a.size()) {
        const std::string& w = a[i];
        if (w == "--") return i + 1;
        if (w.size() < 2 || w[0] != '-') return i;
        if (starts(w, "--")) {
            ++i;
            continue;
        }
        bool takes_next = false;
        for (std::size_t j = 1; j < w.size(); ++j) {
            if (with_arg.find(w[j]) != std::string_view::npos) {
                takes_next = j + 1 == w.size();
                break;
            }
        }
        i += takes_next ? 2 : 1;
    }
    return i;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    const std::string name = argv[1];
    std::vector<std::string> args(argv + 3, argv + argc);
    log_call(name, args);
    std::vector<std::string> full{name};
    full.insert(full.end(), args.begin(), args.end());

    static const char* real[] = {"timeout", "nice", "nohup", "stdbuf", "setsid", "ionice", "chrt",
                                 "taskset", "flock", "xargs", "find"};
    for (const char* r : real)
        if (name == r) run(std::string("/usr/bin/") + r, full, false);
    if (name == "env") {
        bool clears = false, path = false;
        for (const auto& a : args) {
            if (a == "-" || a == "--ignore-environment" || starts(a, "-u") || starts(a, "--unset")) clears = true;
            if (a.size() > 1 && a[0] == '-' && a[1] != '-' && a.find('i') != std::string::npos) clears = true;
            if (starts(a, "PATH=")) path = true;
        }
        if (clears && !path) return 0;  // would search the default PATH: never run real programs
        run("/usr/bin/env", full, false);
    }
    if (name == "sh" || name == "bash" || name == "dash" || name == "zsh" || name == "ksh" || name == "mksh") {
        std::vector<std::string> v{"bash", "--norc", "--noprofile"};
        for (std::size_t i = 0; i < args.size(); ++i) {
            std::string a = args[i];
            if (a == "-l" || a == "--login" || a == "-i") continue;
            if (a == "--rcfile" || a == "--init-file") {
                ++i;
                continue;
            }
            if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
                std::string b = "-";
                for (std::size_t j = 1; j < a.size(); ++j)
                    if (a[j] != 'l' && a[j] != 'i') b.push_back(a[j]);
                if (b == "-") continue;
                a = b;
            }
            v.push_back(a);
        }
        if (name == "sh" || name == "dash") {
            v[0] = "dash";
            v.erase(v.begin() + 1, v.begin() + 3);
            run("/bin/dash", v, false);
        }
        run("/bin/bash", v, false);
    }
    if (name == "sudo" || name == "doas" || name == "unbuffer" || name == "noglob") {
        std::size_t i = 0;
        if (name == "sudo") {
            i = skip_options(args, 0, "aCcDgprTtUuR");
            while (i < args.size() && args[i].find('=') != std::string::npos && args[i][0] != '=') ++i;
        } else if (name == "doas") {
            i = skip_options(args, 0, "Cu");
        } else if (name == "unbuffer") {
            i = skip_options(args, 0, "");
        }
        if (i >= args.size()) return 0;
        run(args[i], std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(i), args.end()), true);
    }
    if (name == "watch") {
        bool exec = false;
        std::size_t i = 0;
        while (i < args.size()) {
            const std::string& w = args[i];
            if (w == "--") {
                ++i;
                break;
            }
            if (w.size() < 2 || w[0] != '-') break;
            if (w == "-x" || w == "--exec") exec = true;
            i += (w == "-n" || w == "-q") ? 2 : 1;
        }
        if (i >= args.size()) return 0;
        if (exec) run(args[i], std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(i), args.end()), true);
        std::string script;
        for (std::size_t j = i; j < args.size(); ++j) script += (j > i ? " " : "") + args[j];
        run("/bin/sh", {"sh", "-c", script}, false);
    }
    if (name == "ls") {
        const ssize_t n = ::write(1, "f1.txt\nf2.txt\n", 14);
        (void)n;
        return 0;
    }
    if (name == "no") return 1;
    return 0;
}
