// SPDX-License-Identifier: MIT
// Option spellings that hid a write, an execution or a read from the rules (RULES.md S6.8, S7.3 e,
// S12): a value-taking letter inside a short-option cluster, git's long-option abbreviations with
// an opaque value, a glob that may expand to an option, `git SUB --help`. Each bypass below was
// confirmed with real bash and the real program (tree 2.1.0, git 2.39, GNU sort/find/grep/file).
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

namespace {
// The settings of the report that found these bypasses.
constexpr const char* tester_rules =
    R"J({"allow":["Bash(git log:*)","Bash(git show *)","Bash(sort *)","Bash(echo *)","Bash(ls *)"],
        "deny":["Read(./.env)","Read(~/.ssh/**)","Edit(~/.bashrc)"]})J";
}  // namespace

// ------------------------------------------------------------------- 1. tree -o inside a cluster

TEST_CASE("option spellings: tree -ifo F / -lo F / -do F write F: not read-only, deny Edit fires",
          "[permissions][rules][option-spellings]") {
    const rules_env e(tester_rules, "default");
    all_deny(e, {"tree -ifo ~/.bashrc --noreport", "tree -ifo~/.bashrc x", "tree -lo .env a.txt", "tree -o.env a",
                 "tree -ifo.env a"});
    none_allowed(e, {"tree -do /etc/cron.d/x", "tree -do x", "tree -Lo 2 x", "tree -ao out"});
    const rules_env ro("{}", "read-only");
    none_allowed(ro, {"tree -ifo x --noreport", "tree -lo x a.txt", "tree -do /etc/cron.d/x", "tree -oX ."});
    // controls: options without -o stay read-only
    all_allowed(ro, {"tree", "tree -L 2", "tree -a -I node_modules", "tree -H .", "tree -ifd"});
}

