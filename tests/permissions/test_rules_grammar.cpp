// SPDX-License-Identifier: MIT
// RULES.md S3: the rule grammar. Bare forms, escapes, the legacy `:*` suffix only at the end,
// param-specs only on declared parameters, and rules that do not parse failing the load with the
// file, the JSON pointer and the line.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;
using claw::rules::rule_text;
using claw::rules::split_rule;

TEST_CASE("split_rule: bare forms Tool, Tool(), Tool(*) and surrounding whitespace", "[permissions][rules][grammar]") {
    for (const char* text : {"Bash", "Bash()", "Bash(*)", "  Bash  ", "Bash( * )", "Bash(  )", "\tBash(*)\n"}) {
        INFO(text);
        rule_text r;
        CHECK(split_rule(text, r).empty());
        CHECK(r.tool == "Bash");
        CHECK_FALSE(r.has_specifier);
    }
    rule_text r;
    CHECK(split_rule(" Bash(npm run test *) ", r).empty());
    CHECK(r.tool == "Bash");
    CHECK(r.has_specifier);
    CHECK(r.specifier == "npm run test *");
    CHECK(split_rule("mcp__github__*", r).empty());
    CHECK(r.tool_glob);
}

TEST_CASE("split_rule: malformed rules are refused with a cause", "[permissions][rules][grammar]") {
    for (const char* text : {"", "   ", "(ls)", "Bash(ls", "Bash(ls) x", "Ba sh(ls)", "Bash(ls \\)", "Bash\"(ls)",
                             "B/ash", "Bash)"}) {
        INFO(claw::test::visible(text));
        rule_text r;
        CHECK_FALSE(split_rule(text, r).empty());
    }
}

TEST_CASE("unescape_specifier removes exactly the four rule escapes", "[permissions][rules][grammar]") {
    CHECK(claw::rules::unescape_specifier(R"(a\(b\)c\\d\*e)") == R"(a(b)c\d*e)");
    CHECK(claw::rules::unescape_specifier(R"(\n\x)") == R"(\n\x)");  // other escapes are kept
}

TEST_CASE("the bare forms Bash, Bash() and Bash(*) deny every command", "[permissions][rules][grammar]") {
    for (const char* rule : {"Bash", "Bash()", "Bash(*)", "bash( * )"}) {
        INFO(rule);
        const rules_env e(std::string("{\"deny\":[\"") + rule + "\"]}", "danger-full-access");
        CHECK(e("Bash", "echo hi") == deny);
        CHECK(e("Bash", "ls -la") == deny);
        CHECK(e("Read", "/w/proj/a.txt") == allow);  // a Bash rule says nothing about Read
    }
}

TEST_CASE("escaped parentheses and star in a specifier are literal", "[permissions][rules][grammar]") {
    const rules_env e(R"J({"deny":["Bash(echo \\(x\\))","Bash(printf \\*)","Bash(tr \\\\ /)"]})J", "danger-full-access");
    CHECK(e("Bash", "echo '(x)'") == deny);
    CHECK(e("Bash", "echo \"(x)\"") == deny);
    CHECK(e("Bash", "echo x") == allow);
    CHECK(e("Bash", "printf '*'") == deny);
    CHECK(e("Bash", "printf 'abc'") == allow);  // \* is a star, not a wildcard
    CHECK(e("Bash", "tr '\\' /") == deny);
}

TEST_CASE("the legacy :* suffix is rewritten to a trailing ' *'", "[permissions][rules][grammar]") {
    const rules_env e(R"J({"allow":["Bash(npm run:*)","Bash(git log:*)"]})J");
    CHECK(e("Bash", "npm run build") == allow);
    CHECK(e("Bash", "npm run") == allow);  // ` *` matches zero or more words
    CHECK(e("Bash", "npm install") == ask);
    CHECK(e("Bash", "npm runner") == ask);  // word boundary
    CHECK(e("Bash", "git log --oneline -3") == allow);
    CHECK(e("Bash", "git logs") == ask);
}

TEST_CASE(":* before the end of a specifier is not the legacy suffix", "[permissions][rules][grammar]") {
    // Rewritten anywhere, `git:* status` would become `git * status` and match `git push status`.
    const rules_env e(R"J({"deny":["Bash(git:* status)"]})J", "danger-full-access");
    CHECK(e("Bash", "git push status") == allow);
    CHECK(e("Bash", "git status") == allow);
}

TEST_CASE("a param-spec is recognised only for a declared non-primary parameter", "[permissions][rules][grammar]") {
    const rules_env e(R"J({"deny":["Bash(run_in_background: true)","Bash(foo:bar)"]})J", "danger-full-access");
    // Declared parameter, with spaces around the colon.
    CHECK(e("Bash", R"J({"command":"npm test","run_in_background":true})J", json_req()) == deny);
    CHECK(e("Bash", R"J({"command":"npm test","run_in_background":false})J", json_req()) == allow);
    CHECK(e("Bash", R"J({"command":"npm test"})J", json_req()) == allow);  // absent never matches
    // `foo` is not a parameter of Bash: the specifier is a command pattern, the word `foo:bar`.
    CHECK(e("Bash", "foo:bar") == deny);
    CHECK(e("Bash", R"J({"command":"ls","foo":"bar"})J", json_req()) == allow);
}

TEST_CASE("a rule that does not parse fails the load naming file, pointer and line", "[permissions][rules][grammar]") {
    struct bad {
        const char* rule;
        const char* why;
    };
    for (const bad b : {bad{"Bash(ls", "unclosed"}, bad{"Bash(ls) x", "text after )"}, bad{"", "empty"},
                        bad{"(ls)", "no tool"}, bad{"Ba sh", "space in tool name"}, bad{"Bash(ls \\\\)", "lone backslash"},
                        bad{"WebFetch(example.com)", "WebFetch without domain:"},
                        bad{"mcp__github__create_issue(x)", "MCP tool with a specifier"},
                        bad{"mcp__*(x)", "tool glob with a specifier"}}) {
        INFO(b.why << ": " << b.rule);
        workspace w;
        w.write(w.project(), std::string("{\n  \"permissions\": {\n    \"deny\": [\n      \"Bash(ok)\",\n      \"") + b.rule +
                                 "\"\n    ]\n  }\n}\n");
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.project().string());
        CHECK(err->pointer() == "/permissions/deny/1");
        CHECK(err->line() == 5);
        const std::string what = err->what();
        CHECK(what.find(w.project().string()) != std::string::npos);
        CHECK(what.find("/permissions/deny/1") != std::string::npos);
        CHECK(what.find('\n') == std::string::npos);
    }
}

TEST_CASE("rule tool names are matched ASCII-case-insensitively", "[permissions][rules][grammar]") {
    const rules_env e(R"J({"deny":["BASH(rm *)","read(./.env)","webfetch(domain:evil.example)"]})J", "danger-full-access");
    CHECK(e("Bash", "rm -rf build") == deny);
    CHECK(e("bash", "rm x") == deny);
    CHECK(e("Read", "/w/proj/.env") == deny);
    CHECK(e("WebFetch", "https://evil.example/") == deny);
}
