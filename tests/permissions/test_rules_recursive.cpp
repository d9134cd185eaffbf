// SPDX-License-Identifier: MIT
// Two ways a shell command reaches a denied file that none of its words names:
// - a recursive reader or writer of a parent folder (`grep -r x .` reads ./.env, `rm -r .` removes
//   ./.git/hooks): a deny or ask rule that may match at any depth below the folder makes the
//   operand ask (the file may not exist, and the operand may not be a folder);
// - a link (or an archive holding links) made earlier by the same text: `ln -s . l && cat l/.env`
//   reads ./.env, but the link does not exist when the check resolves `l/.env`. Every path of the
//   other commands then asks.
// Each case was an allow.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

namespace {
const char* const recursive_rules = R"J({"allow":["Bash(cat *)","Bash(grep *)","Bash(rg *)","Bash(ln *)","Bash(cp *)",
    "Bash(tar *)","Bash(chmod *)","Bash(rm *)","Bash(unzip *)","Bash(mv *)","Bash(diff *)","Read(./**)","Edit(./**)"],
    "deny":["Read(./.env)","Read(./secrets/**)","Edit(./.git/**)","Edit(./docs/private/*.key)"]})J";
}  // namespace

TEST_CASE("recursive commands: a rule for a file below the folder asks", "[permissions][rules][paths][recursive]") {
    const rules_env e(recursive_rules, "default");
    std::filesystem::create_directories(e.w.cwd / "docs");
    std::filesystem::create_directories(e.w.cwd / "secrets");
    all_decided(e, {"grep -r x .", "grep -R x ./", "grep --recursive x .", "grep -rn token", "grep -d recurse x .",
                    "rg x", "rg x .", "cp -r . /tmp/copy", "cp -a . ../q", "rm -r docs", "rm -rf docs/",
                    "diff -r . /tmp/other", "grep $opts x .", "cd docs/..; grep -r x .", "tar cf /tmp/x.tar .",
                    "tar -czf /tmp/a.tgz docs/.."}, ask, decision_code::ask_rule);
    // Following the links below the folder (grep -R, rg -L, cp -rL, diff -r), any deny rule may apply.
    all_decided(e, {"grep -R x docs", "grep --dereference-recursive x docs", "rg -L x docs", "cp -rL docs /tmp/d",
                    "diff -r docs /tmp/d", "tar -chf /tmp/x.tar docs", "tar chf /tmp/x.tar docs"}, ask);
    // A rule that matches the folder itself still denies (`secrets/**` covers everything below).
    CHECK(e("Bash", "grep -r x secrets") == deny);
    // Folders without a rule below them, and files, stay allowed.
    all_decided(e, {"grep -r x docs", "grep x README", "rg x docs", "cp -r docs /tmp/d", "grep -c x .env.example",
                    "rm -r build", "tar -czf /tmp/b.tgz build"}, allow);
}

TEST_CASE("a symbolic link's relative target is read from the link's folder", "[permissions][rules][paths][links]") {
    const rules_env e(recursive_rules, "default");
    std::filesystem::create_directories(e.w.cwd / "real" / "deep");
    // Each link leads to ./.env or ./secrets/key (`real/up -> ../.env`): they asked as a read of
    // ../.env outside the workspace, not the deny due.
    all_decided(e, {"ln -s ../.env real/up", "ln -s ../.env real", "ln -sf ../.env real/", "ln -s ../../.env real/deep/x",
                    "ln -st real ../.env", "ln -s -t real ../secrets/key", "ln --target-directory=real -s ../.env",
                    "ln -s ../.env ../secrets/key real", "ln --sym ../.env real/up", "ln -sr .env real/up",
                    "cd real && ln -s ../.env up", "ln -s ../../proj/.env real/up"},
                deny);
    // The same target from the working directory is another file; a link made here reads from here.
    all_decided(e, {"ln -s ../README real/r", "ln -s .env real/e", "ln -s README r"}, allow);
    // Where the link goes is known only at run time: the target's last name may be the denied file.
    all_decided(e, {"ln -s ../.env \"$d\"/up", "ln -s ../.env d*/up"}, deny);
}

