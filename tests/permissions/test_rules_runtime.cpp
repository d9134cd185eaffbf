// SPDX-License-Identifier: MIT
// The rules policy inside the runtime (RULES.md "Names that are fixed", S1.5, S14.3): authorize
// with and without an approver, the audit sink's JSON lines with the redactor applied, denials
// reaching bootstrap reports, and an untrusted bootstrap ignoring the project's allow rules.
#include <claw/runtime.hpp>

#include "test_rules_support.hpp"

#include <boost/json.hpp>

using namespace claw::test::rules_fixture;

namespace {
using rules_runtime = claw::basic_runtime<claw::rules_policy, claw::memory_store, claw::no_deferred_init>;

claw::inventory tools_inventory() { return claw::load_inventory(claw::test::data_dir() / "inventory" / "tools.json"); }
claw::inventory commands_inventory() { return claw::load_inventory(claw::test::data_dir() / "inventory" / "commands.json"); }

rules_runtime make_runtime(const workspace& w, std::optional<std::string> mode = "default") {
    return rules_runtime(commands_inventory(), tools_inventory(), w.load(std::move(mode)));
}

const char* rules_json = R"J({"permissions":{"allow":["Bash(npm test)"],"ask":["Bash(git push *)"],"deny":["Bash(rm *)"]}})J";
}  // namespace

TEST_CASE("runtime: authorize without an approver turns ask into deny with a reason saying approval was needed",
          "[permissions][rules][runtime]") {
    workspace w;
    w.write(w.project(), rules_json);
    auto rt = make_runtime(w);
    const claw::decision a = rt.authorize("Bash", "git push origin main");
    CHECK(a.denied());
    const std::string reason(a.reason);
    CHECK(reason.find("approval") != std::string::npos);
    CHECK(reason.find("Bash(git push *)") != std::string::npos);  // and why approval was needed
    const claw::decision b = rt.authorize("Bash", "npm publish");  // a baseline ask
    CHECK(b.denied());
    CHECK(std::string(b.reason).find("approval") != std::string::npos);
    CHECK(rt.authorize("Bash", "npm test").allowed());
    CHECK(rt.authorize("Bash", "rm -rf build").denied());
}

TEST_CASE("runtime: authorize asks the approver, only for ask, and follows its answer", "[permissions][rules][runtime]") {
    workspace w;
    w.write(w.project(), rules_json);
    auto rt = make_runtime(w);
    std::vector<std::string> asked;
    bool answer = true;
    rt.set_approver([&](const claw::tool_request& r, const claw::decision& d) {
        CHECK(d.asks());
        asked.emplace_back(r.input);
        return answer;
    });
    CHECK(rt.authorize("Bash", "git push origin main").allowed());
    answer = false;
    const claw::decision refused = rt.authorize("Bash", "npm publish");
    CHECK(refused.denied());
    CHECK_FALSE(refused.reason.empty());
    CHECK(rt.authorize("Bash", "npm test").allowed());    // no prompt for an allow
    CHECK(rt.authorize("Bash", "rm -rf x").denied());     // nor for a deny
    CHECK(asked == std::vector<std::string>{"git push origin main", "npm publish"});
    rt.set_approver({});  // removed: asks are denied again
    CHECK(rt.authorize("Bash", "git push").denied());
}

TEST_CASE("runtime: an approver never sees what a deny rule, a ceiling or a non-interactive floor decided", "[permissions][rules][runtime]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"deny":["Bash(curl *)"]}})J");
    auto rt = make_runtime(w, "read-only");
    int calls = 0;
    rt.set_approver([&](const claw::tool_request&, const claw::decision&) { return ++calls > 0; });
    CHECK(rt.authorize("Bash", "curl x").denied());
    CHECK(rt.authorize("Edit", w.sub("/w/proj/a.txt")).denied());
    CHECK(calls == 0);
    CHECK(rt.authorize("WebFetch", "https://example.com/").allowed());  // network asks in read-only
    CHECK(calls == 1);
}

TEST_CASE("runtime: the audit sink gets one JSON line per decision with the record's fields", "[permissions][rules][runtime][audit]") {
    workspace w;
    w.write(w.project(), rules_json);
    auto rt = make_runtime(w);
    std::vector<std::string> lines;
    rt.set_audit_sink([&](std::string_view line) { lines.emplace_back(line); });
    rt.set_approver([](const claw::tool_request&, const claw::decision&) { return true; });
    (void)rt.authorize("Bash", "rm -rf build");
    (void)rt.authorize("Bash", "git push origin main");
    (void)rt.authorize("Bash", "npm test");
    REQUIRE(lines.size() == 3);
    for (const auto& l : lines) {
        INFO(l);
        CHECK(l.find('\n') == std::string::npos);
        boost::system::error_code ec;
        const auto v = boost::json::parse(l, ec);
        REQUIRE_FALSE(ec);
        REQUIRE(v.is_object());
        for (const char* key : {"time", "session", "tool", "subject", "verdict", "code", "prompted", "reason"})
            CHECK(v.as_object().contains(key));
    }
    const auto deny_line = boost::json::parse(lines[0]).as_object();
    CHECK(deny_line.at("verdict") == "deny");
    CHECK(deny_line.at("code") == "deny_rule");
    CHECK(deny_line.at("rule") == "Bash(rm *)");
    CHECK(std::string(deny_line.at("source").as_string()).find(w.project().string()) != std::string::npos);
    CHECK(deny_line.at("prompted") == false);
    CHECK(deny_line.at("tool") == "Bash");
    CHECK(deny_line.at("subject") == "rm -rf build");
    const auto ask_line = boost::json::parse(lines[1]).as_object();
    CHECK(ask_line.at("prompted") == true);
    CHECK(ask_line.at("approved") == true);
    CHECK(ask_line.at("verdict") == "allow");
    CHECK(ask_line.at("rule") == "Bash(git push *)");
    const auto allow_line = boost::json::parse(lines[2]).as_object();
    CHECK(allow_line.at("verdict") == "allow");
    CHECK(allow_line.at("code") == "allow_rule");
    const std::string time(allow_line.at("time").as_string());
    CHECK(time.size() == 24);
    CHECK(time.back() == 'Z');
}

