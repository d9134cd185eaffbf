// SPDX-License-Identifier: MIT
// RULES.md S10, S11, S13 and S14: modes and their aliases, the baseline table of S11.2 cell by
// cell, the read-only ceiling, the floors, the external override, non-interactive sessions, the
// evaluation order and the reported cause, and the decision record with format_reason.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;
using claw::rules::settings_layer;

TEST_CASE("modes: canonical names and exactly the aliases of S11.1; auto is rejected", "[permissions][rules][modes]") {
    using claw::rules::parse_mode;
    CHECK(parse_mode("read-only") == permission_mode::read_only);
    CHECK(parse_mode("plan") == permission_mode::read_only);
    CHECK(parse_mode("default") == permission_mode::default_mode);
    CHECK(parse_mode("manual") == permission_mode::default_mode);
    CHECK(parse_mode("prompt") == permission_mode::default_mode);
    CHECK(parse_mode("workspace-write") == permission_mode::workspace_write);
    CHECK(parse_mode("acceptEdits") == permission_mode::workspace_write);
    CHECK(parse_mode("accept-edits") == permission_mode::workspace_write);
    CHECK(parse_mode("danger-full-access") == permission_mode::danger_full_access);
    CHECK(parse_mode("bypassPermissions") == permission_mode::danger_full_access);
    CHECK(parse_mode("dont-ask") == permission_mode::dont_ask);
    CHECK(parse_mode("dontAsk") == permission_mode::dont_ask);
    for (const char* bad : {"auto", "Auto", "readonly", "read_only", "ReadOnly", "acceptedits", "bypass", "dontask", "DEFAULT",
                            "default ", "", "danger", "yolo", "full-access"}) {
        INFO(bad);
        CHECK_FALSE(parse_mode(bad));
    }
    for (const auto m : {permission_mode::read_only, permission_mode::default_mode, permission_mode::workspace_write,
                         permission_mode::danger_full_access, permission_mode::dont_ask})
        CHECK(parse_mode(claw::rules::mode_name(m)) == m);
}

TEST_CASE("modes: dontAsk is default without an approver, never danger (C13)", "[permissions][rules][modes]") {
    const rules_env e("{}", "dontAsk");
    CHECK(e.policy->mode() == permission_mode::dont_ask);
    CHECK(e("Bash", "ls") == allow);
    const result r = e.check("Bash", "rm -rf build");
    CHECK(r.what == deny);
    CHECK(r.rec.code == decision_code::noninteractive);
    CHECK(e("Edit", "/w/proj/a.txt") == deny);
    CHECK(e("mcp__x__y", "{}") == deny);
}

namespace {
struct row {
    const char* fact;
    const char* tool;
    const char* input;
    verdict read_only, def, workspace_write, danger;
};
}  // namespace

