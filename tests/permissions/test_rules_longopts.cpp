// SPDX-License-Identifier: MIT
// GNU long-option abbreviations (getopt_long accepts any unambiguous prefix, as `--opt=V` and
// `--opt V`): every long option the rules treat as dangerous or as naming a path must count in
// its abbreviated spellings too (RULES.md S6.8, S7.3 e, S12). Each command below was checked
// against the real GNU tool (coreutils 9.1, sed 4.9, grep 3.8, file 5.44, git 2.39) to be accepted
// as the option it abbreviates, unless its comment says "rejected" (then the test pins the fail-closed
// over-approximation: the abbreviation is ambiguous or the program does not abbreviate).
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

// ------------------------------------------------------------------ built-in read-only set (S12)

TEST_CASE("longopts: sort --out=, --outp=, --o are sort -o; not built-in read-only, even without rules", "[permissions][rules][longopts]") {
    for (const char* mode : {"read-only", "default", "workspace-write"}) {
        INFO(mode);
        const rules_env e("{}", mode);
        none_allowed(e, {"sort --out=.git/hooks/pre-commit x", "sort --out=/etc/passwd x", "sort --outp=pwned x", "sort --o=pw4 x",
                         "sort --o x y", "sort --ou x y", "sort -r --o x y", "sort --o=x y"});
        // controls: the full spelling, and options that only share a letter with --output
        none_allowed(e, {"sort --output=x y", "sort -o x y"});
        all_allowed(e, {"sort x", "sort -r x", "sort --reverse x", "sort --unique x"});
    }
    // read-only mode: a write is over the ceiling (S11.2), and .git is protected (S10.2)
    const rules_env ro("{}", "read-only");
    all_deny(ro, {"sort --out=.git/hooks/pre-commit x", "sort --o x y", "sort --o=/etc/passwd y"});
}

TEST_CASE("longopts: sort --compress=, --compress-prog=, --co run a program; not read-only", "[permissions][rules][longopts]") {
    for (const char* mode : {"read-only", "default", "workspace-write"}) {
        INFO(mode);
        const rules_env e("{}", mode);
        none_allowed(e, {"sort --compress=sh -S 1k big", "sort --compress-prog=rm x", "sort --co=sh x", "sort --co sh x",
                         "sort --comp rm -S 1k big",
                         // rejected by sort (ambiguous with --check): still counted as the dangerous one
                         "sort --c=sh x"});
    }
}

TEST_CASE("longopts: file --ma= (magic-file) and --f (files-from) are not read-only", "[permissions][rules][longopts]") {
    const rules_env e("{}", "read-only");
    none_allowed(e, {"file --ma=/dev/null x", "file --ma /dev/null x", "file --f .env", "file --f=.env", "file --files-f=.env",
                     // rejected by file (ambiguous with --mime...): counted as --magic-file
                     "file --m=/dev/null x"});
    all_allowed(e, {"file x", "file --mime x", "file -b x"});
}

TEST_CASE("longopts: rg --p / --pr are --pre (fail closed; rg not installed here, it does not abbreviate)", "[permissions][rules][longopts]") {
    const rules_env e("{}", "read-only");
    none_allowed(e, {"rg --p=rm x", "rg --pr rm x", "rg --pre=rm x"});
    all_allowed(e, {"rg x", "rg -n x"});
}

TEST_CASE("longopts: git --e= / --c= top-level (exec-path, config-env) never read-only (rejected by git 2.39: fail closed)",
          "[permissions][rules][longopts]") {
    const rules_env e("{}", "read-only");
    none_allowed(e, {"git --e=/tmp status", "git --exec=/tmp status", "git --c=X=Y status", "git --config-e=X=Y status"});
    all_allowed(e, {"git status", "git --no-pager status"});
}

TEST_CASE("longopts: git diff/log/show --o and --e (output, ext-diff) are not read-only (rejected by git 2.39: fail closed)",
          "[permissions][rules][longopts]") {
    const rules_env e("{}", "read-only");
    none_allowed(e, {"git diff --o=x", "git diff --o x", "git log --out=x", "git show --outp=x HEAD", "git diff --e", "git log --ext",
                     "git diff --ext-d"});
    all_allowed(e, {"git diff", "git log --oneline", "git diff --exit-code", "git diff --no-ext-diff"});
}

