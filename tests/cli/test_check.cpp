// SPDX-License-Identifier: MIT
// `claw-port check` as RULES.md fixes it: usage errors exit 2, configuration errors exit 1 with one
// stderr line naming the file and the JSON pointer (never a verdict), exactly one stdout line
// `allow: ` / `ask: ` / `deny: ` otherwise, and `--json` one JSON object with the record's fields.
#include "../support/process.hpp"
#include "../support/test_support.hpp"

#include <boost/json.hpp>

#include <cstdlib>

namespace fs = std::filesystem;
using claw::test::process_result;

namespace {

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// The tree of RULES.md "Test data": T/w/proj (cwd) and T/home/u.
struct tree {
    claw::test::temp_dir dir{"claw-check-test"};
    fs::path root = fs::canonical(dir.path);
    fs::path cwd = root / "w" / "proj";
    fs::path home = root / "home" / "u";
    tree() {
        fs::create_directories(cwd / ".claw");
        fs::create_directories(home / ".claw");
    }
    void project(const std::string& text) const { claw::test::write_file(cwd / ".claw" / "settings.json", text); }

    process_result check(std::vector<std::string> args) const {
        std::vector<std::string> full{"check", "--cwd", cwd.string(), "--home", home.string(), "--managed-settings", ""};
        full.insert(full.end(), args.begin(), args.end());
        return claw::test::run_process(CLAW_PORT_EXE, full, cwd);
    }
};

void expect_verdict(const process_result& r, const std::string& verdict) {
    INFO("stdout: " << r.out << "stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(count_lines(r.out) == 1);
    CHECK(r.out.starts_with(verdict + ": "));
    CHECK(r.out.size() > verdict.size() + 3);
}

void expect_config_error(const process_result& r, const std::string& file, const std::string& pointer) {
    INFO("stdout: " << r.out << "stderr: " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find(file) != std::string::npos);
    if (!pointer.empty()) CHECK(r.err.find(pointer) != std::string::npos);
}

const char* rules = R"J({"permissions":{"allow":["Bash(npm test)"],"ask":["Bash(git push *)"],"deny":["Bash(rm *)"]}})J";

}  // namespace

TEST_CASE("check: one line per verdict, the verdict word first, exit 0", "[cli][check]") {
    tree t;
    t.project(rules);
    expect_verdict(t.check({"Bash", "npm test"}), "allow");
    expect_verdict(t.check({"Bash", "git push origin main"}), "ask");
    expect_verdict(t.check({"Bash", "rm -rf build"}), "deny");
    expect_verdict(t.check({"Bash", "npm publish"}), "ask");
    expect_verdict(t.check({"--non-interactive", "Bash", "npm publish"}), "deny");
    expect_verdict(t.check({"--mode", "dontAsk", "Bash", "npm publish"}), "deny");
    expect_verdict(t.check({"--mode", "danger-full-access", "Bash", "npm publish"}), "allow");
    // A subject with newlines and quotes still gives one line.
    expect_verdict(t.check({"Bash", "echo 'a\nb'\nrm -rf x"}), "deny");
    expect_verdict(t.check({"Bash", "echo \"\xFF\x01\""}), "allow");
    // An input that looks like an option, after `--`.
    expect_verdict(t.check({"--", "Bash", "--version"}), "ask");
}

TEST_CASE("check: the deny line names the rule, its list, layer and file", "[cli][check]") {
    tree t;
    t.project(rules);
    const auto r = t.check({"Bash", "echo ok; rm -rf build"});
    CHECK(r.out == "deny: rule 'Bash(rm *)' [deny #0, project " + (t.cwd / ".claw" / "settings.json").string() +
                       "] matched 'rm -rf build' (command 2 of 2)\n");
}

TEST_CASE("check: usage errors exit 2 and print nothing on stdout", "[cli][check]") {
    tree t;
    t.project(rules);
    const std::vector<std::vector<std::string>> bad{
        {},                                        // no TOOL INPUT
        {"Bash"},                                  // no INPUT
        {"Bash", "ls", "extra"},                   // one too many
        {"--bogus", "Bash", "ls"},                 // unknown option
        {"--override", "maybe", "Bash", "ls"},     // not a verdict
        {"--override", "ALLOW", "Bash", "ls"},
        {"Bash", "ls", "--mode"},                  // option without its value
        {"Bash", "ls", "--settings"},
        {"--json=yes", "Bash", "ls"},
    };
    for (const auto& args : bad) {
        std::string shown;
        for (const auto& a : args) shown += claw::test::repr_arg(a) + " ";
        INFO("check " << shown);
        const auto r = t.check(args);
        INFO("stdout: " << r.out << "stderr: " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
    }
    // A usage error stays a usage error even when the configuration is also broken.
    t.project("{");
    CHECK(t.check({"--override", "maybe", "Bash", "ls"}).exit_code == 2);
}

TEST_CASE("check: configuration errors exit 1 with one stderr line naming the file and the pointer", "[cli][check]") {
    {
        tree t;
        t.project("{\"permissions\": {\n \"deny\": [\"Bash(rm *\"]}}");
        expect_config_error(t.check({"Bash", "ls"}), (t.cwd / ".claw" / "settings.json").string(), "/permissions/deny/0");
    }
    {
        tree t;
        t.project(R"J({"permissions": {"defaultMode": "auto"}})J");
        expect_config_error(t.check({"Bash", "ls"}), (t.cwd / ".claw" / "settings.json").string(), "/permissions/defaultMode");
    }
    {
        tree t;
        claw::test::write_file(t.home / ".claw" / "settings.json", R"J({"permissions": {"denny": []}})J");
        expect_config_error(t.check({"Bash", "ls"}), (t.home / ".claw" / "settings.json").string(), "/permissions/denny");
    }
    {
        tree t;
        claw::test::write_file(t.cwd / ".claw" / "settings.local.json", "[1,2]");
        expect_config_error(t.check({"Bash", "ls"}), (t.cwd / ".claw" / "settings.local.json").string(), "");
    }
    {
        tree t;  // --settings and --managed-settings files
        const auto extra = t.root / "extra.json";
        claw::test::write_file(extra, R"J({"permissions": {"allow": [7]}})J");
        expect_config_error(t.check({"--settings", extra.string(), "Bash", "ls"}), extra.string(), "/permissions/allow/0");
        const auto managed = t.root / "managed.json";
        claw::test::write_file(managed, R"J({"permissions": {"allowManagedRulesOnly": "yes"}})J");
        const auto r = claw::test::run_process(CLAW_PORT_EXE,
                                               {"check", "--cwd", t.cwd.string(), "--home", t.home.string(), "--managed-settings",
                                                managed.string(), "Bash", "ls"},
                                               t.cwd);
        expect_config_error(r, managed.string(), "/permissions/allowManagedRulesOnly");
        expect_config_error(t.check({"--settings", (t.root / "missing.json").string(), "Bash", "ls"}),
                            (t.root / "missing.json").string(), "");
    }
    {
        tree t;  // an unknown mode from the flag or the environment is a configuration error too
        auto r = t.check({"--mode", "auto", "Bash", "ls"});
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(count_lines(r.err) == 1);
        CHECK(r.err.find("auto") != std::string::npos);
        ::setenv("CLAW_PERMISSION_MODE", "readonly", 1);
        r = t.check({"Bash", "ls"});
        ::unsetenv("CLAW_PERMISSION_MODE");
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find("CLAW_PERMISSION_MODE") != std::string::npos);
    }
    {
        tree t;  // a failing inline test is a configuration error
        t.project(R"J({"permissions": {"tests": [{"tool": "Bash", "input": "rm -rf x", "expect": "allow"}]}})J");
        expect_config_error(t.check({"Bash", "ls"}), (t.cwd / ".claw" / "settings.json").string(), "/permissions/tests/0");
    }
}

TEST_CASE("check: --json prints one JSON object with the record's fields", "[cli][check]") {
    tree t;
    t.project("{\"permissions\": {\n\"deny\": [\n\"Bash(curl *)\",\n\"Bash(rm *)\"]}}");
    const auto r = t.check({"--json", "Bash", "echo ok; rm -rf build"});
    INFO("stdout: " << r.out << "stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(count_lines(r.out) == 1);
    boost::system::error_code ec;
    const auto v = boost::json::parse(r.out, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    const auto& o = v.as_object();
    CHECK(o.at("verdict") == "deny");
    CHECK(o.at("code") == "deny_rule");
    CHECK(o.at("mode") == "default");
    CHECK(o.at("tool") == "Bash");
    CHECK(o.at("subject") == "echo ok; rm -rf build");
    CHECK(o.at("overridden") == false);
    CHECK_FALSE(std::string(o.at("reason").as_string()).empty());
    const auto& rule = o.at("rule").as_object();
    CHECK(rule.at("text") == "Bash(rm *)");
    CHECK(rule.at("list") == "deny");
    CHECK(rule.at("layer") == "project");
    CHECK(std::string(rule.at("file").as_string()) == (t.cwd / ".claw" / "settings.json").string());
    CHECK(rule.at("index") == 1);
    CHECK(rule.at("pointer") == "/permissions/deny/1");
    CHECK(rule.at("line") == 4);
    const auto& fact = o.at("fact").as_object();
    CHECK(fact.at("kind") == "exec");
    CHECK(fact.at("text") == "rm -rf build");
    CHECK(fact.at("command") == 2);
    // Every verdict has the same shape; a decision without a rule has rule null.
    const auto a = boost::json::parse(t.check({"--json", "Bash", "npm publish"}).out).as_object();
    CHECK(a.at("verdict") == "ask");
    CHECK(a.at("code") == "mode_baseline");
    CHECK(a.at("rule").is_null());
    const auto b = boost::json::parse(t.check({"--json", "Read", (t.cwd / "README.md").string()}).out).as_object();
    CHECK(b.at("verdict") == "allow");
}

TEST_CASE("check: --input-json reads the tool's argument object; malformed input is a deny, not an error", "[cli][check]") {
    tree t;
    t.project(R"J({"permissions":{"deny":["Bash(rm *)","Bash(run_in_background:true)"]}})J");
    expect_verdict(t.check({"--input-json", "Bash", R"J({"command":"rm -rf x"})J"}), "deny");
    expect_verdict(t.check({"--input-json", "Bash", R"J({"command":"ls","run_in_background":true})J"}), "deny");
    expect_verdict(t.check({"--input-json", "Bash", R"J({"command":"ls"})J"}), "allow");
    for (const char* bad : {"{", R"J({"command":"ls","command":"rm x"})J", R"J({"command":1})J", R"J({})J", "ls"}) {
        INFO(bad);
        const auto r = t.check({"--input-json", "Bash", bad});
        expect_verdict(r, "deny");
        CHECK(r.out.find("malformed input") != std::string::npos);
    }
    const auto j = boost::json::parse(t.check({"--json", "--input-json", "Bash", "{"}).out).as_object();
    CHECK(j.at("code") == "malformed_input");
}

TEST_CASE("check: --untrusted, --override, --add-dir, --home and --settings order", "[cli][check]") {
    tree t;
    t.project(R"J({"permissions":{"allow":["Bash(curl *)"],"ask":["Bash(git push *)"]}})J");
    expect_verdict(t.check({"Bash", "curl x"}), "allow");
    expect_verdict(t.check({"--untrusted", "Bash", "curl x"}), "ask");
    expect_verdict(t.check({"--override", "deny", "Bash", "curl x"}), "deny");
    expect_verdict(t.check({"--override", "ask", "Bash", "curl x"}), "ask");
    expect_verdict(t.check({"--override", "allow", "Bash", "npm publish"}), "allow");
    expect_verdict(t.check({"--override", "allow", "Bash", "git push"}), "ask");
    // --add-dir makes another folder a root.
    fs::create_directories(t.root / "other");
    const std::string outside = (t.root / "other" / "f.txt").string();
    expect_verdict(t.check({"--mode", "acceptEdits", "Edit", outside}), "ask");
    expect_verdict(t.check({"--mode", "acceptEdits", "--add-dir", (t.root / "other").string(), "Edit", outside}), "allow");
    // --home anchors ~/ and finds the user layer.
    claw::test::write_file(t.home / ".claw" / "settings.json", R"J({"permissions":{"deny":["Read(~/.aws/**)"]}})J");
    expect_verdict(t.check({"--mode", "danger-full-access", "Read", (t.home / ".aws" / "credentials").string()}), "deny");
    // Repeated --settings: the earlier file is higher.
    const auto first = t.root / "first.json";
    const auto second = t.root / "second.json";
    claw::test::write_file(first, R"J({"permissions":{"defaultMode":"read-only"}})J");
    claw::test::write_file(second, R"J({"permissions":{"defaultMode":"danger-full-access"}})J");
    const auto j = boost::json::parse(t.check({"--json", "--settings", first.string(), "--settings", second.string(), "Bash", "ls"}).out);
    CHECK(j.as_object().at("mode") == "read-only");
}

TEST_CASE("check: without --cwd the current directory is the workspace", "[cli][check]") {
    tree t;
    t.project(R"J({"permissions":{"deny":["Bash(rm *)"]}})J");
    const auto r = claw::test::run_process(CLAW_PORT_EXE,
                                           {"check", "--home", t.home.string(), "--managed-settings", "", "Bash", "rm x"}, t.cwd);
    expect_verdict(r, "deny");
}

TEST_CASE("check: warnings go to stderr and the verdict line stays alone on stdout", "[cli][check]") {
    tree t;
    t.project(R"J({"permissions":{"allow":["Bash(python *)","FrobTool"]}})J");
    const auto r = t.check({"Bash", "python x.py"});
    expect_verdict(r, "allow");
    CHECK(r.err.find("python") != std::string::npos);
    t.project(R"J({"permissions":{"strict":true,"allow":["Bash(python *)"]}})J");
    expect_config_error(t.check({"Bash", "ls"}), (t.cwd / ".claw" / "settings.json").string(), "/permissions/allow/0");
}