TEST_CASE("runtime: the audit sink applies the redactor to every subject before writing", "[permissions][rules][runtime][audit]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"deny":["Bash(curl *)"]}})J");
    auto rt = make_runtime(w);
    std::vector<std::string> lines;
    rt.set_audit_sink([&](std::string_view line) { lines.emplace_back(line); });
    rt.set_redactor([](std::string_view, std::string_view subject) {
        std::string s(subject);
        for (std::size_t at; (at = s.find("hunter2")) != std::string::npos;) s.replace(at, 7, "[REDACTED]");
        return s;
    });
    (void)rt.authorize("Bash", "curl -u admin:hunter2 https://example.com");
    (void)rt.authorize("Bash", "echo hunter2 > out.txt");
    (void)rt.authorize("WebFetch", "https://admin:hunter2@example.com/");
    REQUIRE(lines.size() == 3);
    for (const auto& l : lines) {
        INFO(l);
        CHECK(l.find("hunter2") == std::string::npos);
        CHECK(l.find("[REDACTED]") != std::string::npos);
    }
}

TEST_CASE("runtime: the audit line carries a fact summary (S14.3)", "[permissions][rules][runtime][audit]") {
    // S14.3 lists the fields of an audit line: time, session, tool, verdict, code, rule text,
    // source, FACT SUMMARY, whether a prompt was shown and its answer.
    workspace w;
    w.write(w.project(), R"J({"permissions":{"deny":["Bash(rm *)"]}})J");
    auto rt = make_runtime(w);
    std::string line;
    rt.set_audit_sink([&](std::string_view l) { line = l; });
    (void)rt.authorize("Bash", "echo ok; rm -rf build");
    INFO(line);
    const auto v = boost::json::parse(line).as_object();
    CHECK(v.contains("fact"));
}

TEST_CASE("runtime: denials reach the bootstrap report and denied tools never run", "[permissions][rules][runtime]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"deny":["Glob"]}})J");
    auto rt = make_runtime(w, "danger-full-access");
    const auto s = rt.bootstrap_session("run bash to list files");
    bool glob_denied = false;
    for (const auto& d : s.permission_denials)
        if (d.tool_name == "GlobTool") {
            glob_denied = true;
            CHECK(d.reason.find("Glob") != std::string::npos);
        }
    CHECK(glob_denied);
    for (const auto& m : s.tool_execution_messages) CHECK(m.find("'GlobTool'") == std::string::npos);
    CHECK(s.turn_result.permission_denials == s.permission_denials);
    CHECK(s.as_markdown().find("- GlobTool: ") != std::string::npos);
}

TEST_CASE("runtime: an untrusted bootstrap ignores the project's allow rules, keeps its deny rules", "[permissions][rules][runtime][trust]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"allow":["Bash(run *)"],"deny":["Glob"]}})J");
    auto rt = make_runtime(w, "default");
    const auto denied_names = [](const claw::runtime_session& s) {
        std::vector<std::string> v;
        for (const auto& d : s.permission_denials) v.push_back(d.tool_name);
        return v;
    };
    const auto trusted = rt.bootstrap_session("run bash to list files", 5, claw::trust::trusted);
    const auto t = denied_names(trusted);
    CHECK(std::find(t.begin(), t.end(), "BashTool") == t.end());
    CHECK(std::find(t.begin(), t.end(), "GlobTool") != t.end());
    const auto untrusted = rt.bootstrap_session("run bash to list files", 5, claw::trust::untrusted);
    const auto u = denied_names(untrusted);
    CHECK(std::find(u.begin(), u.end(), "BashTool") != u.end());
    CHECK(std::find(u.begin(), u.end(), "GlobTool") != u.end());
    // authorize outside a bootstrap follows set_trust; the bootstrap restored it.
    CHECK(rt.workspace_trust() == claw::trust::trusted);
    CHECK(rt.authorize("Bash", "run bash").allowed());
    rt.set_trust(claw::trust::untrusted);
    CHECK(rt.authorize("Bash", "run bash").denied());
}

TEST_CASE("runtime: all_of<bash_gate, rules_policy> keeps the gate on and adds the rules", "[permissions][rules][runtime]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"allow":["Bash"],"deny":["Read(./.env)"]}})J");
    const claw::all_of<claw::bash_gate, claw::rules_policy> both{claw::bash_gate{}, w.load("danger-full-access")};
    CHECK(both.check({"BashTool", "ls"}).denied());  // the gate says no, whatever the rules
    CHECK(both.check({"Read", w.sub("/w/proj/.env")}).denied());
    CHECK(both.check({"Read", w.sub("/w/proj/a.txt")}).allowed());
    claw::rules::decision_record rec;
    claw::rules::request_context ctx;
    const auto d = both.check(claw::tool_request{"Read", w.sub("/w/proj/.env")}, ctx, &rec);
    CHECK(d.denied());
    CHECK(rec.code == decision_code::deny_rule);
}