TEST_CASE("longopts: git config with an abbreviated writer option is not read-only", "[permissions][rules][longopts]") {
    // git config parses its options with parse-options, which accepts unambiguous abbreviations
    const rules_env e("{}", "read-only");
    none_allowed(e, {"git config --get user.name --unset-a", "git config --get x --a y z", "git config --list --ed",
                     "git config --get x --rem s", "git config --get x --ren a b", "git config --get x --rep a b",
                     "git config --get x --u"});
    all_allowed(e, {"git config --get user.name", "git config --list"});
}

// ---------------------------------------------- dangerous operands of allow wildcards (S7.3 e)

TEST_CASE("longopts: Bash(sort *) does not absorb --o / --co abbreviations", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(sort *)"]})J", "default");
    none_allowed(e, {"sort --o x y", "sort --o=x y", "sort --out=x y", "sort --co=sh x", "sort --co sh x", "sort --c=sh x",
                     "sort --compress-prog=rm x"});
    all_allowed(e, {"sort -r x", "sort --reverse x"});
}

TEST_CASE("longopts: Bash(git *) does not absorb --c / --e abbreviations of --config-env / --exec-path", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(git *)"]})J", "default");
    none_allowed(e, {"git --c=core.pager=X log", "git --config-e core.pager=X log", "git --e=/tmp status", "git --exec /tmp status"});
    all_allowed(e, {"git log", "git status"});
}

TEST_CASE("longopts: Bash(sed *) does not absorb --i, --f, --e with a w command, nor a script after --l N", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(sed *)"]})J", "default");
    none_allowed(e, {"sed --i s/a/b/ x", "sed --i=.bak s/a/b/ x", "sed --in-pl=.bak s/a/b/ x", "sed --fi=sc x", "sed --fi sc x",
                     "sed --e='w out' x", "sed --e 'w out' x", "sed --expr 'w out' x",
                     // --line-length takes N: the script is the next word (sed --l 5 'w w1' x writes w1)
                     "sed --l 5 'w out' x", "sed --line-length 5 'w out' x",
                     // rejected by sed (ambiguous --file/--follow-symlinks): counted as --file
                     "sed --f sc x"});
    all_allowed(e, {"sed s/a/b/ x", "sed --e=p x", "sed --e p x", "sed --l=5 p x", "sed --l 5 p x", "sed -n --e p x"});
}

// ------------------------------------------------------------ path operands of file commands (S6.8)

TEST_CASE("longopts: sed --in-pl=.bak and --i edit the files: deny Edit(./.env) / Read(./.env) fire", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(sed *)"],"deny":["Read(./.env)","Edit(./.env)"]})J", "default");
    all_deny(e, {"sed --in-pl=.bak s/a/b/ .env", "sed --i s/a/b/ .env", "sed --in-place s/a/b/ .env", "sed -i s/a/b/ .env"});
    const rules_env edit(R"J({"allow":["Bash(sed *)"],"deny":["Edit(./.env)"]})J", "danger-full-access");
    all_deny(edit, {"sed --in-pl=.bak s/a/b/ .env", "sed --i s/a/b/ .env", "sed --in s/a/b/ .env"});
    // without -i the file is only read: Edit is not denied
    CHECK(edit("Bash", "sed s/a/b/ .env") == allow);
}

TEST_CASE("longopts: sort --o F / --o=F writes F: deny Edit(./out) fires", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(sort --o out x)","Bash(sort --o=out x)","Bash(sort --outp out x)"],"deny":["Edit(./out)"]})J",
                      "danger-full-access");
    all_deny(e, {"sort --o out x", "sort --o=out x", "sort --outp out x"});
}

TEST_CASE("longopts: grep --reg=P F reads F (the first operand is no pattern)", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"deny":["Read(./.env)"]})J", "danger-full-access");
    all_deny(e, {"grep --reg=S .env", "grep --reg S .env", "grep --regexp=S .env", "grep --file=p .env", "rg --reg=S .env"});
}