TEST_CASE("modes: the baseline table of S11.2, cell by cell", "[permissions][rules][modes][baseline]") {
    workspace w;
    std::filesystem::create_directories(w.cwd / "src");
    claw::test::write_file(w.cwd / "src" / "a.c", "int x;");
    claw::rules::environment env = w.environment();
    env.tools.add({"mcp__docs__search", {}, claw::rules::tool_kind::mcp, claw::rules::capability::read, "", false, {}, true,
                   claw::rules::path_family::none, {}, ""});
    env.tools.add({"Lookup", {}, claw::rules::tool_kind::other, claw::rules::capability::read, "", false, {}, true,
                   claw::rules::path_family::none, {}, ""});
    const std::vector<row> rows{
        {"read inside roots", "Read", "/w/proj/src/a.c", allow, allow, allow, allow},
        {"read inside roots (Grep)", "Grep", "/w/proj/src", allow, allow, allow, allow},
        {"read outside roots", "Read", "/etc/hosts", ask, ask, ask, allow},
        {"read outside roots (home)", "Read", "/home/u/notes.txt", ask, ask, ask, allow},
        {"read outside roots by a shell redirect", "Bash", "wc -l < /etc/hosts", ask, ask, ask, allow},
        {"exec, built-in read-only", "Bash", "ls -la", allow, allow, allow, allow},
        {"exec, built-in read-only git", "Bash", "git status", allow, allow, allow, allow},
        {"exec, built-in read-only pipeline", "Bash", "cat src/a.c | wc -l", allow, allow, allow, allow},
        {"exec, filesystem command inside roots", "Bash", "mkdir build", deny, ask, allow, allow},
        {"exec, filesystem command touch", "Bash", "touch src/b.c", deny, ask, allow, allow},
        {"exec, filesystem command rm", "Bash", "rm src/a.c", deny, ask, allow, allow},
        {"exec, filesystem command cp", "Bash", "cp src/a.c src/b.c", deny, ask, allow, allow},
        {"exec, filesystem command outside roots", "Bash", "touch /tmp/claw-outside-x", deny, ask, ask, allow},
        {"exec, filesystem command on a protected path", "Bash", "touch .gitmodules", deny, ask, ask, allow},
        {"exec, anything else", "Bash", "npm test", deny, ask, ask, allow},
        {"exec, network command", "Bash", "curl https://example.com", deny, ask, ask, allow},
        {"write inside roots (Edit)", "Edit", "/w/proj/src/a.c", deny, ask, allow, allow},
        {"write inside roots (Write, new file)", "Write", "/w/proj/src/new.c", deny, ask, allow, allow},
        {"write inside roots (redirect)", "Bash", "echo hi > out.txt", deny, ask, allow, allow},
        {"write outside roots (Edit)", "Edit", "/tmp/claw-outside-x", deny, ask, ask, allow},
        {"write outside roots (redirect)", "Bash", "echo hi > /tmp/claw-outside-x", deny, ask, ask, allow},
        // S10.3: an unknown path in a write is a floor, in every mode (S10.2 and S10.4 name their
        // danger-full-access exception, S10.3 names none).
        {"write to an unknown path (redirect)", "Bash", "echo hi > \"$OUT\"", deny, ask, ask, ask},
        {"network (WebFetch)", "WebFetch", "https://example.com/", ask, ask, ask, allow},
        {"network (/dev/tcp)", "Bash", "echo hi > /dev/tcp/203.0.113.5/80", ask, ask, ask, allow},
        {"MCP tool declared read-only", "mcp__docs__search", "{}", allow, allow, allow, allow},
        {"other tool declared read-only", "Lookup", "x", allow, allow, allow, allow},
        {"MCP tool", "mcp__github__create_issue", "{}", deny, ask, ask, allow},
        {"unregistered tool", "FrobTool", "x", deny, ask, ask, allow},
        {"Agent", "Agent", "Explore", deny, ask, ask, allow},
    };
    const std::vector<std::pair<const char*, verdict row::*>> modes{{"read-only", &row::read_only},
                                                                   {"default", &row::def},
                                                                   {"workspace-write", &row::workspace_write},
                                                                   {"danger-full-access", &row::danger}};
    std::size_t cells = 0;
    for (const auto& [mode, column] : modes) {
        const auto p = claw::rules_policy::from_json(std::string(R"J({"permissions":{"defaultMode":")J") + mode + "\"}}", env);
        for (const auto& r : rows) {
            const result x = run(p, w, r.tool, r.input);
            INFO(mode << " / " << r.fact << ": " << r.tool << " " << r.input << " -> " << x.text);
            CHECK(x.what == r.*column);
            // dont-ask is default without an approver: every ask becomes deny.
            if (std::string_view(mode) == "default") {
                claw::rules::request_context ni;
                ni.interactive = false;
                const verdict v = p.check({r.tool, w.sub(r.input)}, ni, nullptr).what;
                CHECK(v == (r.def == ask ? deny : r.def));
            }
            ++cells;
        }
    }
    CHECK(cells == rows.size() * 4);
}

