// SPDX-License-Identifier: MIT
// The shell analysis and command patterns: analysing `git status`, a compound command and a
// ~200-byte command with substitutions and wrappers; matching one analysed command against 16 and
// 1,000 patterns (indexed by the lower-cased first word, as RULES.md S15 asks of the rules layer,
// and a linear scan for comparison); and a check-shaped run (analysis + deny/ask/allow matching of
// every fact) against 1,000 + 1,000 + 1,000 rules.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {
const std::string git_status = "git status";
const std::string compound = "git status && npm test | grep -c ok";
const std::string long_command =
    "FOO=1 timeout 30 nice -n 5 env LANG=C git -C \"$(git rev-parse --show-toplevel)\" log --oneline -n 20 "
    "| grep -v \"$(cat .ignore 2>/dev/null)\" | xargs -n1 echo > /dev/null && echo done `date +%s` # ok";
static_assert(sizeof("") == 1);

std::vector<claw::rules::shell_pattern> make_patterns(std::size_t n, const char* kind) {
    static const char* programs[] = {"git", "npm", "grep", "ls", "cat", "rm", "curl", "docker", "make", "cargo",
                                     "python", "node", "sed", "find", "kubectl", "go"};
    std::vector<claw::rules::shell_pattern> out;
    for (std::size_t i = 0; i < n; ++i) {
        // 16 programs, then distinct tool names: a bucket holds a handful of rules, as in real settings
        const std::string p = i < 16 ? programs[i] : std::string(programs[i % 16]) + "-tool" + std::to_string(i / 16);
        std::string spec = p + " sub" + std::to_string(i) + " *";
        if (i % 7 == 3) spec = p + "-" + std::to_string(i) + " *";
        if (std::string(kind) == "deny" && i % 5 == 0) spec = p + " -rf x" + std::to_string(i);
        out.push_back(claw::rules::shell_pattern::compile(spec));
    }
    // the rules that matter for the benchmark commands
    if (std::string(kind) == "allow") {
        out.push_back(claw::rules::shell_pattern::compile("git status"));
        out.push_back(claw::rules::shell_pattern::compile("npm test *"));
        out.push_back(claw::rules::shell_pattern::compile("grep *"));
    }
    return out;
}

// An index by lower-cased first word (plus a bucket for STAR/GLOB first elements).
struct pattern_index {
    std::map<std::string, std::vector<const claw::rules::shell_pattern*>, std::less<>> by_name;
    std::vector<const claw::rules::shell_pattern*> wild;
    explicit pattern_index(const std::vector<claw::rules::shell_pattern>& ps) {
        for (const auto& p : ps) {
            if (p.index_key().empty()) wild.push_back(&p);
            else by_name[std::string(p.index_key())].push_back(&p);
        }
    }
    template <class F>
    bool any(std::string_view name, F&& f) const {
        char buf[64];
        std::size_t n = 0;
        for (const char c : name) {
            if (n == sizeof buf) return false;
            buf[n++] = claw::shell::detail::ascii_lower(c);
        }
        const auto it = by_name.find(std::string_view(buf, n));
        if (it != by_name.end())
            for (const auto* p : it->second)
                if (f(*p)) return true;
        for (const auto* p : wild)
            if (f(*p)) return true;
        return false;
    }
};

void analyze_text(benchmark::State& state, const std::string& text) {
    auto a = std::make_unique<claw::shell::analysis>();
    for (auto _ : state) {
        claw::shell::analyze(text, *a);
        benchmark::DoNotOptimize(a->commands().size());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["commands"] = static_cast<double>(a->commands().size());
}

void match_one(benchmark::State& state, std::size_t n, bool indexed, bool allow) {
    const auto patterns = make_patterns(n, allow ? "allow" : "deny");
    const pattern_index index(patterns);
    auto a = std::make_unique<claw::shell::analysis>();
    claw::shell::analyze(compound, *a);
    const auto& c = a->commands()[1];  // npm test
    for (auto _ : state) {
        bool hit = false;
        const auto f = [&](const claw::rules::shell_pattern& p) {
            return allow ? p.must_match(*a, c) : p.may_match(*a, c) != claw::rules::may_result::no;
        };
        if (indexed) {
            hit = index.any(c.name, f);
        } else {
            for (const auto& p : patterns)
                if (f(p)) {
                    hit = true;
                    break;
                }
        }
        benchmark::DoNotOptimize(hit);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// analysis + deny (may) + ask (may) + allow (must) over every fact, indexed: the shape of a check
void check_like(benchmark::State& state, const std::string& text, std::size_t n) {
    const auto deny = make_patterns(n, "deny"), ask = make_patterns(n, "ask"), allow = make_patterns(n, "allow");
    const pattern_index di(deny), ai(ask), li(allow);
    auto a = std::make_unique<claw::shell::analysis>();
    for (auto _ : state) {
        claw::shell::analyze(text, *a);
        int verdict = 0;
        for (const auto& c : a->commands()) {
            const auto may = [&](const claw::rules::shell_pattern& p) { return p.may_match(*a, c) != claw::rules::may_result::no; };
            if (di.any(c.name, may)) verdict = 2;
            if (ai.any(c.name, may) && verdict < 1) verdict = 1;
            if (claw::rules::requires_allow(c) &&
                !li.any(c.name, [&](const claw::rules::shell_pattern& p) { return p.must_match(*a, c); }) && verdict < 1)
                verdict = 1;
        }
        benchmark::DoNotOptimize(verdict);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
}  // namespace

BENCHMARK_CAPTURE(analyze_text, git_status, git_status)->Name("shell/analyze/git_status");
BENCHMARK_CAPTURE(analyze_text, compound, compound)->Name("shell/analyze/compound");
BENCHMARK_CAPTURE(analyze_text, long, long_command)->Name("shell/analyze/200_bytes_substitutions_wrappers");
BENCHMARK_CAPTURE(match_one, may16, 16, true, false)->Name("shell/may_match/16/indexed");
BENCHMARK_CAPTURE(match_one, may1000, 1000, true, false)->Name("shell/may_match/1000/indexed");
BENCHMARK_CAPTURE(match_one, may1000lin, 1000, false, false)->Name("shell/may_match/1000/linear");
BENCHMARK_CAPTURE(match_one, must16, 16, true, true)->Name("shell/must_match/16/indexed");
BENCHMARK_CAPTURE(match_one, must1000, 1000, true, true)->Name("shell/must_match/1000/indexed");
BENCHMARK_CAPTURE(match_one, must1000lin, 1000, false, true)->Name("shell/must_match/1000/linear");
BENCHMARK_CAPTURE(check_like, simple16, git_status, 16)->Name("shell/check_shape/git_status/16x3");
BENCHMARK_CAPTURE(check_like, compound1000, compound, 1000)->Name("shell/check_shape/compound/1000x3");
BENCHMARK_CAPTURE(check_like, long1000, long_command, 1000)->Name("shell/check_shape/200_bytes/1000x3");
