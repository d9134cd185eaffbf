// SPDX-License-Identifier: MIT
// Assignments that change what later commands run (S6.6: PATH, LD_*, IFS, ... are never safe)
// made in other ways than `NAME=value`: a `for` loop variable and the variable builtins. Each
// case was an allow that let bash run a program from a folder the command chose.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

namespace {
const char* const assignment_rules = R"J({"allow":["Bash(ls *)","Bash(git status)","Bash(printf *)","Bash(read *)",
    "Bash(export *)","Bash(declare *)","Bash(echo *)"]})J";
}  // namespace

TEST_CASE("assignments: a for loop over PATH makes the commands after it not allowable", "[permissions][rules][assign]") {
    const rules_env e(assignment_rules, "default");
    none_allowed(e, {"for PATH in ./evil; do ls; done", "for PATH in /tmp/evil; do git status; done",
                     "select PATH in ./evil; do ls; done", "for LD_PRELOAD in ./x.so; do ls; done",
                     "for IFS in x; do ls; done"});
    // An ordinary loop variable changes nothing
    CHECK(e("Bash", "for f in a b; do ls; done") == allow);
}

TEST_CASE("assignments: variable builtins that may set a never-safe variable", "[permissions][rules][assign]") {
    const rules_env e(assignment_rules, "default");
    none_allowed(e, {"printf -v PATH %s ./evil; ls", "printf -vPATH %s ./evil; ls", "read PATH < list; ls",
                     "read -r PATH < list; ls", "export PATH=./evil; ls", "declare -x LD_PRELOAD=./x.so; ls",
                     "declare PATH+=:./evil; ls", "read \"$name\" < list; ls", "printf -v \"$name\" %s x; ls"});
    // Harmless forms stay allowed
    all_allowed(e, {"printf '%s\\n' \"$HOME\"; ls", "printf -v line %s x; ls", "read -p prompt answer < list; ls",
                    "export FOO=1; ls"});
}

TEST_CASE("assignments: arithmetic assigns never-safe variables", "[permissions][rules][assign]") {
    // Each ran a planted ./0/ls (or read a planted ./0/.gitconfig) in bash: arithmetic assigns.
    const rules_env e(assignment_rules, "default");
    none_allowed(e, {"(( PATH = 0 )); ls",
                     "((PATH=0)); ls",
                     "[[ 1 -eq PATH=0 ]]; ls",
                     "echo $((PATH=0)); ls",
                     "echo $[PATH=0]; ls",
                     "ls $((PATH=0))",
                     "(( HOME = 0 )); git status",
                     "(( CDPATH = 7 )); cd .ssh && ls",
                     "(( PATH += 1 )); ls",
                     "(( PATH++ )); ls",
                     "(( --PATH )); ls",
                     "(( PATH[0] = 1 )); ls",
                     "let 'PATH = 0'; ls",
                     "let x=PATH=0; ls",
                     "x=PATH=0; (( x )); ls",
                     "for ((PATH=0; PATH<1; PATH++)); do ls; done",
                     "a[PATH=0]=1; ls",
                     "echo ${a[PATH=0]}; ls",
                     "echo ${x:PATH=0}; ls",
                     "declare -i LANG; LANG=PATH=0; ls",
                     "declare -i n; export n=PATH=0; ls",
                     "declare -n LANG=PATH; LANG=0; ls",
                     "read HOME < list; git status",
                     "for HOME in ./x; do git status; done",
                     "for XDG_CONFIG_HOME in ./x; do git status; done"});
    // Arithmetic that assigns ordinary variables or only compares changes nothing.
    all_allowed(e, {"for ((i = 0; i < 3; i++)); do ls; done", "(( i == 0 )); ls", "(( PATH == 0 )); ls",
                    "echo $(( 1 << 2 )); ls", "declare -i n=3; echo $((n + 1))"});
}

TEST_CASE("assignments: a {NAME} redirection assigns NAME the descriptor's number", "[permissions][rules][assign]") {
    // `pwd {PATH}</dev/null` sets PATH to 10 or more in bash: a planted ./11/ls ran.
    const rules_env e(assignment_rules, "default");
    none_allowed(e, {"pwd {PATH}</dev/null; ls", "echo x {PATH}>/dev/null; ls", "cd . {PATH}>/dev/null; ls",
                     "true {HOME}>/dev/null; git status", "exec {IFS}>/dev/null; ls"});
    CHECK(e("Bash", "echo x {fd}>/dev/null; ls") == allow);
}
