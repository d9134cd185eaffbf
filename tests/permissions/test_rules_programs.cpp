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

TEST_CASE("files named inside scripts and by programs outside the plain readers", "[permissions][rules][paths][readers]") {
    const rules_env e(R"J({"allow":["Bash(sed *)","Bash(date *)","Bash(ptx *)","Bash(tsort *)","Bash(lzcat *)",
        "Bash(csplit *)","Bash(openssl *)","Bash(install *)","Bash(cat *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Edit(./.env)","Bash(rm *)"]})J", "default");
    // sed's `r`/`R` read the file the script names: not absorbed by the rule's wildcard.
    none_allowed(e, {"sed 'r .env' y", "sed 'R .env' y", "sed --expression='r .env' y", "sed '0~1r .env' y",
                     "sed -e 1rsecrets/key y", "sed -s 'R secrets/key' y"});
    all_decided(e, {"date -f .env", "date --file=secrets/key", "date -r .env", "ptx .env", "ptx -i .env README",
                    "tsort .env", "lzcat -f .env", "csplit -s .env 1", "openssl enc -in .env",
                    "openssl enc -in README -out .env", "openssl rsa -passin file:.env -in k.pem",
                    // install -s runs the program of --strip-program
                    "install -s --strip-program=rm y z", "install --strip-prog rm -s y z"},
                deny);
    all_decided(e, {"sed -n 1p README", "date +%s", "date -d yesterday", "ptx README", "csplit README 1",
                    "openssl enc -in README -out out.bin", "install -m 644 README /tmp/r"},
                allow);
}

TEST_CASE("commands moved to another folder or fed words from a file", "[permissions][rules][wrappers]") {
    const rules_env e(R"J({"allow":["Bash(env *)","Bash(sudo *)","Bash(xargs *)","Bash(bash *)","Bash(sh *)",
        "Bash(cat *)","Bash(echo *)","Bash(source *)","Bash(. *)","Bash(cd *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Bash(rm *)"]})J", "default");
    // `env -C DIR` and `sudo -D DIR` run the command in DIR, `xargs -a FILE` reads its words from
    // FILE, `bash -c SCRIPT ARGS` gives the script ARGS as $0, $1...: the analysis does not follow.
    // (The words of the wrappers and shells, programs without operand tables, are possible paths
    // too: where one names the denied file or folder, the deny rule decides.)
    all_decided(e, {"env -C secrets cat key", "env --chdir=secrets cat key", "sudo -D secrets cat key", "env -Csecrets cat key",
                    "xargs -a .env echo", "xargs --arg-file=.env echo", "bash -c 'cat \"$1\"' _ .env",
                    "sh -c 'cat $0' secrets/key"},
                deny);
    all_decided(e, {"env -C d cat up", "xargs -a list cat", "bash -c 'cat \"$1\"' _ x"}, ask,
                decision_code::incomplete_analysis);
    // The text fed to a sourced file that may be the standard input runs (bash 5.2 ran each `rm`).
    all_decided(e, {"cd /dev; . stdin <<< 'rm y'", "cd /dev && source ./stdin <<< 'rm y'",
                    "cd /proc/self/fd && . ./0 <<< 'rm y'", "source s.sh <<EOF\nrm y\nEOF"},
                deny);
    all_decided(e, {"env -i cat README", "bash -c 'cat README'", "source s.sh"}, allow);
}

TEST_CASE("jq modules are files read from a search path", "[permissions][rules][paths][readers]") {
    const rules_env e(reader_rules, "default");
    // bash 5.2 printed secrets/conf.json or ./.env (through a link) for each: a module may be any file.
    all_decided(e, {"jq -n 'import \"secrets/conf\" as $x; $x'", "jq -n -Lsecrets 'import \"conf\" as $x; $x'",
                    "jq -n -L s* 'import \"conf\" as $x; $x'", "jq -n 'include \"m\"; 1'", "jq -n \"$f\"",
                    "jq -n --library-path . 'import \"m\" as $x; $x'"},
                ask);
    all_decided(e, {"jq . package.json", "jq -r '.name' package.json", "jq '.important, .included' package.json",
                    "jq '$__loc__' package.json"},
                allow);
}

