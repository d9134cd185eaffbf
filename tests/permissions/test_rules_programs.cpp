// SPDX-License-Identifier: MIT
// What programs read and write beyond their plain operands: tilde prefixes bash expands to other
// folders, options whose values are files, response files, and file names inside scripts. Each
// command below printed or overwrote a denied file under bash 5.2 while the check allowed it.
#include "test_rules_support.hpp"

#include <catch2/catch.hpp>

using namespace claw::test::rules_fixture;

namespace {
const char* const reader_rules = R"J({"allow":["Bash(cat *)","Bash(head *)","Bash(tail *)","Bash(grep *)","Bash(cd *)",
    "Bash(git diff *)","Bash(column *)","Bash(strings *)","Bash(sed *)","Bash(jq *)"],
    "deny":["Read(./.env)","Read(./secrets/**)","Edit(./.env)","Edit(./secrets/**)","Bash(rm *)"]})J";
}  // namespace

TEST_CASE("tilde prefixes other than ~/ end with the names written after them", "[permissions][rules][paths][tilde]") {
    const rules_env e(reader_rules, "default");
    // `~+` is $PWD, `~-` $OLDPWD, `~N`/`~+N` the folder stack: the path is known only at run time,
    // but its last names are written out.
    all_decided(e, {"cat ~+/.env", "head ~+/.env", "tail -n +1 -- ~+/.env", "cat ~0/.env", "cat ~+0/.env",
                    "cd secrets && cat ~-/.env", "git diff --no-index /dev/null ~+/.env", "cat ~+/secrets/key",
                    "cat ~root/../w/proj/.env"},
                deny);
    // A folder rule fires when the known end of the path starts with one of its literal names
    // (`$PWD/secrets/key` printed the key); a last name alone does not (any unknown path could).
    all_decided(e, {"cat $PWD/secrets/key", "cat \"$D\"/secrets/key", "cat ${PWD}/secrets/x/y", "cat $X/proj/secrets/key"},
                deny);
    // other names after a tilde prefix stay unknown reads under the allow rule (S8.7)
    all_decided(e, {"cat ~+/README", "cat ~-", "cat $PWD/key", "cat $X/docs/key"}, allow);
}

TEST_CASE("option values and response files that name files", "[permissions][rules][paths][readers]") {
    const rules_env e(reader_rules, "default");
    // `column -t` takes no argument: the file after it is read.
    all_decided(e, {"column -t .env", "column --table .env", "column -s, -t .env", "column -t secrets/key",
                    // binutils read options and operands from `@FILE`
                    "strings @.env", "strings -- @.env", "strings @secrets/key",
                    // `git diff --output=F` writes F (any position, any abbreviation)
                    "git diff --no-index y /dev/null --output=.env", "git diff --output=secrets/key",
                    "git diff --output .env", "git diff --out=.env"},
                deny);
    all_decided(e, {"column -t README", "column -c 80 README", "strings @README", "git diff --output=out.patch"}, allow);
}
