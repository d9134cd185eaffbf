// SPDX-License-Identifier: MIT
// Command patterns (RULES.md S7): compiling, allow must-match, deny/ask may-match, the dangerous
// operands, the built-in read-only set (S12) and the removal targets of the critical-path floor
// (S10.1); bypass rows of appendices A and B that concern pattern matching; the pattern set,
// against the linear scan it replaces.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include "../support/test_support.hpp"
#include "script_generator.hpp"

#include <array>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {
using claw::rules::may_result;
using claw::rules::shell_pattern;

claw::shell::analysis& arena() {
    static auto a = std::make_unique<claw::shell::analysis>();
    return *a;
}

// allow: the analysis is complete and every fact needing an allow rule must-matches the pattern
bool allows(const std::string& pattern, const std::string& command) {
    const auto p = shell_pattern::compile(pattern);
    auto& a = arena();
    claw::shell::analyze(command, a);
    if (!a.complete()) return false;
    for (const auto& c : a.commands())
        if (claw::rules::requires_allow(c) && !p.must_match(a, c)) return false;
    return true;
}

// deny/ask: some fact may-matches (an opaque program counts)
bool denies(const std::string& pattern, const std::string& command) {
    const auto p = shell_pattern::compile(pattern);
    auto& a = arena();
    claw::shell::analyze(command, a);
    for (const auto& c : a.commands())
        if (p.may_match(a, c) != may_result::no) return true;
    return false;
}
}  // namespace

TEST_CASE("compiling patterns: elements, escapes, legacy :*", "[shell][pattern]") {
    const auto p = shell_pattern::compile("git  'push' ls* \\* *");
    REQUIRE(p.elements().size() == 5);
    CHECK(p.elements()[1].text == "push");
    CHECK(p.elements()[2].kind == claw::rules::element_kind::glob);
    CHECK(p.elements()[3].kind == claw::rules::element_kind::literal);
    CHECK(p.elements()[3].text == "*");
    CHECK(p.elements()[4].kind == claw::rules::element_kind::star);
    CHECK(p.index_key() == "git");
    CHECK(shell_pattern::compile("/usr/bin/Git x").index_key() == "git");
    CHECK(shell_pattern::compile("* x").index_key().empty());
    const auto legacy = shell_pattern::compile("npm run:*");
    REQUIRE(legacy.elements().size() == 3);
    CHECK(legacy.elements()[2].kind == claw::rules::element_kind::star);
    CHECK(shell_pattern::compile("echo \\(x\\)").elements()[1].text == "(x)");
    CHECK(shell_pattern::compile("a b").exact());
    for (const char* bad : {"", "   ", "a; b", "a | b", "a > f", "'open", "\"open", "(x)"}) {
        INFO(bad);
        CHECK_THROWS_AS(shell_pattern::compile(bad), claw::rules::shell_pattern_error);
    }
    try {
        shell_pattern::compile("a && b");
    } catch (const claw::error& e) {
        CHECK(std::string(e.what()).find("a && b") != std::string::npos);
    }
}

TEST_CASE("allow must-match (S7.3)", "[shell][pattern]") {
    CHECK(allows("npm run test *", "npm run test --watch"));
    CHECK(allows("npm run test *", "npm run test"));
    CHECK_FALSE(allows("npm run build", "npm run build --prod"));
    CHECK_FALSE(allows("ls *", "lsof -i"));
    CHECK(allows("ls*", "lsof -i"));
    CHECK(allows("npm:*", "npm install left-pad"));
    CHECK_FALSE(allows("npm run test:*", "npm run test:unit"));
    CHECK_FALSE(allows("git:*", "gitk --all"));
    CHECK(allows("git *", "  git   'status'  "));
    CHECK_FALSE(allows("git status", "/tmp/git status"));
    CHECK_FALSE(allows("git status", "GIT status"));
    CHECK(allows("npm test *", "NODE_ENV=test npm test"));
    CHECK_FALSE(allows("npm test *", "LD_PRELOAD=/tmp/x.so npm test"));
    CHECK_FALSE(allows("echo *", "FOO=1; echo hi"));
    CHECK(allows("echo *", "echo \"$HOME\""));          // an opaque word under STAR
    CHECK_FALSE(allows("echo hi", "echo \"$X\""));        // ... but not under a literal
    CHECK_FALSE(allows("echo h*", "echo \"$X\""));        // ... nor under a word glob
    CHECK_FALSE(allows("echo *", "echo \"unterminated"));
    CHECK(allows("timeout *", "timeout 5 timeout 3 ls") == false);  // the inner ls needs a rule too
    const auto ls = shell_pattern::compile("ls *");
    auto& a = arena();
    claw::shell::analyze("timeout 5 ls -la", a);
    for (const auto& c : a.commands())
        if (claw::rules::requires_allow(c)) CHECK(ls.must_match(a, c));
    claw::shell::analyze("/usr/bin/git status", a);
    const std::array<std::string_view, 1> hosts{"/usr/bin/git"};
    CHECK(shell_pattern::compile("git *").must_match(a, a.commands()[0], {hosts}));
    CHECK_FALSE(shell_pattern::compile("git *").must_match(a, a.commands()[0]));
}

