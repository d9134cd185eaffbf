// SPDX-License-Identifier: MIT
// The differential test against real bash (the arbiter): seeded random scripts run under bash with
// a PATH of logging stubs; every program bash started must be among the analyser's reachable
// commands, with the same literal words. A fixed regression corpus is replayed the same way.
#include <claw/shell.hpp>

#include "../support/test_support.hpp"
#include "bash_oracle.hpp"
#include "script_generator.hpp"

#include <iostream>
#include <memory>
#include <thread>

using namespace claw::test::shell;

namespace {
struct reach_result {
    bool ok = true;
    std::string detail;
};

reach_result check_reachable(const claw::shell::analysis& a, const std::vector<call>& calls, const std::string& home) {
    reach_result r;
    for (const call& c : calls) {
        bool found = false;
        for (const auto& cmd : a.commands()) {
            const auto argv = a.argv(cmd);
            if (argv.empty()) continue;
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
}  // namespace

namespace {
struct batch_result {
    std::size_t scripts = 0, calls = 0, incomplete = 0, timeouts = 0;
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
    }
}
}  // namespace

TEST_CASE("every program bash starts is a reachable command of the analysis (differential)", "[shell][differential]") {
    constexpr std::uint32_t count = 1200;
    batch_result r1, r2;
    std::thread t([&] { run_batch(2, count, 2, r2); });
    run_batch(1, count, 2, r1);
    t.join();
    for (const batch_result* r : {&r1, &r2})
        for (const auto& f : r->failures) FAIL_CHECK(f);
    const std::size_t scripts = r1.scripts + r2.scripts, calls = r1.calls + r2.calls;
    std::cout << "differential: " << scripts << " scripts, " << calls << " programs started by bash, "
              << r1.incomplete + r2.incomplete << " incomplete analyses\n";
    CHECK(scripts == count);
    CHECK(calls > scripts * 3);  // the generator really makes bash start programs
    CHECK(r1.timeouts + r2.timeouts == 0);
}
