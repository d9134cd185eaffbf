// SPDX-License-Identifier: MIT
// A literal `cd` that may fail (`cd x; ...`, `cd x || ...`, `if ...; then cd x; fi`) leaves two
// possible working directories for what follows (S6.7): deny rules are checked in both, an allow
// needs both. Each case here was an allow (or an ask instead of a deny) that bash turned into a
// read of the denied file.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

namespace {
const char* const settings = R"J({"allow":["Bash(cat *)","Bash(echo *)","Read(./**)","Edit(./**)"],
    "deny":["Read(./.env)","Read(./secrets/**)","Edit(./.git/**)"]})J";
}  // namespace

TEST_CASE("cd choices: a cd that may fail still moves later relative paths into the denied folder",
          "[permissions][rules][paths][cd]") {
    const rules_env e(settings, "default");
    all_decided(e, {"cd secrets; cat key", "cd secrets\ncat key", "(cd secrets; cat key)", "cd secrets || true; cat key",
                    "true && cd secrets; cat key", "false || cd secrets; cat key",
                    "if true; then cd secrets; fi; cat key", "case x in x) cd secrets;; esac; cat key",
                    "cd secrets; cat < key", "cd secrets && cat key"}, deny);
}

TEST_CASE("cd choices: the directory before a failed cd is checked too", "[permissions][rules][paths][cd]") {
    const rules_env e(settings, "default");
    // If `cd nowhere` fails, `cat .env` reads the workspace's .env.
    CHECK(e("Bash", "cd nowhere; cat .env") == deny);
    CHECK(e("Bash", "cd nowhere || echo no; cat .env") == deny);
    // Writes through a redirection, in a folder reached by a cd that may fail.
    CHECK(e("Bash", "cd .git; echo x >> config") == deny);
    CHECK(e("Bash", "cd sub; echo x >> ../.git/config") == deny);
}

TEST_CASE("cd choices: allow needs every possible directory; too many choices are incomplete",
          "[permissions][rules][paths][cd]") {
    const rules_env e(settings, "default");
    std::filesystem::create_directories(e.w.cwd / "docs");
    CHECK(e("Bash", "cd docs && cat README") == allow);
    CHECK(e("Bash", "cd docs; cat README") == allow);  // docs/README or ./README: both inside, both allowed
    // Three cds that may each fail: 8 possible directories, more than CLAW_RULES_MAX_CWD_CHOICES.
    const result r = e.check("Bash", "cd a; cd b; cd c; cat key");
    CHECK(r.what == ask);
    CHECK(r.rec.code == decision_code::incomplete_analysis);
    // A removal in any of the possible directories counts: `cd /` may succeed.
    CHECK(e("Bash", "cd /; rm -rf *") != allow);
}

TEST_CASE("folders: a file command that reads a folder reads what is below it", "[permissions][rules][paths][cd]") {
    const rules_env e(settings, "default");
    std::filesystem::create_directories(e.w.cwd / "secrets");
    std::filesystem::create_directories(e.w.cwd / "docs");
    all_decided(e, {"grep -r . secrets", "grep -R token secrets/", "cat secrets", "cd secrets/..; grep -r x secrets"}, deny);
    CHECK(e("Bash", "cat docs") == allow);
}

TEST_CASE("cd choices: cd -P follows links before '..': the folder is not the lexical one",
          "[permissions][rules][paths][cd]") {
    // With a link `lnk -> secrets/inner`, bash's `cd -P lnk/..` enters secrets: `cat key` printed
    // secrets/key. Lexically `lnk/..` is the workspace itself, where reading `key` is read-only
    // (S12) and allowed.
    const rules_env e(R"J({"deny":["Read(./secrets/**)"]})J", "default");
    none_allowed(e, {"cd -P lnk/..; cat key", "cd -LP lnk/..; cat key", "set -P; cd lnk/..; cat key",
                     "set -o physical; cd lnk/..; cat key", "set -eP; cd ./lnk/../; cat key"});
    CHECK(e("Bash", "cd lnk/..; cat key") == allow);   // logical: the workspace itself
    CHECK(e("Bash", "cd -P docs; cat key") == allow);  // no `..`: the path's links are resolved as for any path
}