TEST_CASE("allow wildcards never absorb dangerous operands (S7.3 e)", "[shell][pattern]") {
    CHECK_FALSE(allows("find *", "find . -name '*.o' -delete"));
    CHECK_FALSE(allows("find *", "find . -exec rm {} +"));
    CHECK(allows("find . -delete", "find . -delete"));
    CHECK(allows("find *", "find . -name '*.o'"));
    CHECK_FALSE(allows("git *", "git -c core.pager='sh -c id' log"));
    CHECK_FALSE(allows("git *", "git --exec-path=/tmp status"));
    CHECK_FALSE(allows("sed *", "sed -i s/a/b/ f"));
    CHECK_FALSE(allows("sed *", "sed -ni p f"));
    CHECK_FALSE(allows("sed *", "sed -Ei s/a/b/ f"));
    CHECK_FALSE(allows("sed *", "sed -i.bak s/a/b/ f"));
    CHECK_FALSE(allows("sed *", "sed --in-place s/a/b/ f"));
    CHECK_FALSE(allows("sed *", "sed 's/a/b/w out' f"));
    CHECK_FALSE(allows("sed *", "sed -e '1e id' f"));
    CHECK_FALSE(allows("sed *", "sed 's/x/id/e' f"));
    CHECK(allows("sed *", "sed -n 's/hello/world/p' f"));
    CHECK(allows("sed -i *", "sed -i s/a/b/ f"));
    CHECK_FALSE(allows("sort *", "sort -o out in"));
    CHECK_FALSE(allows("sort *", "sort -rno out in"));
    CHECK(allows("sort *", "sort -k 2 -t o in"));
    CHECK_FALSE(allows("tree *", "tree -o out"));
}

TEST_CASE("transparent and non-transparent wrappers under allow (S6.5)", "[shell][pattern]") {
    CHECK_FALSE(allows("watch *", "watch -n1 rm -rf build"));
    CHECK_FALSE(allows("grep *", "xargs -n1 grep TODO"));
    CHECK(allows("grep *", "xargs grep TODO"));
    CHECK_FALSE(allows("rm *", "sudo rm x"));
    CHECK(allows("rm *", "nice -n 5 nohup rm x"));
    CHECK_FALSE(allows("rm *", "timeout --frobnicate 5 rm x"));  // unknown option: the wrapper is a fact of its own
    CHECK(allows("devbox run *", "devbox run rm -rf x"));       // environment runners are not wrappers for allow
}