TEST_CASE("links made by the same command: later paths ask", "[permissions][rules][paths][links]") {
    const rules_env e(recursive_rules, "default");
    all_decided(e, {"ln -s . l && cat l/.env", "ln -sf .. up && cat up/proj/.env",
                    "cp -rs . q; cat q/.env", "cp --symbolic-link . e; cat e/.env", "tar xf a.tar && cat l/.env",
                    "unzip a.zip; cat l/.env", "cat l/.env; ln -s . l",
                    // mv and cp -r/-a carry the links inside a folder (d/up -> ../.env) to a new place
                    "mv d q; cat q/up", "cp -a d q; cat q/up", "cp -r d q && cat q/up"}, ask, decision_code::incomplete_analysis);
    // A link to a denied file is a read of it (the link's target operand).
    all_decided(e, {"ln -s .env e; cat e", "ln -s secrets s; cat s/key", "cp --symbolic-link .env e; cat e"}, deny);
    // Alone, or without other paths, the link maker is allowed by its rule.
    CHECK(e("Bash", "ln -s docs d") == allow);
    CHECK(e("Bash", "cp a b && cat b") == allow);
    CHECK(e("Bash", "mv a b") == allow);
}

TEST_CASE("git subcommands that print the files or blobs they name", "[permissions][rules][paths][git]") {
    const rules_env e(recursive_rules, "default");
    // Each printed the denied file as a built-in read-only command (no allow rule needed).
    all_decided(e, {"git show HEAD:.env", "git blame .env", "git diff --no-index /dev/null .env",
                    "git log -p -- secrets/key", "git cat-file -p HEAD:secrets/key", "git grep token -- .env",
                    "git -C . show main:./.env", "git annotate secrets/key", "git show :0:.env", "git show :.env",
                    "git log -L1,1:secrets/key", "git config -f secrets/key -l", "git config --file=.env -l"}, deny);
    // After one `-C DIR` a path is relative to DIR.
    all_decided(e, {"git -C secrets show HEAD:./key", "git -C secrets blame key"}, deny);
    // Paths git resolves elsewhere (--work-tree, several -C) or pathspecs with wildcards or magic:
    // unknown, never allowed.
    all_decided(e, {"git -C a -C ../secrets blame key", "git log -p -- '.e*'", "git --work-tree=secrets diff key",
                    "git log -p -- ':(icase).ENV'"},
                ask);
    all_decided(e, {"git show HEAD~1:README.md", "git diff HEAD~1 -- README.md", "git log --oneline -n 5", "git blame README.md"}, allow);
    // The value of a value-taking log option is no path; the words after it are.
    all_decided(
        e,
        {"git log -n .env", "git log --author .env", "git show --grep .env HEAD", "git log --since .env -- README.md"},
        allow);
    all_decided(e, {"git log -n 5 .env", "git log --author x .env", "git log --skip 1 -- secrets/key"}, deny);
}

TEST_CASE("links reached only through a glob are resolved and checked", "[permissions][rules][paths][glob]") {
    const rules_env e(recursive_rules, "default");
    namespace fs = std::filesystem;
    for (const char* d : {"d", "real", "secrets", "sub/inner", "docs", "many"}) fs::create_directories(e.w.cwd / d);
    std::ofstream(e.w.cwd / ".env") << "S\n";
    std::ofstream(e.w.cwd / "secrets" / "key") << "k\n";
    std::ofstream(e.w.cwd / "d" / "a.txt") << "a\n";
    std::ofstream(e.w.cwd / "real" / "up") << "b\n";
    fs::create_symlink("../.env", e.w.cwd / "d" / "up");
    fs::create_symlink("../.env", e.w.cwd / "d" / ".hidden");
    fs::create_symlink("../secrets", e.w.cwd / "sub" / "lnk");
    fs::create_symlink("../../.env", e.w.cwd / "sub" / "inner" / "e");
    // Each read ./.env or ./secrets/key through a link that only the expansion names (bash 5.2
    // printed the denied file for every one); each was an allow.
    all_decided(e, {"cat d/*", "cat d/u?", "cat d/[u]p", "cat [d]/up", "cat */up", "cat sub/*/key", "cat sub/*/*",
                    "cat sub/inner/*", "cat d/{up,a.txt}", "grep -r x d/*"}, deny);
    // Only `dotglob` (off in bash by default) makes `d/.h*` read the link: ask.
    CHECK(e("Bash", "cat d/*hidden") == ask);
    // Following links below a folder the glob names: any deny rule may apply.
    CHECK(e("Bash", "grep -R x su*") == ask);
    // Names the glob does not match, folders without links, and `grep -r` (which does not follow
    // links below its operands) stay allowed.
    all_decided(e, {"cat d/*.txt", "cat real/*", "grep -r x su*", "grep x s*", "cat docs/*"}, allow);
    // More entries than one check reads (CLAW_PATH_GLOB_MAX_ENTRIES): the names not seen may be links.
    for (int i = 0; i <= CLAW_PATH_GLOB_MAX_ENTRIES; ++i) {
        std::string name = "f";  // appended, not `"f" + std::to_string(i)`: g++ 12 -O3 warns there (-Wrestrict)
        name += std::to_string(i);
        std::ofstream(e.w.cwd / "many" / name);
    }
    CHECK(e("Bash", "cat many/*") == ask);
    CHECK(e("Bash", "cat many/f1*") == ask);
}

