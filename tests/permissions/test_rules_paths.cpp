// SPDX-License-Identifier: MIT
// RULES.md S7.3 (d), S7.4 knobs and S8 as the rules policy applies them: anchors per settings
// source, single-segment directory patterns, the two-path rule for allow, redirect targets
// allowed by path rules, unknown paths, host executables and the opaque-program knob.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

TEST_CASE("paths: a leading / anchors at the settings source: project root, ~/.claw, --settings dir, / for managed",
          "[permissions][rules][paths]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"deny":["Read(/p/**)"]}})J");
    w.write(w.user(), R"J({"permissions":{"deny":["Read(/u/**)"]}})J");
    w.write(w.local(), R"J({"permissions":{"deny":["Read(/l/**)"]}})J");
    const auto cli = w.at("cfg/cli.json");
    w.write(cli, R"J({"permissions":{"deny":["Read(/c/**)"]}})J");
    const auto managed = w.at("managed.json");
    w.write(managed, R"J({"permissions":{"deny":["Read(/etc/m/**)"]}})J");
    auto o = w.options("danger-full-access");
    o.settings_files = {cli};
    o.managed_file = managed;
    const auto p = claw::rules_policy::load(o);
    CHECK(run(p, w, "Read", "/w/proj/p/x").what == deny);
    CHECK(run(p, w, "Read", "/home/u/.claw/u/x").what == deny);
    CHECK(run(p, w, "Read", "/w/proj/u/x").what == allow);
    CHECK(run(p, w, "Read", "/w/proj/l/x").what == deny);
    CHECK(run(p, w, "Read", w.at("cfg/c/x").string()).what == deny);
    CHECK(run(p, w, "Read", "/w/proj/c/x").what == allow);
    CHECK(run(p, w, "Read", "/etc/m/x").what == deny);
}

TEST_CASE("paths: single-segment directory patterns: allow at the cwd only, deny at any depth (S8.2)", "[permissions][rules][paths]") {
    const rules_env a(R"J({"allow":["Edit(src/**)"]})J", "default");
    CHECK(a("Edit", "/w/proj/src/a.c") == allow);
    CHECK(a("Edit", "/w/proj/vendor/src/a.c") == ask);
    const rules_env d(R"J({"deny":["Edit(src/**)"]})J", "danger-full-access");
    CHECK(d("Edit", "/w/proj/src/a.c") == deny);
    CHECK(d("Edit", "/w/proj/vendor/pkg/src/lib.js") == deny);
}

TEST_CASE("paths: a deny or ask rule that names a folder covers everything inside it (gitignore)", "[permissions][rules][paths]") {
    // Each of these read or overwrote a file inside the named folder while the check allowed it.
    const rules_env e(R"J({"deny":["Read(./secrets)","Edit(./build)","Read(./priv/*)","Read(~/.aws)","Read(cache)"],
        "ask":["Read(./notes)"]})J", "acceptEdits");
    for (const char* p : {"/w/proj/secrets", "/w/proj/secrets/key", "/w/proj/secrets/a/b/key", "/w/proj/priv/a/b",
                          "/home/u/.aws/credentials", "/w/proj/x/cache/blob"}) {
        INFO(p);
        CHECK(e("Read", p) == deny);
        CHECK(e("Edit", p) == deny);  // a Read deny also denies Edit (S8.6)
    }
    CHECK(e("Edit", "/w/proj/build/out.o") == deny);
    CHECK(e("Read", "/w/proj/notes/todo") == ask);
    all_deny(e, {"cat secrets/key", "echo x > secrets/key", "cat ./priv/a/b", "cp secrets/key /tmp/k", "cat x/cache/blob"});
    // a name that only starts like the folder is another file; allow rules are not widened
    CHECK(e("Read", "/w/proj/secrets-public/key") == allow);
    CHECK(e("Read", "/w/proj/build/out.o") == allow);
    const rules_env a(R"J({"allow":["Read(//etc/app)"]})J", "default");
    CHECK(a("Read", "/etc/app") == allow);
    CHECK(a("Read", "/etc/app/key") == ask);
}

TEST_CASE("paths: a name without / matches at any depth below its anchor, nothing above (S8.1)", "[permissions][rules][paths]") {
    const rules_env e(R"J({"deny":["Read(.env)","Read(*.pem)"]})J", "danger-full-access");
    CHECK(e("Read", "/w/proj/.env") == deny);
    CHECK(e("Read", "/w/proj/a/b/c/.env") == deny);
    CHECK(e("Read", "/w/proj/keys/server.pem") == deny);
    CHECK(e("Read", "/w/.env") == allow);  // above the anchor
    CHECK(e("Read", "/w/proj/.envrc") == allow);
}

TEST_CASE("paths: allow needs both the lexical and the resolved path (S8.3)", "[permissions][rules][paths]") {
    const rules_env e(R"J({"allow":["Read(./project/**)","Edit(./project/**)"]})J", "default");
    std::filesystem::create_directories(e.w.cwd / "project");
    std::filesystem::create_directories(e.w.at("elsewhere"));
    claw::test::write_file(e.w.at("elsewhere/secret"), "x");
    std::filesystem::create_symlink(e.w.at("elsewhere/secret"), e.w.cwd / "project" / "key");
    CHECK(e("Read", "/w/proj/project/key") == ask);
    CHECK(e("Edit", "/w/proj/project/key") == ask);
    CHECK(e("Read", "/w/proj/project/real.txt") == allow);
}

TEST_CASE("paths: redirect targets are allowed by path rules independently of the command (S7.3 d)", "[permissions][rules][paths]") {
    const rules_env e(R"J({"allow":["Bash(echo *)","Edit(./out/**)"],"deny":["Edit(./locked/**)"]})J", "default");
    CHECK(e("Bash", "echo hi > out/a.txt") == allow);
    CHECK(e("Bash", "echo hi > other.txt") == ask);
    CHECK(e("Bash", "echo hi > locked/a.txt") == deny);
    CHECK(e("Bash", "echo hi 2> out/err.txt >> out/log.txt") == allow);
}

TEST_CASE("paths: a deny/ask rule with a literal last segment fires on an opaque path with that suffix (S8.7)",
          "[permissions][rules][paths]") {
    // `cat "$D/.env"` vs Read(.env): the example of S8.7 itself. Needs the argument path facts of S6.8.
    const rules_env e(R"J({"deny":["Read(.env)"]})J", "danger-full-access");
    CHECK(e("Bash", "cat \"$D/.env\"") == deny);
    CHECK(e("Bash", "cat < \"$D/.env\"") == deny);
}

TEST_CASE("paths: a redirect to an opaque path is denied by a matching deny rule (S8.7)", "[permissions][rules][paths]") {
    const rules_env e(R"J({"deny":["Edit(.bashrc)"]})J", "danger-full-access");
    CHECK(e("Bash", "echo x > \"$D/.bashrc\"") == deny);
    // `$HOME` the text leaves alone is the home folder: the file is ~/.bashrc, which a rule for the
    // home folder names and the project's bare `.bashrc` does not
    const rules_env home(R"J({"deny":["Edit(~/.bashrc)"]})J", "danger-full-access");
    CHECK(home("Bash", "echo x > \"$HOME/.bashrc\"") == deny);
    CHECK(home("Bash", "echo x > ~/.bashrc") == deny);
    CHECK(e("Bash", "echo x > \"$HOME/.bashrc\"") == allow);
}

TEST_CASE("paths: host_executables lets an allow rule cover an absolute program path (S7.3)", "[permissions][rules][paths]") {
    workspace w;
    claw::rules::environment env = w.environment();
    env.host_executables = {"/usr/bin/git"};
    const auto p = claw::rules_policy::from_json(R"J({"permissions":{"allow":["Bash(git status)"]}})J", env);
    CHECK(p.check({"Bash", "/usr/bin/git status"}).allowed());
    CHECK(p.check({"Bash", "/tmp/git status"}).asks());
}

TEST_CASE("paths: the deny_opaque_program knob turns a deny that only an unknown program triggers into ask (S7.4)",
          "[permissions][rules][paths]") {
    workspace w;
    claw::rules::environment env = w.environment();
    const auto strict = claw::rules_policy::from_json(R"J({"permissions":{"deny":["Bash(rm *)"],"defaultMode":"danger-full-access"}})J", env);
    claw::rules::decision_record rec;
    CHECK(strict.check({"Bash", "$X -rf /tmp/x"}, strict.default_context(), &rec).denied());
    CHECK(rec.code == decision_code::opaque_program);
    env.opaque_program = verdict::ask;
    const auto soft = claw::rules_policy::from_json(R"J({"permissions":{"deny":["Bash(rm *)"],"defaultMode":"danger-full-access"}})J", env);
    CHECK(soft.check({"Bash", "$X -rf /tmp/x"}).asks());
    CHECK(soft.check({"Bash", "rm -rf /tmp/x"}).denied());  // a literal rm is still denied
}

TEST_CASE("paths: Grep, Glob and LS without a path read the working directory", "[permissions][rules][paths]") {
    const rules_env e(R"J({"deny":["Read(//**)"]})J", "danger-full-access");
    CHECK(e("Grep", "") == deny);
    CHECK(e("Glob", R"J({"pattern":"*.c"})J", json_req()) == deny);
    CHECK(e("Read", "") == deny);  // Read needs a path: malformed
}