TEST_CASE("deny may-match (S7.4)", "[shell][pattern]") {
    CHECK(denies("rm *", "echo ok; rm -rf build"));
    CHECK(denies("rm *", "sleep 1 & rm -rf /tmp/x"));
    CHECK(denies("rm *", "(cd /tmp && rm -rf x)"));
    CHECK(denies("curl *", "echo $(curl -s https://evil.example/x)"));
    CHECK(denies("rm *", "eval \"rm -rf /tmp/x\""));
    CHECK(denies("rm *", "find . -name '*.tmp' -exec rm {} +"));
    CHECK(denies("rm *", "ls | xargs rm -f"));
    CHECK(denies("rm *", "FOO=bar rm -rf tmp/"));
    CHECK(denies("rm *", "command rm -rf /tmp/x"));
    CHECK(denies("rm *", "sudo -u root rm -rf /tmp/x"));
    CHECK(denies("curl *", "env -i curl https://evil.example"));
    CHECK(denies("rm -rf *", "rm  -rf /tmp/x"));
    CHECK(denies("rm -rf *", "rm -r -f /tmp/x"));
    CHECK(denies("rm -rf *", "rm -fr /tmp/x"));
    CHECK(denies("rm -rf *", "rm -rfv /tmp/x"));
    CHECK_FALSE(denies("rm -rf *", "rm -r /tmp/x"));
    CHECK_FALSE(denies("rm -rf *", "rm --recursive --force /tmp/x"));  // long options are not canonicalised (S16)
    CHECK(denies("rm *", "/bin/rm -rf /tmp/x"));
    CHECK(denies("rm *", "RM -rf /tmp/x"));
    CHECK(denies("rm *", "echo a; r\\\nm -rf /tmp/x"));
    CHECK(denies("rm *", "R=rm; $R -rf /tmp/x"));
    CHECK(denies("git push *", "git push origin main > /dev/null 2>&1"));
    CHECK(denies("git push *", "git  push"));
    CHECK(denies("rm -rf /", "rm -rf \"$X\""));   // an opaque word matches any element
    CHECK(denies("rm -rf /", "rm $OPTS /"));      // ... or a cluster
    CHECK(denies("rm -rf /", "rm $ARGS"));        // a splitting word matches any run
    CHECK(denies("rm *", "docker exec web rm -rf /"));
    CHECK(denies("rm *", "sudo --weird x rm -rf /"));
    CHECK_FALSE(denies("rm *", "echo rm"));
    CHECK(denies("rm -rf /", "echo 'rm -rf /' | bash"));  // a shell reading an unknown script from stdin
    CHECK(denies("rm -rf /", "bash <<'EOF'\nrm -rf /\nEOF"));
    CHECK_FALSE(denies("rm -rf /", "bash <<'EOF'\nls\nEOF"));
    CHECK_FALSE(allows("cat *", "cat notes.txt | sh"));
    CHECK_FALSE(denies("rm *", "cat <<'EOF'\nrm -rf /\nEOF"));
    CHECK_FALSE(denies("git push *", "git pull"));
    const auto p = shell_pattern::compile("rm *");
    auto& a = arena();
    claw::shell::analyze("$CMD -rf /", a);
    CHECK(p.may_match(a, a.commands()[0]) == may_result::opaque_program);
    // an unknown script, or a program word that may split, can stand for any command line
    const auto exact = shell_pattern::compile("rm -rf /");
    claw::shell::analyze("bash -c \"$SCRIPT\"", a);
    CHECK(exact.may_match(a, a.commands()[1]) == may_result::opaque_program);
    claw::shell::analyze("$CMD", a);
    CHECK(exact.may_match(a, a.commands()[0]) == may_result::opaque_program);
    claw::shell::analyze("\"$CMD\" x", a);
    CHECK(exact.may_match(a, a.commands()[0]) == may_result::no);  // one word program, then x: not `-rf /`
}

TEST_CASE("built-in read-only set (S12)", "[shell][pattern]") {
    auto& a = arena();
    const auto ro = [&](const std::string& text) {
        claw::shell::analyze(text, a);
        REQUIRE(a.commands().size() >= 1);
        return claw::rules::builtin_read_only(a, a.commands()[0]).what;
    };
    using claw::rules::read_only;
    for (const char* yes :
         {"ls -la", "cat *.txt", "grep -i foo f", "git status", "git log --oneline", "git diff HEAD", "git branch",
          "git branch -a -v", "git tag -l 'v*'", "git remote -v", "git config --get user.name", "find . -name x",
          "sort -k 2 f", "uniq f", "echo hi", "pwd", "printf '%s' x", "wc -l f", "stat f", "[ -f x ]",
          // globs: readers whose options read nothing, globs that cannot start with '-'
          "ls *", "cat *", "head -n 1 *", "wc -l src*", "grep x src/*", "du -s ./*"}) {
        INFO(yes);
        CHECK(ro(yes) == read_only::yes);
    }
    for (const char* no : {"rm x", "/tmp/git status", "git push", "git -c x=y status", "git branch -D main",
                           "git diff --output=x", "git config core.pager x", "find . -delete", "find . -exec id ;",
                           "sort -o f g", "uniq a b", "printf -v x y", "file -m m f", "rg --pre x y", "tree -o f",
                           "sed -n p f", "LD_PRELOAD=x ls", "X=1; ls", "find *.c", "ls $(id)", "tee f", "git tag v1",
                           // a glob that may expand to an option reading a file (`--files0-from=.env`)
                           "wc *", "du -s *", "diff * x", "grep x *", "grep -n x *.txt"}) {
        INFO(no);
        CHECK(ro(no) == read_only::no);
    }
    CHECK(ro("cd src") == read_only::if_inside_roots);
    claw::shell::analyze("git -C ../other status", a);
    const auto r = claw::rules::builtin_read_only(a, a.commands()[0]);
    CHECK(r.what == read_only::if_inside_roots);
    CHECK(a.words()[static_cast<std::size_t>(r.path_word)].text == "../other");
}

