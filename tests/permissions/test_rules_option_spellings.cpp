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

// ------------------------------------------------ 2. git log/show --output=<opaque>, abbreviated

TEST_CASE("option spellings: git log|show|whatchanged --output=$F and --outp=$x are not absorbed by an allow wildcard",
          "[permissions][rules][option-spellings]") {
    const rules_env e(tester_rules, "default");
    all_deny(e, {"git log --output=$HOME/.bashrc", "git show --output=$HOME/.bashrc HEAD",
                 "git log --outp=$HOME/.bashrc", "git log \"--output=$HOME/.bashrc\"",
                 "git log --output \"$HOME/.bashrc\""});
    none_allowed(e, {"git log --outp=$x", "git log --out=\"$x\"", "git show --o=$x", "git log --$x"});
    const rules_env wc(R"J({"allow":["Bash(git whatchanged *)","Bash(git diff *)"]})J", "default");
    none_allowed(wc, {"git whatchanged --output=$x", "git diff --outp=$x"});
    // controls: an opaque revision is no option spelling; a literal --output names its file (a path fact)
    all_allowed(e, {"git log --oneline", "git show HEAD", "git log --format=%H"});
}

// -------------------------------------------------------- 3. a glob that may expand to an option

TEST_CASE("option spellings: a glob that may expand to --output=F is a dangerous operand (sort, git log/show/diff)",
          "[permissions][rules][option-spellings]") {
    // with a file named `--output=.envrc` in the cwd, `sort a.txt --o*` writes .envrc
    const rules_env e(tester_rules, "default");
    none_allowed(e, {"sort a.txt --o*", "sort a.txt *", "sort a.txt {--o,x}", "git log -1 --o* --f*", "git show --o*",
                     "git show ?-*"});
    const rules_env diff(R"J({"allow":["Bash(git diff *)","Bash(tree *)","Bash(find *)"]})J", "default");
    none_allowed(diff, {"git diff --o*", "tree --* x", "tree -* x", "find . -*"});
    // built-in read-only: these commands never take globs
    const rules_env ro("{}", "read-only");
    none_allowed(ro, {"sort a.txt --o*", "tree -*", "find . -d*"});
    // controls: a glob that starts with a written character other than `-` never becomes an option,
    // nor does one after `--`
    all_allowed(e, {"sort a*.txt", "sort -- -*.txt", "git log -- *.txt", "git show HEAD:a*"});
}

// ------------------------------------------------------------------- 4. reads through options

TEST_CASE("option spellings: files read through find -files0-from, git blame -SF, git config --fil/--bl, "
          "tree --hintro=, grep --exclude-from=, rg --ignore-file: deny Read fires",
          "[permissions][rules][option-spellings]") {
    const rules_env e(tester_rules, "default");
    all_deny(e, {"find -files0-from ~/.ssh/id_rsa", "find . -files0-from .env", "git blame -S.env a.txt",
                 "git blame -S .env a.txt", "git annotate -S.env a.txt", "git diff -O.env",
                 "git config --list --fil=.env", "git config --list --fil ~/.ssh/id_rsa", "git config --list --fi=.env",
                 "git config --list --bl=HEAD:.env", "git config --list --blo HEAD:.env", "tree -H . --hintro=.env",
                 "tree -H . --houtro=~/.ssh/id_rsa", "tree -H . --hintro .env", "tree --gitfile=.env",
                 "tree --infofile .env", "grep --exclude-from=.env x a.txt", "grep --exclude-from .env x a.txt",
                 "rg --ignore-file .env x", "rg --ignore-file=.env x"});
    none_allowed(e, {"tree -H . --houtro=/etc/shadow"});
    // find -files0-from reads unknown paths (the names in F): not read-only, like wc --files0-from
    const rules_env ro("{}", "read-only");
    none_allowed(ro, {"find -files0-from list"});
    // controls: rg's --ignore is a flag (it takes no value); the pattern stays no path
    const rules_env reads(R"J({"deny":["Read(./.env)"]})J", "danger-full-access");
    all_allowed(reads, {"rg --ignore .env x", "grep --exclude=.env x a.txt", "git log -S.env"});
}

// ---------------------------------------------------------------------------- 5. git SUB --help