TEST_CASE("longopts: cp/mv/ln/install --t DIR / --t=DIR is the target directory", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(cp *)","Bash(mv *)","Bash(ln *)","Bash(install *)"],"deny":["Edit(./prot/**)"]})J",
                      "danger-full-access");
    all_deny(e, {"cp --t=prot x", "cp --t prot x", "cp --tar prot x y", "mv --t prot x", "ln --t=prot x", "install --t prot x",
                 "install --d prot/a"});
}

TEST_CASE("longopts: cp/mv --b SRC DST and --backup SRC DST: --backup takes no separate argument", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(cp *)","Bash(mv *)"],"deny":["Read(./.env)","Edit(./.env)"]})J", "danger-full-access");
    all_deny(e, {"cp --backup .env e3", "cp --b .env e3", "cp --backup=numbered .env e3", "mv --backup .env e4"});
}

TEST_CASE("longopts: tee --o F writes F (--output-error takes its mode only after =)", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(tee *)","Bash(echo *)"],"deny":["Edit(./.env)"]})J", "danger-full-access");
    all_deny(e, {"echo hi | tee --o .env", "echo hi | tee --output-error .env", "echo hi | tee --o=warn .env", "echo hi | tee --a .env"});
}

TEST_CASE("longopts: touch/truncate --r=F read F; truncate --s N F writes F", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"allow":["Bash(touch *)","Bash(truncate *)"],"deny":["Read(./.env)","Edit(./prot)"]})J",
                      "danger-full-access");
    all_deny(e, {"touch --r=.env x", "touch --r .env x", "truncate --r=.env x", "truncate --s 0 prot", "touch --d now prot"});
    all_allowed(e, {"touch x", "truncate --s 0 x"});
}

TEST_CASE("longopts: wc/du --files0=F and du --exclude-f F read F (names or patterns come from F)", "[permissions][rules][longopts]") {
    const rules_env e(R"J({"deny":["Read(./.env)"]})J", "danger-full-access");
    all_deny(e, {"wc --files0=.env", "wc --files0-from=.env", "du --files0=.env", "du --exclude-f .env .", "du -X .env .",
                 "sort --files0=.env", "sort --random-sou=.env x"});
}

TEST_CASE("longopts: an abbreviation never swallows an operand of another program's option", "[permissions][rules][longopts]") {
    // head --s is --silent, du --time is --time[=WORD]: F is still read (cat rejects --la: fail closed)
    const rules_env e(R"J({"deny":["Read(./.env)"]})J", "danger-full-access");
    all_deny(e, {"head --s .env", "head --si .env", "du --time .env", "cat --la .env", "cmp --b 1 .env x", "tail --pid 1 .env"});
}

TEST_CASE("longopts: gawk --so=PROG / -e PROG: the first operand is a data file", "[permissions][rules][longopts]") {
    // gawk is not installed here: --source/--exec are taken from the gawk manual (fail closed for awk/mawk)
    const rules_env e(R"J({"allow":["Bash(awk *)"],"deny":["Read(./.env)"]})J", "danger-full-access");
    all_deny(e, {"awk --so=1 .env", "awk --source 1 .env", "awk -e 1 .env", "awk --ex=.env x", "awk -E .env x"});
}

TEST_CASE("longopts: checks of abbreviated long options allocate nothing", "[permissions][rules][longopts][allocation]") {
    const rules_env e(R"J({"allow":["Bash(sort *)","Bash(sed *)","Bash(cp *)","Bash(tee *)","Bash(git *)"],
                          "deny":["Read(./.env)","Edit(./.env)"]})J",
                      "default");
    none_allowed_without_allocation(
        e, {"sort --out=.git/hooks/pre-commit x", "sort --co sh x", "sed --in-pl=.bak s/a/b/ .env",
            "sed --l 5 'w out' x", "cp --b .env e3", "tee --output-error .env", "echo hi | tee --o .env",
            "git --c=X=Y log", "sort --c=sh x", "grep --reg=S .env", "wc --files0=.env", "du --exclude-f .env .",
            "file --ma=/dev/null x", "head --s .env", "awk --so=1 .env"});
}
