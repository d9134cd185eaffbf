// SPDX-License-Identifier: MIT
// RULES.md S2: settings. Every layer and discovery path, lists concatenated (never replaced),
// duplicates kept once from the highest source, trust (project allow rules and directories need it,
// also a tracked or symlinked local file), managed-only, defaultMode precedence, danger from the
// repository ignored while untrusted, disableDangerMode from any layer, fail-closed loading with
// file + pointer + line, the warnings of S2.8, `strict`, and inline tests.
#include "test_rules_support.hpp"

#include <cstdlib>
#include <sys/stat.h>

using namespace claw::test::rules_fixture;
using claw::rules::settings_layer;

namespace {
std::string perms(std::string_view inner) { return std::string("{\"permissions\":") + std::string(inner) + "}"; }

bool has_warning(const claw::rules_policy& p, std::string_view needle, std::string_view pointer = {}) {
    for (const auto& w : p.warnings())
        if (w.to_string().find(needle) != std::string::npos && (pointer.empty() || w.pointer == pointer)) return true;
    return false;
}

std::string all_warnings(const claw::rules_policy& p) {
    std::string s;
    for (const auto& w : p.warnings()) s += w.to_string() + "\n";
    return s;
}
}  // namespace

TEST_CASE("settings: every layer and discovery path is read", "[permissions][rules][settings]") {
    workspace w;
    w.write(w.user(), perms(R"J({"deny":["Bash(from_user *)"]})J"));
    w.write(w.user_json(), perms(R"J({"deny":["Bash(from_user_json *)"]})J"));
    w.write(w.project(), perms(R"J({"deny":["Bash(from_project *)"]})J"));
    w.write(w.project_json(), perms(R"J({"deny":["Bash(from_project_json *)"]})J"));
    w.write(w.local(), perms(R"J({"deny":["Bash(from_local *)"]})J"));
    const auto cli = w.at("cli/extra.json");
    w.write(cli, perms(R"J({"deny":["Bash(from_cli *)"]})J"));
    const auto managed = w.at("etc/managed.json");
    w.write(managed, perms(R"J({"deny":["Bash(from_managed *)"]})J"));
    auto o = w.options("danger-full-access");
    o.settings_files = {cli};
    o.managed_file = managed;
    const auto p = claw::rules_policy::load(o);
    struct expect {
        const char* command;
        settings_layer layer;
        std::filesystem::path file;
    };
    for (const expect& x : {expect{"from_user x", settings_layer::user, w.user()},
                            expect{"from_user_json x", settings_layer::user, w.user_json()},
                            expect{"from_project x", settings_layer::project, w.project()},
                            expect{"from_project_json x", settings_layer::project, w.project_json()},
                            expect{"from_local x", settings_layer::local, w.local()},
                            expect{"from_cli x", settings_layer::cli, cli},
                            expect{"from_managed x", settings_layer::managed, managed}}) {
        INFO(x.command);
        const result r = run(p, w, "Bash", x.command);
        CHECK(r.what == deny);
        CHECK(r.rec.code == decision_code::deny_rule);
        REQUIRE(r.rec.has_rule);
        CHECK(r.rec.rule.layer == x.layer);
        CHECK(r.rec.rule.file == x.file.string());
        CHECK(r.rec.rule.pointer == "/permissions/deny/0");
        CHECK(r.rec.rule.line == 1);
    }
    CHECK(run(p, w, "Bash", "unrelated x").what == allow);
}

TEST_CASE("settings: a project or local empty list never erases the user's deny list (C14)", "[permissions][rules][settings]") {
    workspace w;
    w.write(w.user(), perms(R"J({"deny":["Bash(rm *)"],"allow":["Bash(make test)"]})J"));
    w.write(w.project(), perms(R"J({"deny":[],"allow":[],"ask":[]})J"));
    w.write(w.local(), perms(R"J({"deny":[],"allow":["Bash(npm test)"]})J"));
    const auto p = w.load("danger-full-access");
    CHECK(run(p, w, "Bash", "rm -rf build").what == deny);
    const auto q = w.load("default");
    CHECK(run(q, w, "Bash", "make test").what == allow);  // the user's allow survives too
    CHECK(run(q, w, "Bash", "npm test").what == allow);   // and the local one is added
}

TEST_CASE("settings: lists are concatenated across layers", "[permissions][rules][settings]") {
    workspace w;
    w.write(w.user(), perms(R"J({"allow":["Bash(git status)"],"ask":["Bash(git push *)"]})J"));
    w.write(w.project(), perms(R"J({"allow":["Bash(npm test)"],"deny":["Bash(curl *)"]})J"));
    const auto p = w.load("default");
    CHECK(run(p, w, "Bash", "git status && npm test").what == allow);
    CHECK(run(p, w, "Bash", "git push origin main").what == ask);
    CHECK(run(p, w, "Bash", "curl https://example.com").what == deny);
    CHECK(p.settings().rules.size() == 4);
}

