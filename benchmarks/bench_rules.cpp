// SPDX-License-Identifier: MIT
// The rules policy end to end (`rules_policy::check`, RULES.md S15): shell commands against
// 16 + 16 + 16 and 1,000 + 1,000 + 1,000 rules, tool-name, MCP and WebFetch rules at 16 and 1,000
// rules per list, path rules at 1,000 with and without symbolic-link resolution, and loading and
// compiling 10,000 rules.
#include <claw/permissions/rules.hpp>

#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

const char* const programs[] = {"git",  "npm",    "grep",   "ls",   "cat",   "rm",  "curl", "docker",
                                "make", "cargo",  "python", "node", "sed",   "find", "kubectl", "go"};

// Settings with `n` rules per list of the given kind; the rules that decide the benchmark requests
// are the last of their list, so an early match cannot hide the cost of the others.
std::string settings(std::size_t n, const std::string& kind) {
    boost::json::array allow, ask, deny;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string p = programs[i % 16];
        const std::string k = std::to_string(i);
        if (kind == "shell") {
            allow.push_back(boost::json::string("Bash(" + p + " sub" + k + " *)"));
            ask.push_back(boost::json::string("Bash(" + p + " push" + k + " *)"));
            deny.push_back(boost::json::string("Bash(" + p + " --force x" + k + ")"));
        } else if (kind == "tool") {
            allow.push_back(boost::json::string("Tool" + k + "Allowed"));
            ask.push_back(boost::json::string("Tool" + k + "Asked"));
            deny.push_back(boost::json::string("Tool" + k + "Denied"));
        } else if (kind == "mcp") {
            allow.push_back(boost::json::string("mcp__server" + k + "__get_*"));
            ask.push_back(boost::json::string("mcp__server" + k + "__update_*"));
            deny.push_back(boost::json::string("mcp__server" + k + "__delete_*"));
        } else if (kind == "web") {
            allow.push_back(boost::json::string("WebFetch(domain:docs" + k + ".example.com)"));
            ask.push_back(boost::json::string("WebFetch(domain:*.ask" + k + ".example)"));
            deny.push_back(boost::json::string("WebFetch(domain:*.evil" + k + ".example)"));
        } else if (kind == "path") {
            allow.push_back(boost::json::string("Read(./src" + k + "/**)"));
            ask.push_back(boost::json::string("Read(~/.config/app" + k + "/*.toml)"));
            deny.push_back(boost::json::string("Read(./secrets" + k + "/**)"));
        }
    }
    if (kind == "shell") {
        allow.push_back(boost::json::string("Bash(git status)"));
        allow.push_back(boost::json::string("Bash(npm test *)"));
        allow.push_back(boost::json::string("Bash(grep *)"));
    } else if (kind == "mcp") {
        allow.push_back(boost::json::string("mcp__github__get_*"));
    } else if (kind == "web") {
        allow.push_back(boost::json::string("WebFetch(domain:docs.example.com)"));
    } else if (kind == "path") {
        allow.push_back(boost::json::string("Read(./docs/**)"));
    }
    boost::json::object perms{{"allow", allow}, {"ask", ask}, {"deny", deny}};
    return boost::json::serialize(boost::json::object{{"permissions", perms}});
}

// The workspace and home of the benchmark policies: folders that exist, as a harness's do (a
// check resolves links along the paths it meets), removed at exit.
struct bench_folders {
    std::string base, workspace, home;
    bench_folders() {
        const auto b = std::filesystem::temp_directory_path() / ("claw-bench-rules-" + std::to_string(::getpid()));
        std::filesystem::create_directories(b / "workspace");
        std::filesystem::create_directories(b / "home");
        base = std::filesystem::canonical(b).string();
        workspace = base + "/workspace";
        home = base + "/home";
    }
    ~bench_folders() {
        std::error_code ec;
        std::filesystem::remove_all(base, ec);
    }
};
const bench_folders& folders() {
    static const bench_folders f;
    return f;
}

claw::rules::environment bench_environment() {
    claw::rules::environment env;
    env.cwd = folders().workspace;
    env.home = folders().home;
    return env;
}