TEST_CASE("option spellings: git SUB --help runs man: not read-only, not absorbed by Bash(git log:*)",
          "[permissions][rules][option-spellings]") {
    const rules_env ro("{}", "read-only");
    none_allowed(ro, {"git status --help", "git log --help", "git diff --he", "git branch --hel", "git --help log",
                      "git config --get x --help"});
    all_allowed(ro, {"git status", "git log -1", "git branch -v"});
    const rules_env e(tester_rules, "default");
    none_allowed(e, {"git log --help", "git log -1 --he", "git show --help", "git --help log", "git show --h*"});
    // an allow rule that spells --help covers it
    const rules_env exact(R"J({"allow":["Bash(git log --help)"]})J", "default");
    all_allowed(exact, {"git log --help"});
}

// ----------------------------------------------------------------- 6. low-severity writes

TEST_CASE("option spellings: file -C, tree -R -H, git branch --abbrev NAME write: not read-only",
          "[permissions][rules][option-spellings]") {
    const rules_env ro("{}", "read-only");
    none_allowed(ro, {"file -C", "file -bC", "file --compile", "file --comp", "tree -R -H x", "tree -RH x",
                      "tree -H x -R -L 2", "git branch --abbrev newb"});
    all_allowed(ro, {"file -b x", "tree -H x", "tree -R -L 2", "git branch --abbrev=7", "git branch --abbrev",
                     "git branch -v --abbrev"});
    const rules_env e(R"J({"allow":["Bash(tree *)"]})J", "default");
    none_allowed(e, {"tree -R -H x", "tree -RH . -L 2"});
}

TEST_CASE("option spellings: the checks allocate nothing", "[permissions][rules][option-spellings][allocation]") {
    const rules_env e(tester_rules, "default");
    none_allowed_without_allocation(
        e, {"tree -ifo ~/.bashrc --noreport", "git log --outp=$x", "sort a.txt --o*", "git log -1 --o* --f*",
            "find -files0-from ~/.ssh/id_rsa", "git blame -S.env a.txt", "git config --list --fil=.env",
            "tree -H . --hintro=.env", "rg --ignore-file .env x", "git status --help", "file -C",
            "git branch --abbrev newb"});
}

TEST_CASE("option spellings: a glob that may expand to a file-reading option is not read-only",
          "[permissions][rules][option-spellings]") {
    // Beside a file named `--files0-from=.env`, `wc *` reads the names .env holds (and prints them
    // in its errors); diff `--from-file=`, du `-X`, grep `--file=` read the file they name.
    const rules_env e("{}", "read-only");
    // (the readers whose options read nothing stay read-only: tests/shell/test_shell_pattern.cpp)
    none_allowed(e, {"wc *", "wc -l *", "du -s *", "diff * x", "grep x *", "grep -n x *.txt"});
}

// ----------------------------------------------- 7. an unknown word that may itself be an option

TEST_CASE("option spellings: a word whose value is unknown may be a dangerous option: not absorbed by a wildcard",
          "[permissions][rules][option-spellings]") {
    // With x='--output=/home/u/.bashrc', `git log $x` writes the file; with x='-exec sh -c id ;',
    // `find . $x` runs sh; with x='-o F', `sort $x` and `tree $x` write F.
    const rules_env e(
        R"J({"allow":["Bash(git log:*)","Bash(git show *)","Bash(git *)","Bash(find *)","Bash(sort *)","Bash(tree *)"]})J",
        "default");
    none_allowed(e, {"git log $x", "git log \"$x\"", "git show $(cat f)", "git log -n $n", "git $x log", "git \"$x\"",
                     "find . $x", "find \"$x\"", "find . -name $x", "find . -name a \"$x\"", "sort $x", "sort a \"$x\"",
                     "sort -k $k f", "tree $x", "tree -L 2 \"$x\"", "git log \"--author=$a\" $x",
                     "git format-patch $x HEAD~1", "git bundle create \"$f\" HEAD"});
    // controls: the separate value of a value-taking option that cannot split, a long option whose
    // name is written, and words after `--`, are read as what they are
    all_allowed(e, {"git log -n \"$n\"", "git log --author=\"$a\"", "git log -- $x", "find . -name \"$x\"",
                    "find . -type f -newer \"$f\"", "sort -k \"$k\" f", "sort --key=$k f", "tree -L \"$n\"",
                    "tree --charset=$c"});
    // a value that starts with a written character other than `-` is no option
    all_allowed(e, {"git log \"origin/$b\"", "git show HEAD~$n", "sort data/$f", "find \"src/$d\" -name x", "tree ./$d",
                    "git log 'a'$x"});
    none_allowed(e, {"git log ${b:-main}", "git log \"$b\"/x", "sort ~/$f", "sort \\-$x", "git log \"'\"$x",
                     "git log --$x=1", "git log \"--out\"put=$x", "find . *.txt"});
}
