// SPDX-License-Identifier: MIT
// The differential test against real bash (the arbiter): seeded random scripts run under bash with
// a PATH of logging stubs; every program bash started must be among the analyser's reachable
// commands, with the same literal words. A fixed regression corpus is replayed the same way.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include "../support/test_support.hpp"
#include "bash_oracle.hpp"
#include "script_generator.hpp"

#include <iostream>
#include <memory>
#include <random>
#include <thread>

using namespace claw::test::shell;

namespace {
struct reach_result {
    bool ok = true;
    std::string detail;
};

reach_result check_reachable(const claw::shell::analysis& a, const std::vector<call>& calls, const std::string& home) {
    reach_result r;
    if (!a.complete()) {
        // an incomplete analysis promises the conservative scan instead: every program's name is a
        // token of the text, or a command the analysis found before it stopped (deny rules look at both)
        for (const call& c : calls) {
            std::array<char, 256> buf{};
            const std::array<std::string_view, 1> words{claw::shell::scan_tokens::normalize(c.name, buf)};
            bool listed = false;
            for (const auto& cmd : a.commands()) listed = listed || cmd.name == c.name || cmd.unresolvable();
            if (!listed && !claw::shell::scan_matches(a.text(), words)) {
                r.ok = false;
                r.detail += "bash ran " + c.name + " but the conservative scan of the incomplete analysis misses it\n";
            }
        }
        return r;
    }
    for (const call& c : calls) {
        bool found = false;
        for (const auto& cmd : a.commands()) {
            const auto argv = a.argv(cmd);
            if (cmd.unresolvable()) {
                // an unresolvable command may be anything
                found = true;
                break;
            }
            if (cmd.name != c.name) continue;
            if (words_cover(argv.subspan(1), c.args, home)) {
                found = true;
                break;
            }
        }
        if (!found) {
            r.ok = false;
            r.detail += "bash ran " + c.name;
            for (const auto& x : c.args) r.detail += " [" + claw::test::visible(x) + "]";
            r.detail += " but the analysis does not list it\n";
        }
    }
    return r;
}

std::string describe(const claw::shell::analysis& a) { return claw::shell::to_json(a); }

// An independent, simple matcher of a compiled pattern against a logged argv (name + args).
bool simple_glob(const std::string& p, const std::vector<bool>& wild, std::size_t i, const std::string& s, std::size_t j) {
    if (i == p.size()) return j == s.size();
    if (wild[i]) {
        for (std::size_t k = j; k <= s.size(); ++k)
            if (simple_glob(p, wild, i + 1, s, k)) return true;
        return false;
    }
    return j < s.size() && p[i] == s[j] && simple_glob(p, wild, i + 1, s, j + 1);
}

bool simple_match(const claw::rules::shell_pattern& p, std::size_t e, const std::vector<std::string>& argv, std::size_t w,
                  const std::string& home) {
    const auto el = p.elements();
    if (e == el.size()) return w == argv.size();
    const auto& x = el[e];
    if (x.kind == claw::rules::element_kind::star) {
        for (std::size_t k = w; k <= argv.size(); ++k)
            if (simple_match(p, e + 1, argv, k, home)) return true;
        return false;
    }
    if (w == argv.size()) return false;
    std::string subject = argv[w];
    std::string text = x.text;
    std::vector<bool> wild = x.wild;
    if (x.tilde) {
        text = home + text.substr(1);
        wild.insert(wild.begin(), home.size() - 1, false);
    }
    if (w == 0 && x.kind == claw::rules::element_kind::literal) {
        const auto slash = text.rfind('/');
        if (slash != std::string::npos) text = text.substr(slash + 1);
        return subject == text && simple_match(p, e + 1, argv, w + 1, home);
    }
    if (x.kind == claw::rules::element_kind::literal) return subject == text && simple_match(p, e + 1, argv, w + 1, home);
    if (!simple_glob(text, wild, 0, subject, 0)) return false;
    if (e + 1 == el.size() && wild.back()) return true;  // a trailing `word*` absorbs the rest
    return simple_match(p, e + 1, argv, w + 1, home);
}

bool transparent_call(const call& c) {
    if (c.name == "timeout" || c.name == "nice" || c.name == "nohup" || c.name == "stdbuf" || c.name == "noglob") return true;
    return c.name == "xargs" && (c.args.empty() || c.args[0].empty() || c.args[0][0] != '-');
}

// Random allow patterns for the commands of an analysis: most get one, some do not.
std::vector<claw::rules::shell_pattern> patterns_for(const claw::shell::analysis& a, std::mt19937& rng) {
    std::vector<claw::rules::shell_pattern> out;
    for (const auto& c : a.commands()) {
        if (!claw::rules::requires_allow(c) || c.unresolvable() || rng() % 10 == 0) continue;
        const auto argv = a.argv(c);
        std::string spec = script_generator::single_quote(std::string(argv[0].text));
        const unsigned form = rng() % 3;
        if (form == 1 && argv.size() > 1 && argv[1].literal()) spec += " " + script_generator::single_quote(std::string(argv[1].text)) + " *";
        else if (form == 2) {
            bool literal = true;
            for (const auto& w : argv.subspan(1)) literal = literal && w.literal();
            if (!literal) spec += " *";
            for (const auto& w : argv.subspan(1)) {
                if (!literal) break;
                const bool tilde = (w.flags & claw::shell::word_flags::tilde) != 0;
                spec += " " + (tilde ? "~" + script_generator::single_quote(std::string(w.text.substr(1)))
                                     : script_generator::single_quote(std::string(w.text)));
            }
        } else spec += " *";
        out.push_back(claw::rules::shell_pattern::compile(spec));
    }
    return out;
}
}  // namespace