TEST_CASE("removal targets for the critical-path floor (S10.1)", "[shell][pattern]") {
    auto& a = arena();
    claw::shell::analyze("echo \"$(rm -rf -- ~ / \"$D\"/* $D/ -x)\"; rmdir -p a/b; ls x", a);
    std::vector<std::string> seen;
    std::vector<bool> var_glob;
    for (const auto& c : a.commands())
        claw::rules::for_each_removal_target(a, c, [&](const claw::rules::removal_target& t) {
            seen.emplace_back(a.words()[t.word].text);
            var_glob.push_back(t.variable_then_glob);
        });
    CHECK(seen == std::vector<std::string>{"~", "/", "\"$D\"/*", "$D/", "-x", "a/b"});
    CHECK(var_glob == std::vector<bool>{false, false, true, true, false, false});
}

namespace {
// Random material for the pattern-set differential: patterns and commands drawn from one small
// vocabulary, so that they often match, with every shape the matchers treat specially.
struct set_fuzzer {
    std::mt19937 rng;
    explicit set_fuzzer(std::uint32_t seed) : rng(seed) {}
    std::size_t pick(std::size_t n) { return rng() % n; }
    bool chance(unsigned percent) { return rng() % 100 < percent; }
    template <std::size_t N>
    std::string one(const char* const (&a)[N]) { return a[pick(N)]; }

    std::string pattern() {
        static const char* const first[] = {"git", "GIT", "rm", "/usr/bin/git", "ls", "grep", "l*", "g*t", "*",
                                            "npm", "'x y'", "''", "sudo", "xargs", "echo", "Rm", "timeout", "cat"};
        static const char* const rest[] = {"push", "origin", "status", "-rf", "-r", "-f", "-fr", "-rfv", "--force",
                                           "--", "x", "y", "*", "*", "a*", "*.c", "~/x", "-c", "-n", "1", "test",
                                           "run", "'p q'", "\\*", "'-rf'", "st*", "-", "main", "5", "-u", "'$X'", "-- -rf",
                                           "-- -x"};
        std::string s = one(first);
        const std::size_t n = pick(5);
        for (std::size_t i = 0; i < n; ++i) s.append(" ").append(one(rest));
        if (chance(10)) s += ":*";
        return s;
    }

    std::string word() {
        static const char* const words[] = {"push", "origin", "status", "-rf", "-r", "-f", "-fr", "-rfv", "--force",
                                            "--", "x", "y", "a.c", "b.c", "~/x", "-c", "-n", "1", "test", "run",
                                            "'p q'", "'*'", "main", "5", "-u", "st", "stash", "-", "\"$X\"", "$X",
                                            "*.c", "\"$(id)\"", "$(id)", "{a,b}", "-$X", "\"$V\"", "$V", "'$X'",
                                            "\"${V}x\"", "~/y", "-- -rf", "-- -x"};
        return one(words);
    }

    std::string simple() {
        static const char* const programs[] = {"git", "GIT", "rm", "/usr/bin/git", "/tmp/git", "ls", "lsof", "grep",
                                               "npm", "'x y'", "sudo", "echo", "RM", "\"$P\"", "$P", "cat", "gxt",
                                               "/bin/rm", "timeout", "\"$V\""};
        static const char* const prefixes[] = {"", "", "", "FOO=1 ", "LANG=C ", "PATH=/x ", "X=1; ", "V=push; ",
                                               "if c; then V=push; fi; ", "cd /tmp && ", "A=$(id) "};
        static const char* const wrappers[] = {"", "", "", "", "timeout 5 ", "sudo -u r ", "nice -n 1 ", "env A=1 ",
                                               "xargs ", "xargs -n1 ", "command ", "sudo --weird x ", "npx ",
                                               "bash -c \"$S\" ", "eval ", "find . -exec "};
        // one draw per statement: the operands of `+` are evaluated in an unspecified order
        std::string s = one(prefixes);
        s += one(wrappers);
        s += one(programs);
        const std::size_t n = pick(6);
        for (std::size_t i = 0; i < n; ++i) s.append(" ").append(word());
        return s;
    }