TEST_CASE("a for loop's written values reach the paths of its body", "[permissions][rules][paths][loops]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(echo *)","Bash(grep *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Bash(rm *)"]})J", "default");
    // bash 5.2 printed the denied file for each (the variable is each written value in turn).
    all_decided(e, {"for f in .env; do cat \"$f\"; done", "for f in README .env; do cat $f; done",
                    "for d in docs secrets; do cat $d/key; done", "for f in x .env; do grep -c a \"$f\" README; done",
                    "for f in a 'secrets/key'; do cat < $f; done", "for f in .env\ndo cat $f\ndone", "for f in .env; { cat $f; }",
                    "for p in rm; do $p -f x; done"},
                deny);
    // Values that are not denied, loops that do not use the variable, and unknown values are as before.
    all_decided(e, {"for f in README docs/a; do cat $f; done", "for f in .env; do echo hi; done", "for f in a b; do echo \"$f\"; done"},
                allow);
    CHECK(e("Bash", "for f in *; do cat $f; done") == allow);  // a glob's values: unknown reads under Bash(cat *)
    // The copies are bounded: a loop over more values than CLAW_SHELL_MAX_LOOP_VALUES, or one whose
    // copies would not fit the analysis limits, keeps the rest unknown but stays complete.
    std::string many = "for f in";
    for (int i = 0; i < CLAW_SHELL_MAX_LOOP_VALUES + 4; ++i) many += " a";
    many += " .env; do cat $f; done";
    CHECK(e("Bash", many) == allow);
    std::string big = "for f in .env; do";
    for (int i = 0; i < CLAW_SHELL_MAX_COMMANDS * 2 / 3; ++i) big += " cat x;";
    big += " cat $f; done";
    const result r = e.check("Bash", big);
    CHECK(r.what == allow);
    CHECK(r.rec.complete);
}

TEST_CASE("$PWD, ~+ and $HOME are the paths they stand for while the text leaves them alone", "[permissions][rules][paths][tilde]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(cd *)","Bash(git diff *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Read(~/.ssh/**)"]})J", "default");
    namespace fs = std::filesystem;
    fs::create_directories(e.w.cwd / "d");
    fs::create_directories(e.w.home / ".ssh");
    fs::create_symlink("../.env", e.w.cwd / "d" / "up");
    // Each printed ./.env, ./secrets/key or ~/.ssh/id under bash 5.2 (globs, links and `cd`
    // through a spelled-out current folder) and was an allow.
    all_decided(e, {"cat ~+/s*/key", "cat ~+/secrets/k?y", "cat ~+/{secrets,x}/key", "cat $PWD/s*/key", "cat $PWD/secrets/k*",
                    "git diff --no-index y $PWD/s*/key", "cat $HOME/.ssh/i?", "cat \"$HOME\"/.s*/id", "cat $PWD/d/up",
                    "cat \"${PWD}/d/up\"", "cat ~+/d/up", "cd $PWD/secrets && cat key", "cd ~+/secrets && cat key",
                    "cd \"$HOME/.ssh\" && cat id", "cd d && cat $PWD/up", "cat < $PWD/.env"},
                deny);
    // Once the text sets them, or names them other than to read them, they are unknown again.
    all_decided(e, {"PWD=/tmp; cat $PWD/d/up", "cd /tmp; x=$PWD; cd ~; cat $x/.env/../README",
                    "HOME=/tmp cat $HOME/.ssh/i?"},
                ask);
    // Builtins that may set them under a name the text hides (`P\WD`, `P''WD`): the words are
    // unknown paths again (the check's first reading of $PWD as `.` is dropped). Each printed the
    // key under bash 5.2 when $PWD was read as `.`.
    for (const char* cmd : {"read -r P\\WD <<< secrets; cat ~+/key", "mapfile -t P''WD <<< secrets; cat $PWD/key",
                            "printf -v PWD secrets; cat ~+/key", "declare PWD=secrets; cat $PWD/key",
                            "f() { PWD=secrets; }; f; cat ~+/key", "for i in 1 2; do cat ~+/key; read P\\WD <<< secrets; done",
                            "printf -v HO''ME secrets; cat $HOME/key", "$cmd; cat $PWD/key"}) {
        const auto a = claw::shell::what_runs(cmd);
        INFO(cmd);
        for (const auto& c : a.commands)
            if (c.name == "cat")
                for (const auto& arg : c.argv) CHECK(arg.find("./key") == std::string::npos);
    }
    all_decided(e, {"cat $PWD/README", "cat ~+/README", "cd $PWD && cat README"}, allow);
}