TEST_CASE("diff of two folders reads their files, following links", "[permissions][rules][paths][diff]") {
    const rules_env e(recursive_rules, "default");
    namespace fs = std::filesystem;
    fs::create_directories(e.w.cwd / "d");
    fs::create_directories(e.w.cwd / "real");
    std::ofstream(e.w.cwd / "real" / "up") << "b\n";
    std::ofstream(e.w.cwd / "d" / "a.txt") << "a\n";
    fs::create_symlink("../.env", e.w.cwd / "d" / "up");
    // `diff d real` printed ./.env (as d/up) beside real/up: was an allow.
    all_decided(e, {"diff d real", "diff -q d real", "diff real d", "diff d/ real"}, ask);
    all_decided(e, {"diff d/a.txt real/up", "diff real/up d/a.txt"}, allow);
}

TEST_CASE("files that options, lists and more readers name are checked", "[permissions][rules][paths][readers]") {
    const rules_env e(R"J({"allow":["Bash(diff *)","Bash(nl *)","Bash(xxd *)","Bash(tac *)","Bash(sdiff *)","Bash(od *)",
        "Bash(strings *)","Bash(paste *)","Bash(base64 *)","Bash(sha256sum *)","Bash(zcat *)","Bash(shuf *)","Bash(iconv *)",
        "Bash(jq *)","Bash(column *)","Bash(zgrep *)","Bash(gzip *)","Bash(tar *)","Bash(hexdump *)","Bash(zless *)","Bash(look *)"],
        "deny":["Read(./.env)","Read(./secrets/**)"]})J", "default");
    // Each printed ./.env or ./secrets/key under bash 5.2 and was allowed: diff's file options
    // (any abbreviation), and readers that the operand tables did not know.
    all_decided(e, {"diff --to-file=.env real/.env", "diff --from-file=secrets/key real/key", "diff --to=.env x",
                    "diff --fr=secrets real", "diff --to-file .env x", "nl .env", "xxd .env", "xxd -s 2 .env out",
                    "tac secrets/key", "sdiff .env x", "od -c .env", "strings -n 2 .env", "paste x .env",
                    "base64 -w 0 .env", "sha256sum .env", "zcat secrets/key.gz", "shuf .env", "iconv -f utf8 .env",
                    "jq -R . .env", "jq -n --rawfile x .env '$x'", "column .env", "zgrep S .env", "gzip -c .env | zcat",
                    "tar -cO .env", "tar cf - secrets", "hexdump -f secrets/key", "zless .env", "look a .env"}, deny);
    // Their other files stay allowed; an output operand is a write.
    CHECK(e("Bash", "nl README") == allow);
    CHECK(e("Bash", "jq . package.json") == allow);
    CHECK(e("Bash", "gzip -c README") == allow);
    CHECK(e("Bash", "diff --to-file=README a b") == allow);
    CHECK(e("Bash", "xxd README .git/hooks/pre-commit") == ask);
    // `--files0-from` reads the files a list names: not built-in read-only any more.
    const rules_env none(R"J({"deny":["Read(./.env)"]})J", "default");
    all_decided(none, {"printf '.env\\0' | sort --files0-from=-", "sort --files0-from=list", "wc --files0-from=list",
                       "du --files0=list"}, ask);
    CHECK(none("Bash", "wc -l README") == allow);
}

