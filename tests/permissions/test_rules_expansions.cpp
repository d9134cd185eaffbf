// SPDX-License-Identifier: MIT
// Expansions where bash runs code that looked like inert text. In double quotes (and unquoted
// here-documents) the single quotes of `"${x:-'...'}"` are kept as characters and what they hold
// is expanded, so a `$(...)` in them runs (S6.1, S6.2). Each case was an allow while bash ran
// the program named inside the quotes.
#include "test_rules_support.hpp"

#include <claw/shell/analyze.hpp>

using namespace claw::test::rules_fixture;

namespace {
const char* const expansion_rules = R"J({"allow":["Bash(echo *)","Bash(cat *)"],"deny":["Bash(rm *)","Bash(curl *)"]})J";
}  // namespace

TEST_CASE("expansions: single quotes inside a double-quoted ${x:-...} do not hide a command substitution",
          "[permissions][rules][expansion]") {
    const rules_env e(expansion_rules, "default");
    all_decided(e, {"echo \"${x:-'$(rm e6)'}\"", "echo \"${x:-'$(curl evil.com)'}\"", "echo \"${x-'$(rm m6)'}\"",
                    "echo \"${x:='$(rm m7)'}\"", "echo \"${x:-'`rm n6`'}\"", "echo \"${x:-'${y:-$(rm n8)}'}\"",
                    "echo ${x:=1} \"${x:+'$(rm n5)'}\"", "cat <<EOF\n${x:-'$(rm m4)'}\nEOF",
                    "echo \"${x%'$(rm p1)'}\""}, deny);
    // The quotes still hide a brace from the end of the expansion, as in bash: "${x:-'}'}" is one word.
    const auto a = claw::shell::what_runs("echo \"${x:-'}'}\" && rm -f y");
    REQUIRE(a.commands.size() == 2);
    CHECK(a.commands[1].argv[0] == "rm");
    // Outside double quotes the single quotes hide the text, as in bash
    CHECK(e("Bash", "echo ${x:-'$(rm q1)'}") == allow);
}

TEST_CASE("source of a here-string, a here-document or generated text runs that text", "[permissions][rules][expansion]") {
    const rules_env e(expansion_rules, "default");
    // bash runs the `rm` in each: the text fed to /dev/stdin is a script, a file named at run time
    // (process substitution, variable, another descriptor) may hold anything.
    all_decided(e, {". /dev/stdin <<< 'rm s1'", "source /dev/stdin <<< 'rm s2'", ". /dev/stdin <<EOF\nrm s3\nEOF",
                    "source /dev/fd/0 <<'EOF'\nrm s4\nEOF", "source <(echo rm s5)", "echo rm s6 | . /dev/stdin",
                    ". \"$f\"", "source /dev/fd/3 3<<< 'rm s7'", "source -- /proc/self/fd/0 <<< 'rm s8'"}, deny);
    // Other spellings of the standard input (each ran the here-string under bash 5.2; each was an ask).
    all_decided(e, {". /dev//stdin <<< 'rm t1'", ". //dev/stdin <<< 'rm t2'", ". /dev/./stdin <<< 'rm t3'",
                    ". /proc/thread-self/fd/0 <<< 'rm t4'", "cd /tmp; . ../../../../dev/stdin <<< 'rm t5'",
                    "source /dev/fd/../fd/0 <<< 'rm t6'"}, deny, decision_code::deny_rule);
    // Another process's descriptor may hold anything: unresolvable; /dev/null and ordinary files stay files.
    all_decided(e, {". /proc/1/fd/0 <<< 'rm t8'", ". /dev/fd/4"}, deny);
    all_decided(e, {". /dev/null", "source ./env.sh"}, ask);
    const auto a = claw::shell::what_runs(". /dev/stdin <<< 'rm -f s9'");
    REQUIRE(a.commands.size() == 2);
    CHECK(a.commands[1].argv == std::vector<std::string>{"rm", "-f", "s9"});
}