    std::string command() {
        std::string s = simple();
        if (chance(30)) {
            s += chance(50) ? " && " : " | ";
            s += simple();
        }
        if (chance(10)) s = "echo \"$(" + s + ")\"";
        return s;
    }
};

// Asks `set` for the first may-match and must-match of fact `c` and requires the answers of
// trying every accepted pattern in id order; returns those (linear) answers for the counters.
template <class Accept, class Where>
std::pair<claw::rules::shell_pattern_set::may_hit, std::uint32_t> compare_with_linear(
    const claw::rules::shell_pattern_set& set, const std::vector<shell_pattern>& patterns,
    const std::vector<std::uint32_t>& ids, const Accept& accept, const claw::rules::allow_match_options& options,
    const claw::shell::analysis& a, const claw::shell::command& c, const Where& where) {
    using claw::rules::shell_pattern_set;
    const std::size_t n = patterns.size();
    shell_pattern_set::may_hit want;
    for (std::size_t i = 0; i < n; ++i) {
        if (!accept(ids[i])) continue;
        const auto r = patterns[i].may_match(a, c);
        if (r == may_result::no) continue;
        want = {ids[i], r == may_result::opaque_program};
        break;
    }
    std::uint32_t want_must = shell_pattern_set::npos;
    for (std::size_t i = 0; i < n; ++i)
        if (accept(ids[i]) && patterns[i].must_match(a, c, options)) {
            want_must = ids[i];
            break;
        }
    const auto got = set.first_may_match(a, c, accept);
    const auto got_must = set.first_must_match(a, c, options, accept);
    if (got.id != want.id || got.opaque_program != want.opaque_program || got_must != want_must) {
        std::string all;
        for (std::size_t i = 0; i < n; ++i)
            all.append(" [").append(std::to_string(ids[i])).append("] Bash(").append(patterns[i].text()).append(")");
        FAIL(where() << " fact " << c.ordinal << ": may " << got.id << "/" << got.opaque_program << " want " << want.id
                     << "/" << want.opaque_program << ", must " << got_must << " want " << want_must
                     << "\npatterns:" << all << "\nanalysis: " << claw::shell::to_json(a));
    }
    return {want, want_must};
}
}  // namespace

TEST_CASE("the pattern set answers exactly like trying every pattern in id order (randomised)", "[shell][pattern][set]") {
    using claw::rules::shell_pattern_set;
    auto& a = arena();
    std::size_t comparisons = 0, may_hits = 0, must_hits = 0, opaque_hits = 0, generated_scripts = 0;
    for (std::uint32_t round = 0; round < 400; ++round) {
        set_fuzzer f(round * 2654435761u + 17u);
        std::vector<shell_pattern> patterns;
        std::vector<std::uint32_t> ids;
        shell_pattern_set set;
        const std::size_t n = 1 + f.pick(round % 4 == 0 ? 200 : 40);
        std::uint32_t id = static_cast<std::uint32_t>(f.pick(5));
        for (std::size_t i = 0; i < n; ++i) {
            const auto p = shell_pattern::compile(f.pattern());
            patterns.push_back(p);
            ids.push_back(id);
            set.add(id, p);
            id += 1 + static_cast<std::uint32_t>(f.pick(3));
        }
        REQUIRE(set.size() == n);
        const std::uint32_t filter = static_cast<std::uint32_t>(f.pick(4));  // 0: every id; else skip id % (filter+1) == 0
        const auto accept = [filter](std::uint32_t x) { return filter == 0 || x % (filter + 1) != 0; };
        const std::array<std::string_view, 2> hosts{"/usr/bin/git", "/bin/rm"};
        claw::rules::allow_match_options options;
        if (f.chance(50)) options.host_executables = hosts;
        for (int k = 0; k < 25; ++k) {
            std::string text = f.command();
            if (k == 24) {  // and one script of the bash differential's generator
                claw::test::shell::script_generator g(round);
                text = g.script();
                ++generated_scripts;
            }
            claw::shell::analyze(text, a);
            for (const auto& c : a.commands()) {
                const auto [want, want_must] = compare_with_linear(set, patterns, ids, accept, options, a, c, [&] {
                    std::string where = "round ";  // (appends: GCC 12 -O3 warns -Wrestrict on "literal" + string)
                    where.append(std::to_string(round)).append(" command ").append(claw::test::visible(text));
                    return where;
                });
                ++comparisons;
                may_hits += want.found() ? 1 : 0;
                opaque_hits += want.opaque_program ? 1 : 0;
                must_hits += want_must != shell_pattern_set::npos ? 1 : 0;
            }
        }
    }
    std::cout << "pattern set: " << comparisons << " facts compared with the linear scan (" << may_hits
              << " may-match hits, " << opaque_hits << " of them by an opaque program, " << must_hits
              << " must-match hits, " << generated_scripts << " generated scripts)\n";
    CHECK(comparisons > 20000);
    CHECK(may_hits > comparisons / 10);
    CHECK(opaque_hits > 100);
    CHECK(must_hits > 1000);
}