TEST_CASE("glob options and recursion below unknown folders", "[permissions][rules][paths][glob]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(grep *)","Bash(shopt *)"],"deny":["Read(./.env)"]})J", "default");
    // globstar makes `**` descend, nullglob drops an unmatched glob (grep -r then searches the
    // working directory), dotglob and no globskipdots widen `*` and `.*`: the analysis does not
    // follow them (bash 5.2 printed ./.env through a link for the first two).
    all_decided(e, {"shopt -s globstar; cat a/**", "shopt -s nullglob; grep -r S zz*", "shopt -s dotglob; cat d/*",
                    "shopt -u globskipdots; cat .*/x"}, ask, decision_code::incomplete_analysis);
    // A folder or option known only at run time below which grep searches (`"$x"-R` is `-R` when
    // x is empty, then grep searches the working directory): any deny rule may apply. Each was an allow.
    all_decided(e, {"grep S \"$x\"-R", "grep -h S ${x:--r}", "grep -r x \"$d\"", "grep -r x $d/sub"}, ask);
    CHECK(e("Bash", "grep x \"$f\"") == ask);  // $f may be -R
    CHECK(e("Bash", "cat \"$f\"") == allow);   // not recursive: an unknown read under the allow rule (S8.7)
}

TEST_CASE("sdiff and diff3: folders, globs and the program they run", "[permissions][rules][paths][readers]") {
    const rules_env e(R"J({"allow":["Bash(sdiff *)","Bash(diff3 *)","Bash(diff *)","Bash(grep *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Bash(rm *)"]})J", "default");
    namespace fs = std::filesystem;
    for (const char* d : {"real", "secrets", "d"}) fs::create_directories(e.w.cwd / d);
    std::ofstream(e.w.cwd / "real" / ".env") << "x\n";
    std::ofstream(e.w.cwd / "real" / "key") << "x\n";
    std::ofstream(e.w.cwd / "secrets" / "key") << "k\n";
    fs::create_symlink("../.env", e.w.cwd / "d" / "up");
    // sdiff compares the files of folder operands as diff does (bash 5.2 printed ./.env or the
    // key for each; each was an allow), and runs the program of --diff-program (any abbreviation).
    all_decided(e, {"sdiff real .", "sdiff -s real/.env .", "sdiff -l d real"}, ask);
    all_decided(e, {"sdiff real s*", "sdiff real secret?", "sdiff --diff-program=rm x y", "sdiff --d=rm x y",
                    "diff3 --diff-program=rm a b c", "sdiff \"$o\" a b",
                    // a glob naming a folder whose contents are denied, below which the reader looks
                    "grep -r S s*", "diff real s*", "diff -r real s*"}, deny);
    CHECK(e("Bash", "sdiff real/key real/.env") == allow);
    // `*` may expand to a file named `-r`: recursion is possible, not certain (ask, not deny)
    CHECK(e("Bash", "grep x *") == ask);
}

TEST_CASE("shell options given to a nested shell that change its globbing", "[permissions][rules][glob]") {
    const rules_env e(R"J({"allow":["Bash(bash *)","Bash(env *)","Bash(cat *)","Bash(grep *)"],"deny":["Read(./.env)"]})J",
                      "default");
    // The nested script would be analysed without `globstar`/`nullglob` (bash 5.2 printed ./.env
    // through a link for the first three; each was an allow).
    all_decided(e, {"bash -O globstar -c 'cat a/**'", "env BASHOPTS=globstar bash -c 'cat a/**'",
                    "BASHOPTS=nullglob bash -c 'grep -r S zz*'", "bash -cO nullglob 'grep -r S zz*'",
                    "bash +O globskipdots -c 'cat .*/x'",
                    // the option is known only at run time (`o=globstar`): any of them
                    "bash -O \"$o\" -c 'cat a/**'", "bash +O $o -c 'cat .*/x'"}, ask, decision_code::incomplete_analysis);
    // Options that keep bash's defaults change nothing.
    all_decided(e, {"bash -o pipefail -c 'cat a/x'", "bash -O globskipdots -c 'cat a/x'", "bash +O dotglob -c 'cat a/x'"},
                allow);
}
