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
    for (const char* cmd : {"for PATH in ./evil; do ls; done", "for PATH in /tmp/evil; do git status; done",
                            "select PATH in ./evil; do ls; done", "for LD_PRELOAD in ./x.so; do ls; done",
                            "for IFS in x; do ls; done"}) {
        INFO(cmd);
        CHECK(e("Bash", cmd) != allow);
    }
    // An ordinary loop variable changes nothing
    CHECK(e("Bash", "for f in a b; do ls; done") == allow);
}

TEST_CASE("assignments: variable builtins that may set a never-safe variable", "[permissions][rules][assign]") {
    const rules_env e(assignment_rules, "default");
    for (const char* cmd : {"printf -v PATH %s ./evil; ls", "printf -vPATH %s ./evil; ls", "read PATH < list; ls",
                            "read -r PATH < list; ls", "export PATH=./evil; ls", "declare -x LD_PRELOAD=./x.so; ls",
                            "declare PATH+=:./evil; ls", "read \"$name\" < list; ls", "printf -v \"$name\" %s x; ls"}) {
        INFO(cmd);
        CHECK(e("Bash", cmd) != allow);
    }
    // Harmless forms stay allowed
    CHECK(e("Bash", "printf '%s\\n' \"$HOME\"; ls") == allow);
    CHECK(e("Bash", "printf -v line %s x; ls") == allow);
    CHECK(e("Bash", "read -p prompt answer < list; ls") == allow);
    CHECK(e("Bash", "export FOO=1; ls") == allow);
}