TEST_CASE("the pattern set: ids ascend, buckets, filters", "[shell][pattern][set]") {
    using claw::rules::shell_pattern_set;
    shell_pattern_set set;
    set.add(2, shell_pattern::compile("git push --force *"));
    set.add(5, shell_pattern::compile("rm -rf *"));
    set.add(9, shell_pattern::compile("git *"));
    set.add(11, shell_pattern::compile("R* x"));
    CHECK_THROWS_AS(set.add(11, shell_pattern::compile("ls")), claw::error);
    CHECK_THROWS_AS(set.add(3, shell_pattern::compile("ls")), claw::error);
    CHECK(set.size() == 4);
    CHECK(std::vector<std::uint32_t>(set.ids().begin(), set.ids().end()) == std::vector<std::uint32_t>{2, 5, 9, 11});
    auto& a = arena();
    const auto first_may = [&](const std::string& text) {
        claw::shell::analyze(text, a);
        return set.first_may_match(a, a.commands()[0]).id;
    };
    CHECK(first_may("rm -fr build") == 5);
    CHECK(first_may("RM -r -f build") == 5);
    CHECK(first_may("rm -r build") == shell_pattern_set::npos);
    CHECK(first_may("git push -q --force origin") == 2);
    CHECK(first_may("git push origin") == 9);
    CHECK(first_may("rmdir x") == 11);
    CHECK(first_may("ls") == shell_pattern_set::npos);
    CHECK(first_may("\"$P\" push --force") == 2);  // an unresolvable program
    claw::shell::analyze("$P", a);
    const auto any = set.first_may_match(a, a.commands()[0]);
    CHECK(any.id == 2);
    CHECK(any.opaque_program);
    claw::shell::analyze("git push --force x", a);
    CHECK(set.first_may_match(a, a.commands()[0], [](std::uint32_t id) { return id != 2; }).id == 9);
    CHECK(set.first_must_match(a, a.commands()[0]) == 2);
    CHECK(set.first_must_match(a, a.commands()[0], {}, [](std::uint32_t id) { return id > 2; }) == 9);
    claw::shell::analyze("/usr/bin/git status", a);
    const std::array<std::string_view, 1> hosts{"/usr/bin/git"};
    CHECK(set.first_must_match(a, a.commands()[0]) == shell_pattern_set::npos);
    CHECK(set.first_must_match(a, a.commands()[0], {hosts}) == 9);
    const shell_pattern_set none;
    CHECK(none.first_must_match(a, a.commands()[0]) == shell_pattern_set::npos);
    CHECK_FALSE(none.first_may_match(a, a.commands()[0]).found());
}

namespace {
// A second, structured generator for the pattern-set differential: every pattern element kind the
// index treats differently (literal keys, dashed keys, clusters before and after `--`, STAR, word
// globs, escaped `*`, tildes, empty words, legacy `:*`) and commands whose words are literal,
// opaque, split or lit-or-opaque, behind wrappers and assignments, in lists, pipelines and
// substitutions. Small vocabularies so that keys collide and patterns match often.
struct set_fuzzer2 {
    std::mt19937 rng;
    explicit set_fuzzer2(std::uint32_t seed) : rng(seed) {}
    std::size_t pick(std::size_t n) { return rng() % n; }
    bool chance(unsigned percent) { return rng() % 100 < percent; }
    template <std::size_t N>
    std::string one(const char* const (&a)[N]) { return a[pick(N)]; }