TEST_CASE("programs without operand tables: their words are possible paths for deny and ask rules", "[permissions][rules][paths][readers]") {
    const rules_env e(R"J({"allow":["Bash(cpp *)","Bash(bc *)","Bash(hd *)","Bash(gpg *)","Bash(git add *)","Bash(curl *)",
        "Bash(zip *)","Bash(ar *)","Bash(npm *)","Bash(echo *)","Bash(nm *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Edit(./.env)"]})J", "default");
    // Each printed, stored or overwrote the denied file under bash 5.2 and was an allow.
    all_decided(e, {"cpp -P secrets/key", "cpp -P -include .env /dev/null", "cpp -P /dev/null -o .env", "bc -q .env",
                    "hd .env", "gpg --enarmor -o - .env", "git add .env", "curl -o .env https://example.com/x",
                    "zip -r out.zip secrets", "ar rc z.a .env", "nm @.env", "cpp --include=.env x.c"},
                deny);
    // Other words, and programs that take no files, are as before.
    all_decided(e, {"cpp -P x.c", "npm run build", "echo .env", "git add README", "curl -s https://example.com/.env"},
                allow);
}

TEST_CASE("git grep and git diff --no-index read below folders", "[permissions][rules][paths][recursive]") {
    const rules_env e(R"J({"allow":["Bash(git grep *)","Bash(git diff *)","Bash(openssl *)"],
        "deny":["Read(./.env)","Read(./secrets/**)"]})J", "default");
    std::filesystem::create_directories(e.w.cwd / "r");
    // Each printed ./.env or the key under bash 5.2 and was an allow.
    all_decided(e, {"git grep --no-index SECRET secrets", "git diff --no-index r secrets", "git grep x -- secrets",
                    "openssl enc -in=.env", "openssl enc -in README -out=.env"},
                deny);
    all_decided(e, {"git grep --no-index SECRET", "git grep --no-index S -- '*'", "git grep --untracked S", "git diff --no-index r .",
                    "git diff --no-index r \"$PWD\""},
                ask);
    all_decided(e, {"git grep TODO -- src", "git diff HEAD~1 -- README.md", "git diff --no-index r docs"}, allow);
}