std::shared_ptr<const claw::rules_policy> policy(std::size_t n, const std::string& kind, bool resolve = true) {
    claw::rules::environment env = bench_environment();
    env.resolve_symlinks = resolve;
    return std::make_shared<const claw::rules_policy>(claw::rules_policy::from_json(settings(n, kind), env));
}

void check_one(benchmark::State& state, std::shared_ptr<const claw::rules_policy> p, const char* tool,
               std::string input, claw::verdict expected) {
    const claw::tool_request request{tool, input};
    if (p->check(request).what != expected) {
        state.SkipWithError("the request was not decided as the benchmark expects");
        return;
    }
    for (auto _ : state) {
        const claw::decision d = p->check(request);
        benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

const std::string git_status = "git status";
const std::string compound = "git status && npm test | grep -c ok";
const std::string long_command =
    "FOO=1 timeout 30 nice -n 5 env LANG=C git -C \"$(git rev-parse --show-toplevel)\" log --oneline -n 20 "
    "| grep -v \"$(cat .ignore 2>/dev/null)\" | xargs -n1 echo > /dev/null && echo done `date +%s` # ok";
// The same size without a floor (git -C asks above whatever the rules say): every command is
// looked up in the three lists and allowed by a rule or the read-only set.
const std::string long_allowed =
    "LC_ALL=C timeout 30 nice -n 5 git log --oneline -n 20 -- src | grep -v -e wip | head -n 5 > /dev/null && "
    "cat .ignore 2>/dev/null && npm test -- --grep \"$(git branch --show-current)\" `git rev-parse HEAD`";

void register_all() {
    using claw::verdict;
    for (const std::size_t n : {std::size_t{16}, std::size_t{1000}}) {
        const std::string size = std::to_string(n) + "x3";
        auto shell = policy(n, "shell");
        benchmark::RegisterBenchmark(("rules/shell/git_status/" + size).c_str(), check_one, shell, "Bash", git_status, verdict::allow);
        benchmark::RegisterBenchmark(("rules/shell/compound/" + size).c_str(), check_one, shell, "Bash", compound, verdict::allow);
        benchmark::RegisterBenchmark(("rules/shell/200_bytes/" + size).c_str(), check_one, shell, "Bash", long_command, verdict::ask);
        benchmark::RegisterBenchmark(("rules/shell/200_bytes_allowed/" + size).c_str(), check_one, shell, "Bash",
                                     long_allowed, verdict::allow);
        benchmark::RegisterBenchmark(("rules/tool_name/" + size).c_str(), check_one, policy(n, "tool"), "Tool7Asked",
                                     std::string(), verdict::ask);
        benchmark::RegisterBenchmark(("rules/mcp/" + size).c_str(), check_one, policy(n, "mcp"),
                                     "mcp__github__get_issue", std::string("{}"), verdict::allow);
        benchmark::RegisterBenchmark(("rules/webfetch/" + size).c_str(), check_one, policy(n, "web"), "WebFetch",
                                     std::string("https://docs.example.com/guide?x=1"), verdict::allow);
    }
    benchmark::RegisterBenchmark("rules/path/1000x3/no_resolution", check_one, policy(1000, "path", false), "Read",
                                 folders().workspace + "/docs/guide/intro.md", verdict::allow);
    benchmark::RegisterBenchmark("rules/path/1000x3/resolution", check_one, policy(1000, "path", true), "Read",
                                 folders().workspace + "/docs/guide/intro.md", verdict::allow);
    benchmark::RegisterBenchmark("rules/load/10000", [](benchmark::State& state) {
        const std::string text = settings(3334, "shell");
        const claw::rules::environment env = bench_environment();
        for (auto _ : state) {
            auto p = std::make_unique<claw::rules_policy>(claw::rules_policy::from_json(text, env));
            benchmark::DoNotOptimize(p);
            state.PauseTiming();  // freeing the policy is not part of loading it
            p.reset();
            state.ResumeTiming();
        }
        state.counters["rules"] = 3334 * 3 + 3;
    })->Unit(benchmark::kMillisecond);
}

const bool registered = (register_all(), true);

}  // namespace