    std::string pattern_first() {
        static const char* const literal[] = {"git",  "GIT",   "Git",  "/usr/bin/git", "/bin/rm", "rm",    "./git",
                                              "sed",  "find",  "sort", "tree",         "npm",     "env",   "timeout",
                                              "ls",   "xargs", "x",    "'g*t'",        "\"git\"", "g\\it", "RM",
                                              "''",   "'git status'", "\xc3\x89" "cho", "\xc3\xa9" "cho", "-"};
        static const char* const wild[] = {"*", "g*", "*t", "/usr/bin/*", "g*t", "r?", "*m", "G*"};
        return chance(80) ? one(literal) : one(wild);
    }
    std::string pattern_element() {
        static const char* const literal[] = {"push", "status", "origin", "main", "Push", "x", "y", "-", "''",
                                              "\\*",  "~/x",    "~",      "a.c",  "'p q'", "--output=x", "-i"};
        static const char* const dashed[] = {"--force", "--all", "--", "--", "-rf", "-fr", "-r", "-f", "-R",
                                             "-rfv",    "-n",    "-e", "-x", "'-rf'", "--dry-run"};
        static const char* const wild[] = {"*", "*", "*", "st*", "*.c", "-*", "--f*", "a*b", "*x*", "p*"};
        const std::size_t k = pick(10);
        if (k < 4) return one(literal);
        if (k < 7) return one(dashed);
        return one(wild);
    }
    std::string pattern() {
        std::string s = pattern_first();
        const std::size_t n = pick(chance(20) ? 8 : 5);
        for (std::size_t i = 0; i < n; ++i) s.append(" ").append(pattern_element());
        if (chance(12)) s += ":*";
        return s;
    }

    std::string word() {
        static const char* const literal[] = {"push",  "status", "origin", "main",    "Push",  "x",   "y",   "-",
                                              "''",    "'*'",    "~/x",    "~",       "a.c",   "'p q'", "\"pu\"sh",
                                              "$'push'", "--output=x", "-i", "st",   "stash", "\\~/x"};
        static const char* const dashed[] = {"--force", "--all", "--", "--", "-rf", "-fr", "-r", "-f", "-R",
                                             "-rfv",    "-n",    "-e", "-x", "-rRf", "--dry-run", "-fx"};
        static const char* const opaque[] = {"\"$X\"", "\"$(id)\"", "\"${X}y\"", "\"`id`\"", "\"$1\"", "\"$@\"",
                                             "-\"$X\"", "\"$((1+2))\"", "\"$V\"", "\"$W\""};
        static const char* const split[] = {"$X", "$(id)", "*.c", "st*", "{a,b}", "$V", "${X:-push}", "$@", "$W"};
        const std::size_t k = pick(20);
        if (k < 9) return one(literal);
        if (k < 15) return one(dashed);
        if (k < 18) return one(opaque);
        return one(split);
    }
    std::string program() {
        static const char* const programs[] = {"git", "GIT",  "Git", "/usr/bin/git", "/tmp/git", "./git", "rm",  "/bin/rm",
                                               "RM",  "sed",  "find", "sort",        "tree",     "npm",   "ls",  "lsof",
                                               "x",   "g\"i\"t", "\\git", "'git'",   "gt",       "rmdir", "\"$P\"", "$P",
                                               "$(which git)", "\"${P}\"", "\"$V\"", "''", "'git status'", "\xc3\x89" "cho",
                                               "\xc3\xa9" "cho", "-", "\xc3\x89" "CHO"};
        return one(programs);
    }
    std::string simple() {
        static const char* const prefixes[] = {"",        "",         "",       "",          "A=1 ", "LANG=C ",
                                               "X=$(id) ", "PATH=/x ", "V=push; ", "W=-rf; ", "if c; then V=push; fi; ",
                                               "if c; then W=main; fi; ", "P=git; ", "cd /tmp && "};
        static const char* const wrappers[] = {"", "", "", "", "", "timeout 5 ", "timeout -s KILL 5 ", "env A=1 ",
                                               "env -i ", "nice ", "nice -n 1 ", "nohup ", "sudo -u r ", "command ",
                                               "exec ", "time ", "stdbuf -o0 ", "xargs ", "xargs -0 -n1 ", "env A=1 timeout 5 ",
                                               "builtin ", "! "};
        std::string s = one(prefixes);  // one draw per statement, as above
        s += one(wrappers);
        s += program();
        const std::size_t n = pick(chance(15) ? 9 : 6);
        for (std::size_t i = 0; i < n; ++i) s.append(" ").append(word());
        return s;
    }
    std::string command() {
        std::string s = simple();
        const std::size_t joins = pick(3);
        for (std::size_t i = 0; i < joins; ++i) {
            static const char* const ops[] = {" && ", " || ", " | ", "; "};
            s += one(ops);
            s += simple();
        }
        switch (pick(12)) {
            case 0: return "echo \"$(" + s + ")\"";
            case 1: return "( " + s + " )";
            case 2: return "bash -c " + claw::test::shell::script_generator::single_quote(s);
            case 3: return "x=`" + simple() + "`; " + s;
            default: return s;
        }
    }
};
}  // namespace