TEST_CASE("settings: a duplicate rule is kept once, from the highest-precedence source", "[permissions][rules][settings]") {
    workspace w;
    w.write(w.user(), perms(R"J({"deny":["Bash(rm *)","Bash(curl *)"]})J"));
    w.write(w.project(), perms(R"J({"deny":["Bash(rm *)"]})J"));
    w.write(w.local(), perms(R"J({"deny":["Bash(curl *)","Bash(curl *)"]})J"));
    const auto p = w.load("danger-full-access");
    std::size_t rm = 0, curl = 0;
    for (const auto& r : p.settings().rules) {
        rm += r.text == "Bash(rm *)" ? 1 : 0;
        curl += r.text == "Bash(curl *)" ? 1 : 0;
    }
    CHECK(rm == 1);
    CHECK(curl == 1);
    const result a = run(p, w, "Bash", "rm x");
    CHECK(a.rec.rule.layer == settings_layer::project);
    const result b = run(p, w, "Bash", "curl x");
    CHECK(b.rec.rule.layer == settings_layer::local);
    CHECK(b.rec.rule.index == 0);
}

TEST_CASE("settings: project allow rules are inactive until the workspace is trusted; ask and deny always apply",
          "[permissions][rules][settings][trust]") {
    workspace w;
    w.write(w.project(), perms(R"J({"allow":["Bash(curl *)","WebFetch(domain:example.com)","Edit(./src/**)","mcp__github"],
                                 "ask":["Bash(git push *)"],"deny":["Bash(rm *)"]})J"));
    w.write(w.user(), perms(R"J({"allow":["Bash(npm test)"]})J"));
    const auto p = w.load("default");
    CHECK(run(p, w, "Bash", "curl https://example.com").what == allow);
    CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == ask);
    CHECK(run(p, w, "WebFetch", "https://example.com/", untrusted_req()).what == ask);
    CHECK(run(p, w, "Edit", "/w/proj/src/a.c", untrusted_req()).what == ask);
    CHECK(run(p, w, "mcp__github__get_issue", "{}", untrusted_req()).what == ask);
    CHECK(run(p, w, "Bash", "git push origin main", untrusted_req()).what == ask);
    CHECK(run(p, w, "Bash", "rm -rf build", untrusted_req()).what == deny);
    CHECK(run(p, w, "Bash", "npm test", untrusted_req()).what == allow);  // the user's allow needs no trust
}

TEST_CASE("settings: project additionalDirectories are inactive until trusted; the user's are not",
          "[permissions][rules][settings][trust]") {
    workspace w;
    std::filesystem::create_directories(w.at("shared/lib"));
    std::filesystem::create_directories(w.at("mine"));
    w.write(w.project(), perms(R"J({"additionalDirectories":[")J" + w.at("shared").string() + R"J("]})J"));
    w.write(w.user(), perms(R"J({"additionalDirectories":[")J" + w.at("mine").string() + R"J("]})J"));
    const auto p = w.load("workspace-write");
    const std::string shared = w.at("shared/lib/x.txt").string();
    const std::string mine = w.at("mine/x.txt").string();
    CHECK(run(p, w, "Read", shared).what == allow);
    CHECK(run(p, w, "Edit", shared).what == allow);
    CHECK(run(p, w, "Read", shared, untrusted_req()).what == ask);
    CHECK(run(p, w, "Edit", shared, untrusted_req()).what == ask);
    CHECK(run(p, w, "Edit", mine, untrusted_req()).what == allow);
    CHECK(p.roots(true).size() == 3);
    CHECK(p.roots(false).size() == 2);
}

TEST_CASE("settings: the application's relative additional directories are relative to env.cwd",
          "[permissions][rules][settings]") {
    workspace w;
    std::filesystem::create_directories(w.at("w/lib"));
    auto o = w.options("workspace-write");
    o.env.additional_directories = {"../lib"};  // the process's working directory is elsewhere
    const auto p = claw::rules_policy::load(o);
    REQUIRE(p.roots(false).size() == 2);
    CHECK(p.roots(false)[1] == w.at("w/lib").string());
    CHECK(run(p, w, "Edit", w.at("w/lib/x.txt").string()).what == allow);
    CHECK(run(p, w, "Edit", w.at("w/other/x.txt").string()).what == ask);
}

namespace {
// Makes cwd a git repository whose index tracks .claw/settings.local.json. Uses git when it is
// installed, otherwise writes an index of format 2 that lists the path.
void track_local_file(const workspace& w) {
    const std::string cmd = "cd '" + w.cwd.string() +
                            "' && git init -q . && git add -f .claw/settings.local.json >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0 && std::filesystem::exists(w.cwd / ".git" / "index")) return;
    std::filesystem::create_directories(w.cwd / ".git");
    std::string index("DIRC\0\0\0\2\0\0\0\1", 12);
    index += std::string(62, '\0');
    index += ".claw/settings.local.json";
    index += std::string(8, '\0');
    claw::test::write_file(w.cwd / ".git" / "index", index);
}
}  // namespace

TEST_CASE("settings: a local file tracked by git needs trust like the project's", "[permissions][rules][settings][trust]") {
    workspace w;
    w.write(w.local(), perms(R"J({"allow":["Bash(curl *)"],"deny":["Bash(rm *)"]})J"));
    {
        const auto p = w.load("default");  // not tracked: the user's own file
        CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == allow);
    }
    track_local_file(w);
    const auto p = w.load("default");
    CHECK(run(p, w, "Bash", "curl https://example.com").what == allow);
    CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == ask);
    CHECK(run(p, w, "Bash", "rm x", untrusted_req()).what == deny);
}

TEST_CASE("settings: a local file reached through a symlinked .claw or a symlink needs trust",
          "[permissions][rules][settings][trust]") {
    SECTION("the .claw folder is a symbolic link") {
        workspace w;
        std::filesystem::remove_all(w.cwd / ".claw");
        std::filesystem::create_directories(w.at("elsewhere"));
        std::filesystem::create_directory_symlink(w.at("elsewhere"), w.cwd / ".claw");
        w.write(w.local(), perms(R"J({"allow":["Bash(curl *)"]})J"));
        const auto p = w.load("default");
        CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == ask);
        CHECK(run(p, w, "Bash", "curl https://example.com").what == allow);
    }
    SECTION("the local file is a symbolic link") {
        workspace w;
        w.write(w.at("elsewhere/local.json"), perms(R"J({"allow":["Bash(curl *)"]})J"));
        std::filesystem::create_symlink(w.at("elsewhere/local.json"), w.local());
        const auto p = w.load("default");
        CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == ask);
    }
}

TEST_CASE("settings: allowManagedRulesOnly ignores the rules of every other layer", "[permissions][rules][settings]") {
    workspace w;
    const auto managed = w.at("etc/managed.json");
    w.write(managed, perms(R"J({"allowManagedRulesOnly":true,"allow":["Bash(git status)"]})J"));
    w.write(w.user(), perms(R"J({"allow":["Bash(curl *)"]})J"));
    w.write(w.project(), perms(R"J({"allow":["Bash(npm test)"],"ask":["Bash(git status)"]})J"));
    auto o = w.options("default");
    o.managed_file = managed;
    const auto p = claw::rules_policy::load(o);
    CHECK(run(p, w, "Bash", "curl https://example.com").what == ask);
    CHECK(run(p, w, "Bash", "npm test").what == ask);
    CHECK(run(p, w, "Bash", "git status").what == allow);  // the project's ask rule is ignored too
    for (const auto& r : p.settings().rules) CHECK(p.settings().sources[r.source].layer == settings_layer::managed);
}

TEST_CASE("settings: defaultMode comes from the highest layer that sets it", "[permissions][rules][settings][modes]") {
    workspace w;
    w.write(w.user(), perms(R"J({"defaultMode":"workspace-write"})J"));
    CHECK(w.load().mode() == permission_mode::workspace_write);
    w.write(w.project(), perms(R"J({"defaultMode":"read-only"})J"));
    CHECK(w.load().mode() == permission_mode::read_only);
    w.write(w.local(), perms(R"J({"defaultMode":"acceptEdits"})J"));
    CHECK(w.load().mode() == permission_mode::workspace_write);
    const auto cli = w.at("cli.json");
    w.write(cli, perms(R"J({"defaultMode":"plan"})J"));
    auto o = w.options();
    o.settings_files = {cli};
    CHECK(claw::rules_policy::load(o).mode() == permission_mode::read_only);
    const auto managed = w.at("managed.json");
    w.write(managed, perms(R"J({"defaultMode":"dontAsk"})J"));
    o.managed_file = managed;
    CHECK(claw::rules_policy::load(o).mode() == permission_mode::dont_ask);
    o.mode = "default";  // --mode beats every file
    CHECK(claw::rules_policy::load(o).mode() == permission_mode::default_mode);
}

TEST_CASE("settings: with nothing set the mode is default, never danger-full-access (C12)", "[permissions][rules][settings][modes]") {
    workspace w;
    const auto p = w.load();
    CHECK(p.mode(true) == permission_mode::default_mode);
    CHECK(p.mode(false) == permission_mode::default_mode);
    CHECK(run(p, w, "Bash", "rm -rf build").what == ask);
    CHECK(claw::rules_policy::from_json("{}").mode() == permission_mode::default_mode);
}

TEST_CASE("settings: danger-full-access from the project or local file is ignored while untrusted",
          "[permissions][rules][settings][modes][trust]") {
    for (const bool local : {false, true}) {
        INFO((local ? "local" : "project"));
        workspace w;
        w.write(w.user(), perms(R"J({"defaultMode":"workspace-write"})J"));
        w.write(local ? w.local() : w.project(), perms(R"J({"defaultMode":"bypassPermissions"})J"));
        const auto p = w.load();
        CHECK(p.mode(true) == permission_mode::danger_full_access);
        CHECK(p.mode(false) == permission_mode::workspace_write);  // the next layer that sets one
        CHECK(run(p, w, "Bash", "npm publish").what == allow);
        CHECK(run(p, w, "Bash", "npm publish", untrusted_req()).what == ask);
    }
}

TEST_CASE("settings: danger-full-access from the user layer applies untrusted too", "[permissions][rules][settings][modes]") {
    workspace w;
    w.write(w.user(), perms(R"J({"defaultMode":"danger-full-access"})J"));
    const auto p = w.load();
    CHECK(p.mode(false) == permission_mode::danger_full_access);
}

TEST_CASE("settings: strict settings in a TRUSTED workspace keep the project's danger-full-access (S2.5)",
          "[permissions][rules][settings][modes][trust]") {
    // S2.5: a project value of danger-full-access is ignored (an error in strict mode) UNLESS the
    // workspace is trusted. Trusted, nothing is ignored, so there is nothing to be strict about.
    workspace w;
    w.write(w.project(), perms(R"J({"defaultMode":"danger-full-access","strict":true})J"));
    std::optional<claw::rules_policy> p;
    const auto err = settings_error_of([&] { p.emplace(w.load()); });
    INFO((err ? err->what() : "loaded"));
    REQUIRE_FALSE(err);
    CHECK(p->mode(true) == permission_mode::danger_full_access);
}

TEST_CASE("settings: disableDangerMode in any layer forbids danger-full-access", "[permissions][rules][settings][modes]") {
    for (const int layer : {0, 1, 2, 3}) {
        INFO("disableDangerMode in layer " << layer);
        workspace w;
        const auto managed = w.at("managed.json");
        const std::filesystem::path file = layer == 0 ? w.user() : layer == 1 ? w.project() : layer == 2 ? w.local() : managed;
        w.write(file, perms(R"J({"disableDangerMode":"disable"})J"));
        w.write(w.user_json(), perms(R"J({"defaultMode":"danger-full-access"})J"));
        auto o = w.options();
        if (layer == 3) o.managed_file = managed;
        const auto p = claw::rules_policy::load(o);
        CHECK(p.mode(true) != permission_mode::danger_full_access);
        CHECK(p.mode(false) != permission_mode::danger_full_access);
        o.mode = "danger-full-access";  // not even from the flag
        const auto q = claw::rules_policy::load(o);
        CHECK(q.mode(true) != permission_mode::danger_full_access);
        CHECK(run(q, w, "Bash", "npm publish").what == ask);
    }
}

TEST_CASE("settings: an invalid mode in a flag or CLAW_PERMISSION_MODE fails closed", "[permissions][rules][settings][modes]") {
    workspace w;
    for (const char* bad : {"auto", "readonly", "Default", "DANGER-FULL-ACCESS", "", " default"}) {
        INFO("--mode '" << bad << "'");
        CHECK(settings_error_of([&] { (void)w.load(std::string(bad)); }));
    }
    auto o = w.options();
    o.mode_from_environment = true;
    ::setenv("CLAW_PERMISSION_MODE", "readonly", 1);
    const auto err = settings_error_of([&] { (void)claw::rules_policy::load(o); });
    ::unsetenv("CLAW_PERMISSION_MODE");
    REQUIRE(err);
    CHECK(std::string(err->what()).find("CLAW_PERMISSION_MODE") != std::string::npos);
    ::setenv("CLAW_PERMISSION_MODE", "plan", 1);
    CHECK(claw::rules_policy::load(o).mode() == permission_mode::read_only);
    ::unsetenv("CLAW_PERMISSION_MODE");
}

namespace {
struct bad_file {
    const char* what;
    std::string text;
    const char* pointer;  // nullptr: do not check the pointer (whole-document errors)
    std::uint32_t line;   // 0: do not check
};
}  // namespace

namespace {
void expect_fail_closed(const std::vector<bad_file>& cases);
}  // namespace

TEST_CASE("settings: malformed files fail closed naming the file, the JSON pointer and the line", "[permissions][rules][settings]") {
    const std::vector<bad_file> cases{
        {"unknown key under permissions", "{\n\"permissions\": {\n  \"read\": {\"deny\": []}\n}}", "/permissions/read", 3},
        {"misspelt list", "{\"permissions\": {\n\"denny\": [\"Bash(rm *)\"]}}", "/permissions/denny", 2},
        {"permissions not an object", "{\"permissions\": [\"Bash\"]}", "/permissions", 1},
        {"deny not an array", "{\"permissions\": {\"deny\": \"Bash(rm *)\"}}", "/permissions/deny", 1},
        {"deny holds a number", "{\"permissions\": {\"deny\": [\n\"Bash(rm *)\",\n 3]}}", "/permissions/deny/1", 3},
        {"allow holds null", "{\"permissions\": {\"allow\": [null]}}", "/permissions/allow/0", 1},
        {"ask holds an object", "{\"permissions\": {\"ask\": [{}]}}", "/permissions/ask/0", 1},
        {"defaultMode a number", "{\"permissions\": {\"defaultMode\": 1}}", "/permissions/defaultMode", 1},
        {"defaultMode auto", "{\"permissions\": {\n\n\"defaultMode\": \"auto\"}}", "/permissions/defaultMode", 3},
        {"defaultMode unknown", "{\"permissions\": {\"defaultMode\": \"yolo\"}}", "/permissions/defaultMode", 1},
        {"disableDangerMode true", "{\"permissions\": {\"disableDangerMode\": true}}", "/permissions/disableDangerMode", 1},
        {"strict a string", "{\"permissions\": {\"strict\": \"yes\"}}", "/permissions/strict", 1},
        {"additionalDirectories a string", "{\"permissions\": {\"additionalDirectories\": \"/tmp\"}}",
         "/permissions/additionalDirectories", 1},
        {"tests not an array", "{\"permissions\": {\"tests\": {}}}", "/permissions/tests", 1},
        {"a test without expect", "{\"permissions\": {\"tests\": [{\"tool\":\"Bash\",\"input\":\"ls\"}]}}", "/permissions/tests/0", 1},
        {"top-level array", "[]", nullptr, 0},
        {"top-level string", "\"permissions\"", nullptr, 0},
        {"empty file", "", nullptr, 0},
        {"whitespace only", "  \n ", nullptr, 0},
        {"trailing comma", "{\"permissions\": {\"deny\": [\"Bash(rm *)\",]}}", nullptr, 1},
        {"comment", "{\n// deny\n\"permissions\": {}}", nullptr, 2},
        {"text after the object", "{\"permissions\": {}} {}", nullptr, 1},
        {"byte order mark", "\xEF\xBB\xBF{\"permissions\": {}}", nullptr, 1},
        {"invalid UTF-8 in a rule", "{\"permissions\": {\"deny\": [\"Bash(rm \xFF)\"]}}", nullptr, 1},
        {"lone surrogate escape", "{\"permissions\": {\"deny\": [\"Bash(rm \\ud800)\"]}}", nullptr, 0},
        {"NUL byte", std::string("{\"permissions\": {}}\0", 20), nullptr, 0},
        {"single quotes", "{'permissions': {}}", nullptr, 1},
        {"unterminated", "{\"permissions\": {\"deny\": [\"Bash(rm *)\"", nullptr, 0},
        {"deeply nested", std::string(100, '[') + std::string(100, ']'), nullptr, 0},
    };
    expect_fail_closed(cases);
}

TEST_CASE("settings: duplicate keys and errors inside inline tests name the right pointer and line",
          "[permissions][rules][settings]") {
    // The locator numbers a value nested in an array element with the NEXT index (it counts the
    // element before descending), and names a duplicate key with the previous key in front
    // ("/permissions/deny/deny" for a second "deny"): the pointer and line of such errors are wrong.
    expect_fail_closed({
        {"a test with an unknown key", "{\"permissions\": {\"tests\": [{\"tool\":\"Bash\",\"input\":\"ls\",\"expect\":\"allow\",\"x\":1}]}}",
         "/permissions/tests/0/x", 1},
        {"a test with a bad expect", "{\"permissions\": {\"tests\": [{\"tool\":\"Bash\",\"input\":\"ls\",\"expect\":\"yes\"}]}}",
         "/permissions/tests/0/expect", 1},
        {"duplicate key permissions", "{\"permissions\": {},\n\"permissions\": {\"deny\": []}}", "/permissions", 2},
        {"duplicate key deny", "{\"permissions\": {\"deny\": [\"Bash(rm *)\"],\n \"deny\": []}}", "/permissions/deny", 2},
    });
}

namespace {
void expect_fail_closed(const std::vector<bad_file>& cases) {
    for (const auto& c : cases) {
        INFO(c.what << ": " << claw::test::visible(c.text));
        workspace w;
        claw::test::write_file(w.project(), c.text);
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        INFO(err->what());
        CHECK(err->file() == w.project().string());
        if (c.pointer) CHECK(err->pointer() == c.pointer);
        const std::string what = err->what();
        CHECK(what.find(w.project().string()) != std::string::npos);
        CHECK(what.find('\n') == std::string::npos);
        if (c.line) CHECK((err->line() == c.line || what.find("line " + std::to_string(c.line)) != std::string::npos));
    }
}
}  // namespace

TEST_CASE("settings: an error's what() stays on one line even when a key holds a newline", "[permissions][rules][settings]") {
    // settings_error documents what() as one line; the JSON pointer is built from the raw key, so a
    // key "d\ny" puts a raw newline into the message (found by fuzz_settings; input
    // {"permissions":{"d\ny":[...]}}). Log lines built from what() can be forged this way.
    for (const char* text : {"{\"permissions\":{\"d\\ny\":[]}}",
                             "{\"permissions\":{\"tests\":[{\"tool\":\"Bash\",\"input\":\"ls\",\"expect\":\"allow\",\"x\\ny\":1}]}}",
                             "{\"permissions\":{\"deny\":[\"Bash(ls)\"],\n\"deny\\r\\n\":[]}}"}) {
        INFO(text);
        workspace w;
        claw::test::write_file(w.project(), text);
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        const std::string what = err->what();
        CHECK(what.find('\n') == std::string::npos);
        CHECK(what.find('\r') == std::string::npos);
    }
}

TEST_CASE("settings: one bad file among good ones fails the whole load, in any layer", "[permissions][rules][settings]") {
    for (const int bad : {0, 1, 2, 3, 4}) {
        INFO("bad layer " << bad);
        workspace w;
        const std::vector<std::filesystem::path> files{w.user(), w.user_json(), w.project(), w.project_json(), w.local()};
        for (std::size_t i = 0; i < files.size(); ++i)
            w.write(files[i], static_cast<int>(i) == bad ? perms(R"J({"deny":["Bash(rm *)"],"bogus":1})J")
                                                         : perms(R"J({"deny":["Bash(rm *)"]})J"));
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == files[static_cast<std::size_t>(bad)].string());
        CHECK(err->pointer() == "/permissions/bogus");
    }
}

TEST_CASE("settings: a file over the size limit, a folder or a FIFO fails closed without hanging", "[permissions][rules][settings]") {
    {
        workspace w;
        std::string big = "{\"permissions\": {\"deny\": [";
        while (big.size() < (1u << 20) + 100) big += "\"Bash(rm *)\",";
        big += "\"Bash(rm *)\"]}}";
        claw::test::write_file(w.project(), big);
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.project().string());
    }
    {
        workspace w;
        std::filesystem::create_directories(w.project());
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.project().string());
    }
    {
        workspace w;
        REQUIRE(::mkfifo(w.project().c_str(), 0600) == 0);
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.project().string());
    }
    {
        workspace w;  // an explicit --settings file that does not exist
        auto o = w.options();
        o.settings_files = {w.at("missing.json")};
        const auto err = settings_error_of([&] { (void)claw::rules_policy::load(o); });
        REQUIRE(err);
        CHECK(err->file() == w.at("missing.json").string());
    }
    {
        workspace w;  // an explicit managed file that does not exist
        auto o = w.options();
        o.managed_file = w.at("missing-managed.json");
        CHECK(settings_error_of([&] { (void)claw::rules_policy::load(o); }));
    }
}

TEST_CASE("settings: a settings file that cannot be examined fails closed, never counts as absent",
          "[permissions][rules][settings]") {
    SECTION("the user's file is a loop of symbolic links") {
        workspace w;
        w.write(w.project(), perms(R"J({"deny":["Bash(rm *)"]})J"));
        std::filesystem::create_directories(w.user().parent_path());
        std::filesystem::create_symlink(w.user(), w.user());  // ELOOP
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.user().string());
        CHECK(std::string(err->what()).find("cannot examine the file") != std::string::npos);
    }
    SECTION("an explicit file whose path holds a NUL byte is refused, not cut short") {
        workspace w;
        w.write(w.at("real.json"), perms(R"J({"allow":["Bash(curl *)"]})J"));
        auto o = w.options();
        o.settings_files = {std::filesystem::path(w.at("real.json").string() + std::string("\0.extra", 7))};
        const auto err = settings_error_of([&] { (void)claw::rules_policy::load(o); });
        REQUIRE(err);
        CHECK(err->code() == claw::errc::invalid_argument);
    }
}

TEST_CASE("settings: a local file whose git index cannot be examined needs trust", "[permissions][rules][settings][trust]") {
    workspace w;
    w.write(w.local(), perms(R"J({"allow":["Bash(curl *)"]})J"));
    std::filesystem::create_symlink(w.cwd / ".git", w.cwd / ".git");  // .git/index: ELOOP
    const auto p = w.load("default");
    CHECK(run(p, w, "Bash", "curl https://example.com", untrusted_req()).what == ask);
    CHECK(run(p, w, "Bash", "curl https://example.com").what == allow);
}

TEST_CASE("settings: unknown top-level keys are not under permissions and are accepted", "[permissions][rules][settings]") {
    workspace w;
    w.write(w.project(), R"J({"hooks": {"x": 1}, "env": {"A": "b"}, "permissions": {"deny": ["Bash(rm *)"]}})J");
    const auto p = w.load("danger-full-access");
    CHECK(run(p, w, "Bash", "rm x").what == deny);
}

TEST_CASE("settings: the load-time warnings of S2.8 are reachable with warnings()", "[permissions][rules][settings][warnings]") {
    struct warns {
        const char* list;
        const char* rule;
        const char* why;
    };
    for (const warns x : {
             warns{"deny", "FrobTool", "a deny rule naming an unknown tool"},
             warns{"ask", "FrobTool", "an ask rule naming an unknown tool"},
             warns{"allow", "FrobTool", "an allow rule naming an unknown tool"},
             warns{"allow", "mcp__*", "an allow glob not anchored at mcp__<server>__"},
             warns{"allow", "mcp__git*__x", "an allow glob with a glob server"},
             warns{"allow", "*", "an allow glob over every tool"},
             warns{"deny", "Bash(command:rm *)", "a param rule on the primary field"},
             warns{"allow", "Bash(git * push)", "an allow rule with * before its last word"},
             warns{"allow", "Bash", "the bare shell"},
             warns{"allow", "Bash(*)", "the bare shell as Bash(*)"},
             warns{"allow", "Bash(sh -c *)", "a shell"},
             warns{"allow", "Bash(bash *)", "a shell"},
             warns{"allow", "Bash(zsh *)", "a shell"},
             warns{"allow", "Bash(env *)", "env"},
             warns{"allow", "Bash(sudo *)", "sudo"},
             warns{"allow", "Bash(xargs *)", "xargs"},
             warns{"allow", "Bash(python *)", "python"},
             warns{"allow", "Bash(python3 *)", "python3"},
             warns{"allow", "Bash(node *)", "node"},
             warns{"allow", "Bash(perl *)", "perl"},
             warns{"allow", "Bash(ruby *)", "ruby"},
             warns{"allow", "Bash(php *)", "php"},
             warns{"allow", "Bash(osascript *)", "osascript"},
             warns{"allow", "Bash(npm run *)", "npm run"},
             warns{"allow", "Bash(npm run:*)", "npm run, legacy spelling"},
             warns{"allow", "Bash(make *)", "make"},
             warns{"allow", "Bash(cargo run *)", "cargo run"},
         }) {
        INFO(x.why << ": " << x.list << " " << x.rule);
        workspace w;
        w.write(w.project(), std::string("{\"permissions\": {\n\"") + x.list + "\": [\n\"ok-placeholder-unused\",\n\"" + x.rule +
                                 "\"]}}");
        // (the placeholder is an unknown tool too: only the warning at index 1 is looked for)
        const auto p = w.load();
        INFO(all_warnings(p));
        bool found = false;
        for (const auto& wa : p.warnings())
            found = found || (wa.pointer == std::string("/permissions/") + x.list + "/1" && wa.line == 4 &&
                              wa.file == w.project().string());
        CHECK(found);
    }
}

TEST_CASE("settings: no warning for plain, safe rules", "[permissions][rules][settings][warnings]") {
    workspace w;
    w.write(w.project(), perms(R"J({"allow":["Bash(git status)","Bash(npm test)","Read(./src/**)","WebFetch(domain:example.com)",
                                 "mcp__github__get_*","mcp__github"],
                                 "deny":["Bash(rm *)","mcp__*","Read(./.env)"],"ask":["Bash(git push *)"]})J"));
    const auto p = w.load();
    INFO(all_warnings(p));
    CHECK(p.warnings().empty());
}

TEST_CASE("settings: allow rules for shells and interpreters spelt as absolute paths or runners warn too",
          "[permissions][rules][settings][warnings]") {
    // S2.8: an allow rule whose program executes arbitrary code warns; S6.5: environment runners
    // (`devbox run`, `npx`, `uvx`, ...) cover whatever follows them, "and S2.8 warns about such rules".
    // Programs whose scripts or options run commands warn as well (`awk 'BEGIN{system("rm x")}'`,
    // `vim -c '!rm x'`, `tar --to-command=...`, `split --filter=...`, `ed` with `!rm x` on its
    // standard input, `sqlite3 x '.shell rm y'`, m4's `syscmd`, groff's `.sy`), and `source`/`.`
    // (the file's text runs).
    for (const char* rule : {"Bash(/bin/bash *)", "Bash(/usr/bin/python3 *)", "Bash(devbox run *)", "Bash(uvx *)",
                             "Bash(poetry run *)", "Bash(bundle exec *)", "Bash(docker exec *)", "Bash(awk *)",
                             "Bash(vim *)", "Bash(ex *)", "Bash(tar *)", "Bash(split *)", "Bash(ed *)",
                             "Bash(source *)", "Bash(. *)", "Bash(sqlite3 *)", "Bash(m4 *)", "Bash(groff *)"}) {
        INFO(rule);
        workspace w;
        w.write(w.project(), std::string("{\"permissions\": {\"allow\": [\"") + rule + "\"]}}");
        const auto p = w.load();
        CHECK(has_warning(p, rule, "/permissions/allow/0"));
    }
}

TEST_CASE("settings: strict turns every warning into a load error naming file, pointer and line", "[permissions][rules][settings][warnings]") {
    for (const char* rule : {"Bash(python *)", "FrobTool", "mcp__*", "Bash"}) {
        INFO(rule);
        workspace w;
        w.write(w.project(), std::string("{\"permissions\": {\"strict\": true,\n\"allow\": [\n\"") + rule + "\"]}}");
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->file() == w.project().string());
        CHECK(err->pointer() == "/permissions/allow/0");
        CHECK(err->line() == 3);
    }
    // strict from another layer applies to all of them
    workspace w;
    w.write(w.user(), perms(R"J({"strict": true})J"));
    w.write(w.project(), perms(R"J({"allow": ["Bash(node *)"]})J"));
    const auto err = settings_error_of([&] { (void)w.load(); });
    REQUIRE(err);
    CHECK(err->file() == w.project().string());
}

TEST_CASE("settings: inline tests run at load against the merged policy", "[permissions][rules][settings][inline-tests]") {
    {
        workspace w;  // passing tests: the policy loads
        w.write(w.user(), perms(R"J({"deny":["Bash(rm *)"]})J"));
        w.write(w.project(), perms(R"J({"allow":["Bash(npm test)"],"tests":[
            {"tool":"Bash","input":"npm test","expect":"allow"},
            {"tool":"Bash","input":"rm -rf x","expect":"deny"},
            {"tool":"Bash","input":{"command":"npm test && curl x"},"expect":"ask"}]})J"));
        CHECK_NOTHROW(w.load());
    }
    {
        workspace w;  // a failing test: a load error naming its pointer and line
        w.write(w.project(), perms(R"J({"allow":["Bash(npm test)"],"tests":[
            {"tool":"Bash","input":"npm test","expect":"allow"},
            {"tool":"Bash","input":"npm test; rm -rf x","expect":"allow"}]})J"));
        const auto err = settings_error_of([&] { (void)w.load(); });
        REQUIRE(err);
        CHECK(err->pointer() == "/permissions/tests/1");
        CHECK(err->line() == 3);
        CHECK(std::string(err->what()).find("inline test failed") != std::string::npos);
    }
    {
        workspace w;  // a test sees rules from other layers (the merged policy)
        w.write(w.user(), perms(R"J({"deny":["Bash(curl *)"]})J"));
        w.write(w.project(), perms(R"J({"tests":[{"tool":"Bash","input":"curl x","expect":"ask"}]})J"));
        CHECK(settings_error_of([&] { (void)w.load(); }));
    }
}

TEST_CASE("settings: from_json is one trusted cli layer with the mode from the JSON", "[permissions][rules][settings]") {
    const auto p = claw::rules_policy::from_json(R"J({"permissions":{"defaultMode":"acceptEdits","deny":["Bash(rm *)"]}})J");
    CHECK(p.mode() == permission_mode::workspace_write);
    REQUIRE(p.settings().sources.size() == 1);
    CHECK(p.settings().sources[0].layer == settings_layer::cli);
    CHECK(p.check({"Bash", "rm -rf x"}).denied());
    const auto err = settings_error_of([] { (void)claw::rules_policy::from_json(R"J({"permissions":{"deny":[1]}})J"); });
    REQUIRE(err);
    CHECK(err->pointer() == "/permissions/deny/0");
    CHECK(err->file() == "<json>");
}