TEST_CASE("modes: read-only is a ceiling no allow rule lifts (S11.2 NL)", "[permissions][rules][modes][ceiling]") {
    const rules_env e(R"J({"allow":["Bash(npm test)","Bash(mkdir *)","Edit(./src/**)","mcp__github","FrobTool","Bash(echo *)","Agent(Explore)"]})J",
                      "read-only");
    for (const auto& [tool, input] : std::vector<std::pair<const char*, const char*>>{{"Bash", "npm test"},
                                                                                      {"Bash", "mkdir build"},
                                                                                      {"Edit", "/w/proj/src/a.c"},
                                                                                      {"Write", "/w/proj/src/a.c"},
                                                                                      {"mcp__github__create_issue", "{}"},
                                                                                      {"FrobTool", "x"},
                                                                                      {"Bash", "echo hi > out.txt"},
                                                                                      {"Agent", "Explore"}}) {
        INFO(tool << " " << input);
        const result r = e.check(tool, input);
        CHECK(r.what == deny);
        CHECK(r.rec.code == decision_code::mode_ceiling);
        // An override cannot lift a ceiling either.
        CHECK(e(tool, input, override_req(allow)) == deny);
    }
    CHECK(e("Bash", "git status") == allow);
    CHECK(e("Read", "/w/proj/src/a.c") == allow);
}

TEST_CASE("floors: removal of a critical path asks in every mode, denies without an approver (S10.1)",
          "[permissions][rules][floors]") {
    for (const auto& mode : {"default", "workspace-write", "danger-full-access"}) {
        const rules_env e(R"J({"allow":["Bash(rm *)","Bash(rmdir *)","Bash(sudo *)","Bash(echo *)","Bash"]})J", mode);
        for (const char* cmd : {"rm -rf /", "rm -rf ~", "rm -rf ~/", "rm -rf /usr", "rm -rf /home", "rm -rf /tmp/../",
                                "rm -rf .", "rm -rf ..", "rm -rf ../", "rm -r -f //", "rm -rf /*", "rm -rf ~/*",
                                "rm -rf \"$D\"/*", "rm -rf $HOME/", "rmdir /home", "rm -rf /w/proj", "rm -rf /w",
                                "rm -rf /w/proj/*", "sudo rm -rf /", "echo $(rm -rf ~)", "rm --recursive --force /",
                                "cd / && rm -rf tmp", "rm -rf -- /"}) {
            INFO(mode << ": " << cmd);
            const result r = e.check("Bash", cmd);
            CHECK(r.what == ask);
            CHECK(r.rec.code == decision_code::critical_path);
            CHECK(e("Bash", cmd, noninteractive_req()) == deny);
            CHECK(e("Bash", cmd, override_req(allow)) == ask);
        }
        CHECK(e("Bash", "rm -rf /w/proj/build") == allow);
    }
}

TEST_CASE("floors: writes to protected paths ask, except in danger-full-access (S10.2)", "[permissions][rules][floors]") {
    const char* allow_all_edits = R"J({"allow":["Edit(/**)","Edit(~/**)","Edit(//**)","Bash(echo *)"]})J";
    for (const char* path : {"/w/proj/.git/config", "/w/proj/.git/hooks/pre-commit", "/w/proj/.claw/settings.json",
                             "/w/proj/.claude/settings.json", "/w/proj/.vscode/settings.json", "/w/proj/.idea/x.xml",
                             "/w/proj/.husky/pre-commit", "/w/proj/.cargo/config.toml", "/w/proj/.devcontainer/devcontainer.json",
                             "/w/proj/.yarn/x", "/w/proj/.mvn/x", "/home/u/.config/git/config", "/w/proj/.gitconfig",
                             "/w/proj/.gitmodules", "/home/u/.bashrc", "/home/u/.bash_profile", "/home/u/.zshrc",
                             "/home/u/.profile", "/w/proj/.envrc", "/w/proj/.npmrc", "/w/proj/.mcp.json", "/w/proj/.claw.json",
                             "/home/u/.claude.json", "/w/proj/sub/.git/config", "/w/proj/.GIT/config", "/home/u/.BashRC"}) {
        INFO(path);
        for (const auto& mode : {"default", "workspace-write"}) {
            const rules_env e(allow_all_edits, mode);
            const result r = e.check("Edit", path);
            CHECK(r.what == ask);
            CHECK(r.rec.code == decision_code::protected_path);
            CHECK(e("Write", path, override_req(allow)) == ask);
            CHECK(e("Edit", path, noninteractive_req()) == deny);
        }
        CHECK(rules_env(allow_all_edits, "danger-full-access")("Edit", path) == allow);
    }
    const rules_env e(allow_all_edits, "workspace-write");
    CHECK(e("Edit", "/w/proj/src/a.c") == allow);
    CHECK(e("Edit", "/w/proj/.gitignore") == allow);  // not in the list
    CHECK(e("Bash", "echo x > .git/hooks/pre-commit") == ask);
    CHECK(e("Bash", "echo x >> ~/.zshrc") == ask);
}

TEST_CASE("floors: a protected path reached through a symlink is still protected", "[permissions][rules][floors]") {
    const rules_env e(R"J({"allow":["Edit(./**)"]})J", "workspace-write");
    std::filesystem::create_directories(e.w.cwd / ".git" / "hooks");
    std::filesystem::create_directory_symlink(e.w.cwd / ".git" / "hooks", e.w.cwd / "hooks");
    CHECK(e("Edit", "/w/proj/hooks/pre-commit") == ask);
    CHECK(e("Bash", "echo x > hooks/pre-commit") == ask);
}

TEST_CASE("floors: incomplete analysis and unresolvable programs ask, even with allow rules (S10.3)", "[permissions][rules][floors]") {
    for (const auto& mode : {"default", "workspace-write", "danger-full-access"}) {
        INFO(mode);
        const rules_env e(R"J({"allow":["Bash(echo *)","Bash(ls *)"]})J", mode);
        const result r = e.check("Bash", "echo \"unterminated");
        CHECK(r.what == ask);
        CHECK(r.rec.code == decision_code::incomplete_analysis);
        CHECK_FALSE(r.rec.complete);
        std::string many;
        for (int i = 0; i < 300; ++i) many += "ls; ";
        CHECK(e("Bash", many) == ask);
        CHECK(e("Bash", std::string(10001, 'x')) == ask);
        const result o = e.check("Bash", "$CMD -rf x");
        CHECK(o.what == ask);
        CHECK(o.rec.code == decision_code::opaque_program);
        CHECK(e("Bash", "$CMD -rf x", override_req(allow)) == ask);
    }
}

TEST_CASE("floors: a write to a path known only at run time asks, even in danger-full-access (S10.3)",
          "[permissions][rules][floors]") {
    // Flagged reading: S10.3 lists "unknown path in a write -> ask" among the floors, which are
    // "never lifted by allow rules or overrides"; unlike S10.2 and S10.4 it makes no exception for
    // danger-full-access (S11.2's danger column is the baseline, below every floor per S13).
    const rules_env e(R"J({"allow":["Bash(echo *)"]})J", "danger-full-access");
    CHECK(e("Bash", "echo hi > \"$OUT\"") == ask);
    CHECK(e("Bash", "cd \"$D\" && echo hi > out.txt") == ask);
}

TEST_CASE("floors: git after cd into another directory asks (S6.7)", "[permissions][rules][floors]") {
    const rules_env e(R"J({"allow":["Bash(git *)","Bash(cd *)"]})J", "default");
    std::filesystem::create_directories(e.w.at("other"));
    const result r = e.check("Bash", "cd " + e.w.at("other").string() + " && git status");
    CHECK(r.what == ask);
    CHECK(e("Bash", "git status") == allow);
}

TEST_CASE("override: deny always denies; ask raises to ask; allow lifts only a baseline ask (S11.4)", "[permissions][rules][override]") {
    const rules_env e(R"J({"allow":["Bash(npm test)"],"ask":["Bash(git push *)"],"deny":["Bash(rm *)"]})J", "default");
    // deny
    CHECK(e("Bash", "npm test", override_req(deny)) == deny);
    CHECK(e("Bash", "ls", override_req(deny)) == deny);
    CHECK(e.check("Bash", "ls", override_req(deny)).rec.code == decision_code::override_verdict);
    CHECK(e.check("Bash", "ls", override_req(deny)).rec.overridden);
    // ask
    CHECK(e("Bash", "npm test", override_req(ask)) == ask);
    CHECK(e("Bash", "npm test", [] { req r = override_req(ask); r.interactive = false; return r; }()) == deny);
    CHECK(e("Bash", "rm x", override_req(ask)) == deny);  // never lowers a deny
    // allow: a baseline ask becomes allow ...
    const result b = e.check("Bash", "npm publish", override_req(allow));
    CHECK(b.what == allow);
    CHECK(b.rec.code == decision_code::override_verdict);
    CHECK(e("Edit", "/w/proj/a.txt", override_req(allow)) == allow);
    CHECK(e("Read", "/etc/hosts", override_req(allow)) == allow);
    // ... but never an ask rule, a deny rule, a floor or a ceiling
    CHECK(e("Bash", "git push origin main", override_req(allow)) == ask);
    CHECK(e("Bash", "rm -rf build", override_req(allow)) == deny);
    CHECK(e("Bash", "rm -rf /", override_req(allow)) == deny);
    CHECK(e("Bash", "npm publish && git push", override_req(allow)) == ask);  // one fact from an ask rule
    CHECK(e("Edit", "/w/proj/.git/config", override_req(allow)) == ask);
    CHECK(rules_env("{}", "read-only")("Edit", "/w/proj/a.txt", override_req(allow)) == deny);
}

TEST_CASE("non-interactive: every final ask is a deny with code noninteractive (S11.3)", "[permissions][rules][noninteractive]") {
    const rules_env e(R"J({"ask":["Bash(git push *)"]})J", "default");
    const result a = e.check("Bash", "git push origin main", noninteractive_req());
    CHECK(a.what == deny);
    CHECK(a.rec.code == decision_code::noninteractive);
    CHECK(std::string(a.rec.reason).starts_with("approval required but the session is non-interactive"));
    CHECK(std::string(a.rec.reason).find("Bash(git push *)") != std::string::npos);
    CHECK(a.rec.has_rule);
    const result b = e.check("Bash", "npm test", noninteractive_req());
    CHECK(b.what == deny);
    CHECK(b.rec.code == decision_code::noninteractive);
    CHECK(e("Bash", "ls", noninteractive_req()) == allow);
    CHECK(e("Read", "/etc/hosts", noninteractive_req()) == deny);
    // The plain check uses the policy's default context.
    auto ctx = e.policy->default_context();
    CHECK(e.policy->check({"Bash", "npm test"}).asks());
    ctx.interactive = false;
    claw::rules_policy& p = const_cast<claw::rules_policy&>(*e.policy);
    p.set_default_context(ctx);
    CHECK(p.check({"Bash", "npm test"}).denied());
}

TEST_CASE("order: deny rules beat ask rules, floors and allow rules; the first deny in layer then index order is reported (S13.0)",
          "[permissions][rules][order]") {
    workspace w;
    w.write(w.user(), R"J({"permissions":{"deny":["Bash(curl *)","Bash(rm *)"]}})J");
    w.write(w.project(), R"J({"permissions":{"deny":["Bash(wget *)","Bash(rm -rf *)"],"allow":["Bash(rm *)"],"ask":["Bash(rm *)"]}})J");
    const auto p = w.load("danger-full-access");
    // Both layers deny `rm -rf`: the project's rule (higher layer) is reported.
    const result a = run(p, w, "Bash", "rm -rf build");
    CHECK(a.what == deny);
    CHECK(a.rec.rule.layer == settings_layer::project);
    CHECK(a.rec.rule.text == "Bash(rm -rf *)");
    // Rule order, not source order: `rm x; wget y` reports the project's wget rule (#0), and
    // `rm x; curl y` the user's curl rule (#0 of the user file) over the user's rm rule (#1).
    const result b = run(p, w, "Bash", "rm x; wget y");
    CHECK(b.rec.rule.text == "Bash(wget *)");
    CHECK(b.rec.command == 2);
    const result c = run(p, w, "Bash", "rm x; curl y");
    CHECK(c.rec.rule.text == "Bash(curl *)");
    CHECK(c.rec.rule.layer == settings_layer::user);
    // A deny beats a critical-path floor.
    CHECK(run(p, w, "Bash", "rm -rf /").rec.code == decision_code::deny_rule);
}

TEST_CASE("order: a floor is reported before an ask rule; an ask rule before a baseline ask", "[permissions][rules][order]") {
    const rules_env e(R"J({"ask":["Bash(rm *)","Bash(npm *)"]})J", "default");
    CHECK(e.check("Bash", "rm -rf /").rec.code == decision_code::critical_path);
    const result r = e.check("Bash", "curl x; npm publish");
    CHECK(r.what == ask);
    CHECK(r.rec.code == decision_code::ask_rule);
    CHECK(r.rec.rule.text == "Bash(npm *)");
    // Facts in source order: the first command that asks is reported.
    const rules_env f("{}", "default");
    const result g = f.check("Bash", "ls; curl x; npm publish");
    CHECK(g.rec.code == decision_code::mode_baseline);
    CHECK(g.rec.command == 2);
}

TEST_CASE("order: the verdict is the strictest across facts (S13 step 5)", "[permissions][rules][order]") {
    const rules_env e(R"J({"allow":["Bash(git status)","Bash(npm test)"]})J", "default");
    CHECK(e("Bash", "git status && npm test") == allow);
    CHECK(e("Bash", "git status && npm test && npm publish") == ask);
    CHECK(e("Bash", "git status > /tmp/claw-outside-x") == ask);
}

TEST_CASE("record: the fields of a deny decision (S14.1)", "[permissions][rules][record]") {
    workspace w;
    w.write(w.user(), "{\n  \"permissions\": {\n    \"deny\": [\n      \"Bash(curl *)\",\n      \"Bash(rm *)\"\n    ]\n  }\n}\n");
    const auto p = w.load("danger-full-access");
    const std::string cmd = "echo ok; rm -rf build";
    const result r = run(p, w, "Bash", cmd);
    CHECK(r.what == deny);
    CHECK(r.rec.code == decision_code::deny_rule);
    CHECK(r.rec.mode == permission_mode::danger_full_access);
    REQUIRE(r.rec.has_rule);
    CHECK(r.rec.rule.text == "Bash(rm *)");
    CHECK(r.rec.rule.list == claw::rules::rule_list::deny);
    CHECK(r.rec.rule.layer == settings_layer::user);
    CHECK(r.rec.rule.file == w.user().string());
    CHECK(r.rec.rule.index == 1);
    CHECK(r.rec.rule.pointer == "/permissions/deny/1");
    CHECK(r.rec.rule.line == 5);
    CHECK(r.rec.fact == claw::rules::fact_kind::exec);
    CHECK(cmd.substr(r.rec.begin, r.rec.end - r.rec.begin) == "rm -rf build");
    CHECK(r.rec.command == 2);
    CHECK(r.rec.commands == 2);
    CHECK(r.rec.depth == 0);
    CHECK(r.rec.complete);
    CHECK_FALSE(r.rec.overridden);
    CHECK(r.text == "rule 'Bash(rm *)' [deny #1, user " + w.user().string() + "] matched 'rm -rf build' (command 2 of 2)");
    // Nested: the depth and ordinal of a command in a substitution.
    const std::string nested = "echo \"$(rm -rf build)\"";
    const result n = run(p, w, "Bash", nested);
    CHECK(n.rec.depth >= 1);
    CHECK(nested.substr(n.rec.begin, n.rec.end - n.rec.begin) == "rm -rf build");
}

TEST_CASE("record: reasons follow the formats of S14.2", "[permissions][rules][record]") {
    const rules_env e(R"J({"ask":["Bash(git push *)"]})J", "workspace-write");
    const result a = e.check("Bash", "git push origin main");
    CHECK(a.text == "rule 'Bash(git push *)' [ask #0, project " + e.w.project().string() + "] matched 'git push origin main'");
    const result b = e.check("Bash", "curl https://example.com");
    CHECK(b.text == "'curl https://example.com' is not covered by an allow rule (mode workspace-write asks for commands)");
    const result c = e.check("Bash", "git push origin main", noninteractive_req());
    CHECK(std::string(c.rec.reason) ==
          "approval required but the session is non-interactive \u2014 rule 'Bash(git push *)' [ask #0, project " +
              e.w.project().string() + "]");
    const rules_env ro("{}", "read-only");
    const result d = ro.check("Bash", "echo hi > out.txt");
    CHECK(d.what == deny);
    CHECK(std::string(d.rec.reason).starts_with("mode read-only forbids writes"));
    CHECK(d.text.find("out.txt") != std::string::npos);
    // Reasons view the policy's storage and stay valid after the next check.
    const std::string_view kept = a.rec.reason;
    (void)e.check("Bash", "ls");
    CHECK(std::string(kept).find("Bash(git push *)") != std::string::npos);
}

TEST_CASE("record: format_reason never spans lines and quotes what it shows", "[permissions][rules][record]") {
    const rules_env e(R"J({"deny":["Bash(rm *)"]})J", "danger-full-access");
    const result r = e.check("Bash", "echo a\nrm -rf 'x\ny'");
    CHECK(r.what == deny);
    CHECK(r.text.find('\n') == std::string::npos);
    CHECK(r.text.find("(command 2 of 2)") != std::string::npos);
    // An out-of-range record renders without crashing.
    claw::rules::decision_record bogus;
    bogus.begin = 5;
    bogus.end = 500;
    bogus.reason = "x";
    CHECK(claw::rules::format_reason(bogus, "short") == "x");
}

TEST_CASE("explanations: an allow names what the mode allowed, not the read-only command", "[permissions][rules][modes][explain]") {
    const rules_env e(R"J({"allow":["Bash(npm test *)"]})J", "acceptEdits");
    // The write was what needed the mode; these were explained as "a built-in read-only command".
    const result w = e.check("Bash", "echo x > a.txt");
    CHECK(w.what == allow);
    CHECK(w.rec.code == decision_code::mode_baseline);
    CHECK(w.text.find("writes inside the workspace") != std::string::npos);
    const result r = e.check("Bash", "cat a.txt > b.txt");  // the write, not the read of a.txt
    CHECK(r.rec.code == decision_code::mode_baseline);
    CHECK(r.text.find("'b.txt'") != std::string::npos);
    CHECK(r.text.find("writes inside the workspace") != std::string::npos);
    // an allow rule tells more than a read-only command beside it
    const result a = e.check("Bash", "git status && npm test");
    CHECK(a.rec.code == decision_code::allow_rule);
    CHECK(a.text.find("Bash(npm test *)") != std::string::npos);
    // alone, the read-only command is the reason
    CHECK(e.check("Bash", "ls").rec.code == decision_code::builtin_read_only);
}