TEST_CASE("git: paths after -C DIR, config that runs code, and the subcommand's own -c", "[permissions][rules][git]") {
    const rules_env e(R"J({"allow":["Bash(git *)"],"deny":["Read(./.env)","Read(./secrets/**)","Bash(rm *)"]})J", "default");
    // bash 5.2 printed secrets/c (a config file) through `-C secrets`: was an allow.
    all_decided(e, {"git -C secrets config -f c -l", "git -C secrets show HEAD:./key", "git -C secrets blame key",
                    "git -C . show HEAD:.env"},
                deny);
    // An alias whose value runs a shell command, and other keys git runs later: not absorbed by `*`.
    none_allowed(e, {"git config alias.x '!rm y'", "git config --global core.pager 'sh -c id'", "git config Alias.st '!x'",
                     "git config core.sshCommand 'rm y'", "git config \"$k\" v"});
    // `-c` of a subcommand is not git's `-c name=value` (each was a false ask).
    all_decided(e,
                {"git switch -c feat", "git branch -c a b", "git commit -c HEAD", "git config user.name x",
                 "git -C . status", "git -C ./ log --oneline"},
                allow);
}

TEST_CASE("programs: git -C another folder is git run in another directory (S6.7 floor)",
          "[permissions][rules][programs]") {
    // A folder of the workspace may hold an embedded repository whose configuration runs commands
    // (`core.fsmonitor`): in bash `git -C bare status` ran it, as `cd bare; git status` does.
    const rules_env e(R"J({"allow":["Bash(git status)","Bash(git log *)"]})J", "default");
    none_allowed(e, {"git -C bare status", "git -C docs log --oneline", "git -C \"$d\" status", "git -C /tmp status",
                     "git --git-dir=bare status", "git --work-tree=.. status", "cd bare && git status"});
    CHECK(e("Bash", "git status") == allow);
    CHECK(e("Bash", "git -C . status") == allow);
}

TEST_CASE("git add and stash take in untracked files; more option values name files", "[permissions][rules][git]") {
    const rules_env e(R"J({"allow":["Bash(git *)","Bash(cat *)","Bash(gcc *)"],"deny":["Read(./.env)","Read(./secrets/**)"]})J",
                      "default");
    // Each stored ./.env or the key in git (printed later by `git diff --cached`, `git stash show -p`)
    // or printed it under bash 5.2, and was an allow.
    all_decided(e, {"git add -A && git diff --cached", "git add .", "git stash -u -q", "git stash --include-untracked",
                    "git add --all"},
                ask);
    all_decided(e, {"git add secrets", "git blame --contents=.env y", "git blame --contents .env y",
                    "git commit -q --allow-empty -Fsecrets/key", "gcc -include.env x.c"},
                deny);
    all_decided(e, {"git add src/a.c", "git stash", "git stash pop", "git commit -m fix"}, allow);
}

TEST_CASE("for loops: nested loops and the variable after the loop", "[permissions][rules][paths][loops]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(echo *)"],"deny":["Read(./.env)","Read(./secrets/**)"]})J", "default");
    // bash 5.2 printed ./.env for each.
    all_decided(e, {"for a in .; do for b in env; do cat $a$b; done; done", "for f in x .env; do echo; done; cat $f"}, deny);
    CHECK(e("Bash", "for f in .env x; do echo; done; cat $f") == allow);  // f is x after that loop
}

TEST_CASE("the written alternative of ${x:-WORD} and ${x:+WORD} is a possible value", "[permissions][rules][paths][values]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(echo *)","Bash(head *)"],
        "deny":["Read(./.env)","Read(./secrets/**)","Read(~/.ssh/**)","Bash(rm *)"]})J", "default");
    // bash prints the denied file when x is unset (or, for `+`, set): the WORD is checked as a path,
    // and what follows the unknown value still ends the path (S8.7).
    all_decided(e, {"cat ${x:-.env}", "cat ${x-.env}", "cat ${x:+.env}", "cat \"${x:-.env}\"", "head -n 1 ${f:-.env}",
                    "cat ${x:-a}/.env", "cat ${x:-secrets}/key", "cat ${x:-sec}rets/key", "cat ${x:-~/.ssh/id_rsa}",
                    "cat ${x:-~}/.ssh/id_rsa", "${x:-rm} -rf /tmp/q"},
                deny);
    // other alternatives are unknown reads under the command's rule, as before
    all_decided(e, {"cat ${x:-README}", "echo ${x:-y}", "cat ${x:-a}/README"}, allow);
}

TEST_CASE("a redirect target known on some paths only meets the deny rules of its value", "[permissions][rules][paths][values]") {
    const rules_env e(R"J({"allow":["Bash(cat *)","Bash(echo *)","Bash(true)"],
        "deny":["Read(./.env)","Edit(./.env)","Read(./secrets/**)"]})J", "default");
    // bash reads or writes ./.env (or the key) through the redirect when x is unset or the branch ran;
    // these asked, as an unknown path, where the deny rule of the value applies.
    all_decided(e, {"cat < ${x:-.env}", "cat < \"${x-.env}\"", "echo hi > ${x:-.env}", "echo hi >> ${x:+.env}",
                    "cat 0<> ${x:-.env}", "cat < ${x:-secrets}/key", "if true; then f=.env; fi; true; echo x > $f",
                    "for f in a .env; do echo x > $f; done"},
                deny);
    // an alternative that names an ordinary file stays an unknown path (asked: no rule covers a redirect)
    CHECK(e("Bash", "cat < ${x:-README}") == ask);
}

TEST_CASE("programs: what bash runs through env assignments, command builtins and stdin scripts is denied",
          "[permissions][rules][programs]") {
    // Each was an ask where bash ran the denied program (an independent differential run).
    const rules_env e(R"J({"deny":["Bash(rm *)"]})J", "default");
    all_decided(
        e,
        {// GNU env takes every word with a `=` for an assignment, whatever precedes it
         "env X%=1 rm -rf x", "env a.b=1 rm x", "env 1=2 rm x", "env =x rm x", "env -- x-y=1 rm x",
         // an exported function: the bash below runs its body
         "env 'BASH_FUNC_a1%%=() { rm x; }' bash -c a1",
         // builtins that run a command they are given or remember
         "jobs -x rm -rf x", "compgen -C rm x", "compgen -F f x", "history -s rm x; fc -s", "fc -e rm", "FCEDIT=rm fc",
         // a script on stdin with operands, or under another name of stdin
         "bash -s x <<< 'rm x'", "sh -s x y <<< 'rm x'", "bash -s -- x <<< 'rm x'", "bash /dev/stdin <<< 'rm x'",
         "bash /dev/fd/0 <<< 'rm x'", "bash /proc/self/fd/0 <<< 'rm x'", "bash <(echo rm x)",
         // after declare -i, `n=1+3` holds 4: the program name is not the literal text
         "declare -i n; n=1+3; r$n"},
        deny);
    CHECK(e("Bash", "jobs -l") != deny);
    CHECK(e("Bash", "env A=1 ls") != deny);
}