TEST_CASE("the pattern set equals the linear scan: structured random patterns and commands", "[shell][pattern][set]") {
    using claw::rules::shell_pattern_set;
    auto& a = arena();
    std::size_t facts = 0, patterns_total = 0, may_hits = 0, must_hits = 0, opaque_hits = 0;
    std::size_t with_opaque = 0, with_two_opaque = 0, with_split = 0, with_lit_or_opaque = 0, unresolvable = 0,
                split_program = 0;
    const std::array<std::string_view, 3> hosts{"/usr/bin/git", "/bin/rm", "/tmp/git"};
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        set_fuzzer2 f(seed * 0x9e3779b9u);
        std::vector<shell_pattern> patterns;
        std::vector<std::uint32_t> ids;
        shell_pattern_set set;
        const std::size_t n = 1 + f.pick(seed % 5 == 0 ? 150 : 30);
        std::uint32_t id = static_cast<std::uint32_t>(f.pick(3));
        for (std::size_t i = 0; i < n; ++i) {
            auto p = shell_pattern::compile(f.pattern());
            patterns.push_back(p);
            ids.push_back(id);
            set.add(id, std::move(p));
            id += 1 + static_cast<std::uint32_t>(f.pick(2));
        }
        patterns_total += n;
        const std::uint32_t modulus = static_cast<std::uint32_t>(f.pick(3)) + 1;  // 1: every id
        const auto accept = [modulus](std::uint32_t x) noexcept { return modulus == 1 || x % modulus != 0; };
        claw::rules::allow_match_options options;
        if (f.chance(60)) options.host_executables = hosts;
        for (int k = 0; k < 20; ++k) {
            const std::string text = f.command();
            claw::shell::analyze(text, a);
            for (const auto& c : a.commands()) {
                const auto argv = a.argv(c);
                std::size_t opaque_words = 0;
                bool split = false, loo = false;
                for (std::size_t w = 1; w < argv.size(); ++w) {
                    opaque_words += argv[w].literal() ? 0 : 1;
                    split = split || argv[w].may_split();
                    loo = loo || argv[w].lit_or_opaque();
                }
                with_opaque += opaque_words >= 1 ? 1 : 0;
                with_two_opaque += opaque_words >= 2 ? 1 : 0;
                with_split += split ? 1 : 0;
                with_lit_or_opaque += loo ? 1 : 0;
                unresolvable += c.unresolvable() ? 1 : 0;
                split_program += (argv.empty() || argv[0].may_split()) ? 1 : 0;

                const auto [want, want_must] = compare_with_linear(set, patterns, ids, accept, options, a, c, [&] {
                    std::string where = "seed ";  // (appends: GCC 12 -O3 warns -Wrestrict on "literal" + string)
                    where.append(std::to_string(seed)).append(" command ").append(claw::test::visible(text));
                    return where;
                });
                ++facts;
                may_hits += want.found() ? 1 : 0;
                opaque_hits += want.opaque_program ? 1 : 0;
                must_hits += want_must != shell_pattern_set::npos ? 1 : 0;
            }
        }
    }
    std::cout << "pattern set (structured): " << facts << " facts against " << patterns_total
              << " patterns in 300 sets: " << may_hits << " may-match hits (" << opaque_hits << " by an opaque program), "
              << must_hits << " must-match hits; facts with an opaque word " << with_opaque << ", two or more "
              << with_two_opaque << ", a split word " << with_split << ", a lit-or-opaque word " << with_lit_or_opaque
              << ", unresolvable " << unresolvable << ", a split or missing program " << split_program << "\n";
    // the generator reaches every path of the index, and the answers are not all "no match"
    CHECK(facts > 10000);
    CHECK(may_hits > facts / 10);
    CHECK(must_hits > facts / 50);
    CHECK(opaque_hits > 100);
    CHECK(with_opaque > facts / 10);
    CHECK(with_two_opaque > 500);
    CHECK(with_split > facts / 10);
    CHECK(with_lit_or_opaque > 200);
    CHECK(unresolvable > 500);
    CHECK(split_program > 100);
}