namespace {
struct batch_result {
    std::size_t scripts = 0, calls = 0, incomplete = 0, timeouts = 0, allowed = 0, allowed_calls = 0;
    std::vector<std::string> failures;
};

// Runs the seeds `first, first + step, ...` up to `last` in one sandbox (one thread per sandbox).
void run_batch(std::uint32_t first, std::uint32_t last, std::uint32_t step, batch_result& out) {
    bash_sandbox box(CLAW_SHELL_STUB);
    auto a = std::make_unique<claw::shell::analysis>();
    for (std::uint32_t seed = first; seed <= last; seed += step) {
        script_generator g(seed);
        const std::string script = g.script();
        bool timed_out = false;
        const auto log = box.run(script, timed_out);
        claw::shell::analyze(script, *a);
        ++out.scripts;
        out.calls += log.size();
        if (!a->complete()) ++out.incomplete;
        if (timed_out) {
            ++out.timeouts;
            out.failures.push_back("timeout: seed " + std::to_string(seed) + "\n" + script);
        }
        const auto r = check_reachable(*a, log, box.home());
        if (!r.ok) out.failures.push_back("seed " + std::to_string(seed) + "\nscript:\n" + script + "\n" + r.detail +
                                          "analysis: " + describe(*a));
        // allow coverage: when every fact must-matches some pattern, every logged argv is covered
        std::mt19937 rng(seed * 7919u);
        const auto patterns = patterns_for(*a, rng);
        bool all = a->complete();
        for (const auto& c : a->commands()) {
            if (!all) break;
            if (!claw::rules::requires_allow(c)) continue;
            bool any = false;
            for (const auto& p : patterns) any = any || p.must_match(*a, c);
            all = any;
        }
        if (!all) continue;
        ++out.allowed;
        for (const call& c : log) {
            if (transparent_call(c)) continue;
            ++out.allowed_calls;
            std::vector<std::string> argv{c.name};
            argv.insert(argv.end(), c.args.begin(), c.args.end());
            bool covered = false;
            for (const auto& p : patterns) covered = covered || simple_match(p, 0, argv, 0, box.home());
            if (!covered) {
                std::string d = "seed " + std::to_string(seed) + ": allowed by the patterns, but bash ran " + c.name;
                for (const auto& x : c.args) d += " [" + claw::test::visible(x) + "]";
                d += " which none of them covers:";
                for (const auto& p : patterns) d += " Bash(" + p.text() + ")";
                out.failures.push_back(d + "\nscript:\n" + script + "\nanalysis: " + describe(*a));
            }
        }
    }
}
}  // namespace

TEST_CASE("every program bash starts is a reachable command of the analysis (differential)", "[shell][differential]") {
    // CLAW_SHELL_DIFF_SEEDS=first:count explores other seeds locally; ctest runs the fixed 1..1000
    std::uint32_t first = 1, count = 1000;
    if (const char* e = std::getenv("CLAW_SHELL_DIFF_SEEDS")) {
        const std::string v = e;
        first = static_cast<std::uint32_t>(std::stoul(v.substr(0, v.find(':'))));
        count = static_cast<std::uint32_t>(std::stoul(v.substr(v.find(':') + 1)));
    }
    batch_result r1, r2;
    std::thread t([&] { run_batch(first + 1, first + count - 1, 2, r2); });
    run_batch(first, first + count - 1, 2, r1);
    t.join();
    for (const batch_result* r : {&r1, &r2})
        for (const auto& f : r->failures) FAIL_CHECK(f);
    const std::size_t scripts = r1.scripts + r2.scripts, calls = r1.calls + r2.calls;
    std::cout << "differential: " << scripts << " scripts, " << calls << " programs started by bash, "
              << r1.incomplete + r2.incomplete << " incomplete analyses; " << r1.allowed + r2.allowed
              << " scripts fully allowed by random patterns, " << r1.allowed_calls + r2.allowed_calls
              << " of their programs checked against the patterns\n";
    CHECK(r1.allowed + r2.allowed > count / 10);
    CHECK(scripts == count);
    std::cout << "differential seeds " << first << ".." << first + count - 1 << "\n";
    CHECK(calls > scripts * 3);  // the generator really makes bash start programs
    CHECK(r1.timeouts + r2.timeouts == 0);
}

TEST_CASE("the regression corpus replays against bash", "[shell][differential]") {
    const std::string corpus = claw::test::read_file(claw::test::data_dir() / "shell_regressions.txt");
    std::vector<std::pair<std::string, std::string>> cases;
    std::size_t p = 0;
    while ((p = corpus.find("#### ", p)) != std::string::npos) {
        const std::size_t title_end = corpus.find('\n', p);
        std::size_t next = corpus.find("\n#### ", title_end);
        if (next == std::string::npos) next = corpus.size();
        cases.emplace_back(corpus.substr(p + 5, title_end - p - 5), corpus.substr(title_end + 1, next - title_end));
        p = next;
    }
    REQUIRE(cases.size() >= 8);
    bash_sandbox box(CLAW_SHELL_STUB);
    auto a = std::make_unique<claw::shell::analysis>();
    std::size_t calls = 0;
    for (const auto& [title, script] : cases) {
        INFO(title << "\n" << script);
        bool timed_out = false;
        const auto log = box.run(script, timed_out);
        CHECK_FALSE(timed_out);
        CHECK_FALSE(log.empty());
        calls += log.size();
        claw::shell::analyze(script, *a);
        const auto r = check_reachable(*a, log, box.home());
        INFO(r.detail);
        CHECK(r.ok);
    }
    std::cout << "regression corpus: " << cases.size() << " scripts, " << calls << " programs started by bash\n";
}
