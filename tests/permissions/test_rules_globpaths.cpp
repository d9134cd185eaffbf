// SPDX-License-Identifier: MIT
// Path facts bash only knows when it runs (RULES.md S8.3, S8.7, S6.3, S6.8): shell wildcards and
// brace expansions in path operands (`cat secrets/*`, `cat .en?`), and literal tails after an
// expansion that hold `.`, `..` or a trailing `/` (`cat $X/../.env`). Every case below was an
// allow (or an ask instead of a deny) before: deny and ask rules must fire on every path the word
// may become, and a glob confined to a harmless folder must not be denied by mistake.
#include "test_rules_support.hpp"

#include <claw/paths/glob_path.hpp>
#include <claw/paths/pattern_set.hpp>

#include <filesystem>
#include <string>
#include <vector>

std::size_t claw_test_allocation_count() noexcept;

using namespace claw::test::rules_fixture;

namespace {

// The settings of the adversarial findings P2/P3: cat and echo allowed, reads and edits of the
// project allowed, `.env` and `secrets/` unreadable, `.git/` not editable.
constexpr std::string_view adv_settings =
    R"J({"allow":["Bash(cat *)","Bash(echo *)","Read(./**)","Edit(./**)"],"ask":[],)J"
    R"J("deny":["Read(./.env)","Read(./secrets/**)","Edit(./.git/**)"]})J";
constexpr std::string_view deny_only_settings = R"J({"deny":["Read(./.env)","Read(./secrets/**)","Edit(./.git/**)"]})J";

void make_tree(const workspace& w) {
    namespace fs = std::filesystem;
    fs::create_directories(w.cwd / "secrets" / "sub");
    fs::create_directories(w.cwd / "docs");
    fs::create_directories(w.cwd / ".git" / "hooks");
    claw::test::write_file(w.cwd / ".env", "S");
    claw::test::write_file(w.cwd / "secrets" / "key", "K");
    claw::test::write_file(w.cwd / "secrets" / "sub" / "k", "k");
    claw::test::write_file(w.cwd / "docs" / "a.md", "d");
    claw::test::write_file(w.cwd / "notes.md", "n");
}

}  // namespace

TEST_CASE("glob paths: every expansion of the glob lies under a denied folder (finding P2)", "[permissions][rules][paths][glob]") {
    const rules_env e(adv_settings, "default");
    make_tree(e.w);
    all_decided(e, {"cat secrets/*", "cat secrets/**", "cat s*/key", "cat */key", "cat sec*/k*", "cat < secrets/*",
                    "cat secrets/sub/*", "cat ./secrets/*", "cat /w/proj/secrets/*", "cat secrets/s?b/k",
                    "cat [s]ecrets/key", "cat {secrets,docs}/key", "cat SECRETS/*", "echo x; cat secrets/*"}, deny);
    // The literal folder is resolved through symbolic links (S8.3): a link to the denied folder.
    std::filesystem::create_directory_symlink(e.w.cwd / "secrets", e.w.cwd / "sl");
    CHECK(e("Bash", "cat sl/*") == deny);
    CHECK(e("Bash", "cat sl/s*/k") == deny);
    // Without the cat allow rule the same reads are still denied, not merely asked.
    const rules_env d(deny_only_settings, "default");
    make_tree(d.w);
    all_decided(d, {"cat secrets/*", "cat */key", "cat < secrets/*", "head -n1 s*/key"}, deny);
}

TEST_CASE("glob paths: a glob name that may expand to a denied file name (finding P2)", "[permissions][rules][paths][glob]") {
    const rules_env e(adv_settings, "default");
    make_tree(e.w);
    all_decided(e, {"cat .en?", "cat .e*", "cat .[e]nv", "cat .{env,x}", "cat .[!x]nv", "cat .[a-f]nv", "cat .en[[:alpha:]]",
                    "cat ./.en?", "cat docs/../.en?", "cat .EN?"}, deny);
    // A bare-name rule fires at any depth, so does its glob.
    const rules_env any(R"J({"allow":["Bash(cat *)"],"deny":["Read(.env)"]})J", "default");
    CHECK(any("Bash", "cat */*/.en?") == deny);
    CHECK(any("Bash", "cat a/**/.e*") == deny);
}

TEST_CASE("glob paths: writes through a glob reach a protected or denied folder", "[permissions][rules][paths][glob]") {
    const rules_env e(adv_settings, "workspace-write");
    make_tree(e.w);
    CHECK(e("Bash", "echo x > .gi?/hooks/pre-commit") == deny);
    CHECK(e("Bash", "echo x > .g*/config") == deny);
    CHECK(e("Bash", "rm secrets/*") == deny);  // a Read deny also denies Edit (S8.6)
}

TEST_CASE("glob paths: a glob confined to a folder no rule denies is not denied by mistake", "[permissions][rules][paths][glob]") {
    const rules_env e(R"J({"allow":["Bash(cat *)"],"deny":["Read(./secrets/**)"]})J", "default");
    make_tree(e.w);
    for (const char* cmd : {"cat docs/*.md", "cat *.md", "cat docs/*", "cat d*/a.md", "cat docs/{a,b}.md", "cat *"}) {
        INFO(cmd);
        CHECK(e("Bash", cmd) == allow);  // the cat rule covers the reads; no deny rule can match
    }
    // Without an allow rule for the command the read is known only at run time: ask, never
    // allow by the mode baseline, never deny.
    const rules_env d(R"J({"deny":["Read(./secrets/**)"]})J", "default");
    make_tree(d.w);
    all_decided(d, {"cat docs/*.md", "cat *.md", "cat d*/a.md", "ls docs/*", "wc -l d*/a.md"}, ask);
    // Not even danger-full-access turns a deny on the glob into something else, and a harmless
    // glob stays allowed there.
    const rules_env f(R"J({"deny":["Read(./secrets/**)"]})J", "danger-full-access");
    make_tree(f.w);
    CHECK(f("Bash", "cat docs/*.md") == allow);
    CHECK(f("Bash", "cat s*/key") == deny);
}

TEST_CASE("glob paths: a dot file reachable only with dotglob asks", "[permissions][rules][paths][glob]") {
    const rules_env e(R"J({"allow":["Bash(cat *)"],"deny":["Read(./.env)"]})J", "default");
    make_tree(e.w);
    // `*` skips `.env` by default, but `shopt -s dotglob` (or GLOBIGNORE) makes it match.
    CHECK(e("Bash", "cat *") == ask);
    CHECK(e("Bash", "cat ?env") == ask);
    CHECK(e("Bash", "cat *.md") == allow);  // cannot name `.env` with or without dotglob
}

TEST_CASE("glob paths: globs that cannot be confined below their folder are never allowed", "[permissions][rules][paths][glob]") {
    const rules_env e(adv_settings, "default");
    make_tree(e.w);
    // `..` after a wildcard name, or a brace spanning `/`: only the last name is known.
    CHECK(e("Bash", "cat s*/../.env") == deny);
    CHECK(e("Bash", "cat d*/../secrets/key") == ask);
    CHECK(e("Bash", "cat {secrets/key,x}") == ask);
    CHECK(e("Bash", "cat .*/secrets/key") == ask);  // `.*` may be `..`
    CHECK(e("Bash", "cat {..,x}/secrets/key") == ask);
    CHECK(e("Bash", "cat {.,x}/.env") == deny);
    // An unknown working directory: the last name still fires S8.7 rules.
    CHECK(e("Bash", "cd \"$D\" && cat .en?") == deny);
    CHECK(e("Bash", "cat $D/.en?") == deny);
    CHECK(e("Bash", "cat \"$D\"/.{env,x}") == deny);
}

TEST_CASE("glob paths: the literal tail after an expansion is reduced past . .. and a trailing / (finding P3)",
          "[permissions][rules][paths][glob]") {
    const rules_env e(adv_settings, "default");
    make_tree(e.w);
    // HOME is /home/u: $HOME/../../w/./proj/.env is the project's .env (a path the fixture does not
    // rewrite; $HOME left alone by the text is the home folder).
    CHECK(e("Bash", "cat $HOME/../../w/./proj/.env") == deny);
    CHECK(e("Bash", "cat \"$HOME\"/../../w/./proj/.env") == deny);
    CHECK(e("Bash", "cat \"$H\"/../../w/./proj/.env") == deny);  // an unknown folder: by the reduced tail
    const rules_env d(deny_only_settings, "default");
    make_tree(d.w);
    all_decided(d, {"cat $X/../.env", "cat $X/./.env", "cat $X/.env/", "cat \"$D\"/../proj/.env", "cat $X/a/../.env",
                    "cat $X/.//./.env/.", "cat < $X/../.env", "cat $X/.env"}, deny);
    // A relative path under an unknown working directory is reduced the same way.
    CHECK(d("Bash", "cd \"$X\" && cat ../.env") == deny);
    // `..` climbing out of the tail: the path may lie anywhere, so the cat rule does not cover it;
    // a tail without a climbing `..` stays covered (Clarifications).
    CHECK(e("Bash", "cat $X/../notes") == ask);
    CHECK(e("Bash", "cat $X/notes") == allow);
    CHECK(e("Bash", "cat $X/a/../notes") == allow);  // the `..` cancels `a`: the path ends in notes
    CHECK(d("Bash", "cat $X/.env/..") == ask);       // nothing known of the last name
}

TEST_CASE("glob paths: the shell glob name matcher", "[permissions][rules][paths][glob]") {
    using claw::paths::detail::shell_name_match;
    CHECK(shell_name_match(".en?", ".env", false, true));
    CHECK(shell_name_match(".e*", ".env", false, true));
    CHECK(shell_name_match(".[e]nv", ".env", false, true));
    CHECK(shell_name_match(".[!x]nv", ".env", false, true));
    CHECK_FALSE(shell_name_match(".[!e]nv", ".env", false, true));
    CHECK(shell_name_match("*", ".env", false, false));
    CHECK_FALSE(shell_name_match("*", ".env", false, true));  // bash: no leading dot without dotglob
    CHECK_FALSE(shell_name_match("?env", ".env", false, true));
    CHECK(shell_name_match("\x01", ".env", false, true));  // a brace group matches a leading dot
    CHECK(shell_name_match("*.md", "a.md", false, true));
    CHECK_FALSE(shell_name_match("*.md", "a.mdx", false, true));
    CHECK(shell_name_match("S*", "secrets", true, true));
    CHECK_FALSE(shell_name_match("S*", "secrets", false, true));
    CHECK(shell_name_match("[A-Z]ecrets", "secrets", true, true));
    CHECK(shell_name_match("s?cret", "s\xC3\xA9" "cret", false, true));  // `?` is one character
    CHECK(shell_name_match("a[", "a[", false, true));                     // unterminated: literal
    CHECK(shell_name_match("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false, true));
    CHECK_FALSE(shell_name_match("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, true));
}

TEST_CASE("glob paths: split_glob_path and path_tail_names", "[permissions][rules][paths][glob]") {
    claw::paths::glob_path g;
    claw::paths::split_glob_path("secrets/*", g);
    CHECK(g.dir == "secrets");
    CHECK(g.rest == "*");
    CHECK(g.last == "*");
    CHECK_FALSE(g.unbounded);
    claw::paths::split_glob_path("/a/b/./c*/./d/", g);
    CHECK(g.dir == "/a/b/.");
    CHECK(g.rest == "c*/d");
    CHECK(g.last == "d");
    claw::paths::split_glob_path("/*", g);
    CHECK(g.dir == "/");
    CHECK(g.rest == "*");
    claw::paths::split_glob_path(".{env,x}", g);
    CHECK(g.dir.empty());
    CHECK(g.rest == ".\x02");  // a group without a dot
    claw::paths::split_glob_path("{.,..}/x", g);
    CHECK(g.unbounded);  // a group with dots may spell `..`
    claw::paths::split_glob_path("s*/../.env", g);
    CHECK(g.unbounded);
    CHECK(g.last == ".env");
    claw::paths::split_glob_path("{a/b,c}", g);
    CHECK(g.unbounded);
    CHECK(g.last.empty());
    claw::paths::split_glob_path(".*/x", g);
    CHECK(g.unbounded);

    char buf[64];
    bool climbed = false;
    CHECK(claw::paths::path_tail_names("/../p/.env", buf, sizeof buf, climbed) == "p/.env");
    CHECK(climbed);
    CHECK(claw::paths::path_tail_names("/a/../.env", buf, sizeof buf, climbed) == ".env");
    CHECK_FALSE(climbed);
    CHECK(claw::paths::path_tail_names("/./.env/", buf, sizeof buf, climbed) == ".env");
    CHECK(claw::paths::path_tail_names("/.env/..", buf, sizeof buf, climbed).empty());
    CHECK(claw::paths::path_tail_names("/x/.env", buf, sizeof buf, climbed) == "x/.env");
}

TEST_CASE("glob paths: path_pattern::may_match_glob against anchored, any-depth and globstar patterns",
          "[permissions][rules][paths][glob]") {
    const claw::paths::anchor_context anchors({.cwd = "/w/proj", .home = "/home/u"}, false);
    const auto set = claw::paths::pattern_set::compile({"./secrets/**", ".env", "~/.ssh/", "//etc/*/shadow"}, anchors);
    CHECK(set.match_glob("/w/proj/secrets/*", true, true) == 0);
    CHECK(set.match_glob("/w/proj/*/key", true, true) == 0);
    CHECK(set.match_glob("/w/proj/**", true, true) == 0);
    CHECK(set.match_glob("/w/proj/secrets", true, true) == claw::paths::pattern_set::npos);  // the folder itself
    CHECK(set.match_glob("/w/proj/docs/*.md", true, true) == claw::paths::pattern_set::npos);
    CHECK(set.match_glob("/w/proj/a/b/.en?", true, true) == 1);
    CHECK(set.match_glob("/w/.en?", true, true) == claw::paths::pattern_set::npos);  // above the anchor
    CHECK(set.match_glob("/home/*/.ssh/id_*", true, true) == 2);
    CHECK(set.match_glob("/etc/x*/shadow", true, true) == 3);
    CHECK(set.match_glob("/etc/x*/passwd", true, true) == claw::paths::pattern_set::npos);
    CHECK(set.match_glob("/*/*/*/*", true, true) == 0);
    CHECK(set.match_glob("/*/*/*", true, true) == 3);  // only //etc/*/shadow has three names
    CHECK(set.match_last_name_glob(".en?", true, true) == 1);
    CHECK(set.match_last_name_glob("*.md", true, true) == claw::paths::pattern_set::npos);
}

TEST_CASE("glob paths: checks of glob and tail paths allocate nothing", "[permissions][rules][paths][glob][allocation]") {
    const rules_env e(adv_settings, "default");
    make_tree(e.w);
    const std::vector<std::string> cmds{"cat secrets/*", "cat .en?", "cat .{env,x}", "cat */key", "cat $X/../.env",
                                        "cat s*/../.env", "cat {a/b,c}", "cat $X/.en?", "cat docs/*.md", "echo x > .gi?/config",
                                        "cd \"$D\" && cat .en?"};
    std::vector<std::string> inputs;
    for (const auto& c : cmds) inputs.push_back(e.w.sub(c));
    (void)e.policy->check({"Bash", "ls"});  // the per-thread scratch exists
    std::size_t denied = 0;
    const std::size_t before = claw_test_allocation_count();
    for (const auto& in : inputs) denied += e.policy->check({"Bash", in}).what == verdict::deny ? 1 : 0;
    CHECK(claw_test_allocation_count() - before == 0);
    CHECK(denied == 9);
}
