// SPDX-License-Identifier: MIT
// RULES.md S1.2 and S15: rules_policy::check performs no heap allocation, for every tool kind
// (shell, path, web, MCP, other, Agent), in both input forms, with and without a record, for
// every verdict and every code path (malformed input, incomplete analysis, floors, overrides).
// test_no_allocation.cpp replaces the global operator new for this whole executable and counts.
#include "test_rules_support.hpp"

#include <thread>

std::size_t claw_test_allocation_count() noexcept;

using namespace claw::test::rules_fixture;

namespace {
struct probe {
    std::string tool;
    std::string input;
    bool json;
};

std::vector<probe> probes(const workspace& w) {
    std::string many;
    for (int i = 0; i < 300; ++i) many += "true && ";
    many += "curl https://evil.example";
    std::string deep = "rm -rf x";
    for (int i = 0; i < 12; ++i) deep = "echo $(" + deep + ")";
    std::vector<probe> v{
        // shell, subject form
        {"Bash", "git status", false},
        {"Bash", "git status && npm test | grep -c ok", false},
        {"Bash", "FOO=1 sudo -u root env -i timeout 5 rm -rf /tmp/x; echo \"$(curl -s https://x.example)\" > out.txt", false},
        {"Bash", "cd sub && cat ../.env | tee /tmp/y 2>&1 >/dev/null &", false},
        {"Bash", "rm -rf ~/ && rm -rf \"$D\"/* && rmdir /home", false},
        {"Bash", "find . -name '*.o' -exec rm {} + ; xargs -n1 grep TODO < list", false},
        {"Bash", "bash -c 'rm -rf x' && eval \"curl y\" && sh -c \"$(echo z)\"", false},
        {"Bash", "cat <<EOF\n$(rm x)\nEOF\n", false},
        {"Bash", "echo \"unterminated", false},
        {"Bash", many, false},
        {"Bash", deep, false},
        {"Bash", std::string(20000, 'a') + " && curl x", false},
        {"Bash", "$CMD -rf x; echo hi > /dev/tcp/203.0.113.5/80", false},
        {"Bash", "echo x > .git/hooks/pre-commit; cp a ~/.bashrc", false},
        {"Bash", "", false},
        {"Bash", "grep -rn token; rg x . && cp -r . /tmp/q; ln -s . l && cat l/.env", false},
        {"Bash", "cat d/* */up l*/x; diff d link; grep -r x d*; grep -R x li*", false},
        {"Bash", "for f in .env 'a b' secrets/key; do cat \"$f\" ~+/$f; ln -s ../$f d/up; done; cat $PWD/secrets/k", false},
        {"Bash", "read x < f; for i in 'a[$(rm y)]' {1..3}; do echo $((i + x)) ${a['$(rm z)']} ${!x}; done", false},
        {"shell", "ls -la", false},
        // shell, JSON form
        {"Bash", R"J({"command":"npm test","run_in_background":true,"timeout":600000,"description":"deploy"})J", true},
        {"Bash", R"J({"command":"ls","dangerouslyDisableSandbox":true})J", true},
        {"Bash", R"J({"command":"\u0072m -rf x","extra":{"a":[1,2,{"b":null}]}})J", true},
        {"Bash", R"J({"command":"ls","command":"rm"})J", true},
        {"Bash", R"J({"command":5})J", true},
        {"Bash", "{", true},
        // paths
        {"Read", "/w/proj/.env", false},
        {"Read", "/w/proj/src/../../proj/./a.c", false},
        {"Read", "/etc/passwd", false},
        {"Read", "~/.ssh/id_rsa", false},
        {"Read", "relative/file.txt", false},
        {"Read", "/w/proj/link/x", false},
        {"Read", "C:\\Users\\u\\.ssh\\id_rsa", false},
        {"Read", "\\\\server\\share\\x", false},
        {"Edit", "/w/proj/.git/config", false},
        {"Write", "/etc/cron.d/j", false},
        {"NotebookEdit", "/w/proj/nb/a.ipynb", false},
        {"Grep", "", false},
        {"Glob", R"J({"pattern":"*.c"})J", true},
        {"Glob", R"J({"pattern":"~/.ssh/*","path":"src"})J", true},
        {"Glob", R"J({"pattern":"../../etc/*.conf"})J", true},
        {"Glob", R"J({"pattern":"a*/../../x"})J", true},
        {"Edit", R"J({"file_path":"/w/proj/a.c","old_string":"a","new_string":"b","replace_all":true})J", true},
        {"Write", R"J({"command":"x","path":"/etc/cron.d/j","content":"c"})J", true},
        // web
        {"WebFetch", "https://example.com/docs", false},
        {"WebFetch", "https://user:pw@EVIL.example.:8443/x", false},
        {"WebFetch", "http://0x7f.1/", false},
        {"WebFetch", "https://b\xC3\xBC" "cher.example/", false},
        {"WebFetch", "file:///etc/passwd", false},
        {"WebFetch", "https://", false},
        {"WebFetch", R"J({"url":"https://a.example.com/","prompt":"password"})J", true},
        // MCP and other tools
        {"mcp__github__create_issue", "{}", false},
        {"mcp__github__delete_repo", "{}", false},
        {"mcp__GITHUB__get_issue", R"J({"x":1})J", true},
        {"mcp__slack__post", "{}", false},
        {"mcp__docs__search", "{}", false},
        {"FrobTool", "anything", false},
        {std::string(300, 'T'), "x", false},
        {"Agent", "Explore", false},
        {"Task", R"J({"subagent_type":"Danger","prompt":"x"})J", true},
    };
    for (auto& p : v) p.input = w.sub(p.input);
    return v;
}
}  // namespace

TEST_CASE("rules_policy::check allocates nothing, for every tool kind and input form", "[permissions][rules][allocation]") {
    workspace w;
    std::filesystem::create_directories(w.at("outside"));
    std::filesystem::create_directory_symlink(w.at("outside"), w.cwd / "link");
    std::filesystem::create_directories(w.cwd / "d");
    std::filesystem::create_symlink("../.env", w.cwd / "d" / "up");  // listed by the globs' expansion
    std::string allow = R"J("Bash(npm test *)","Bash(git *)","Bash(echo *)","Read(./src/**)","Edit(./src/**)",
        "WebFetch(domain:*.example.com)","mcp__github","mcp__docs__search_*","Agent(Explore)","FrobTool")J";
    std::string deny = R"J("Bash(rm -rf *)","Bash(curl *)","Read(./.env)","Read(~/.ssh/**)","Edit(//etc/**)",
        "WebFetch(domain:evil.example)","mcp__github__delete_*","mcp__*__drop*","Bash(run_in_background:true)","Agent(Danger)")J";
    std::string ask = R"J("Bash(git push *)","WebFetch(prompt:*password*)","Bash(description:*deploy*)","Edit(replace_all:true)")J";
    for (int i = 0; i < 200; ++i) {  // many more rules of each kind
        const std::string n = std::to_string(i);
        allow += ",\"Bash(tool" + n + " sub *)\",\"Read(./dir" + n + "/**)\",\"WebFetch(domain:d" + n + ".example)\",\"mcp__s" + n + "\"";
        deny += ",\"Bash(bad" + n + " *)\",\"Edit(./ro" + n + "/**)\",\"WebFetch(domain:bad" + n + ".example)\",\"mcp__x" + n + "__*\"";
        ask += ",\"Bash(maybe" + n + " *)\",\"Read(~/p" + n + "/**)\"";
    }
    w.write(w.project(), "{\"permissions\":{\"allow\":[" + allow + "],\"deny\":[" + deny + "],\"ask\":[" + ask + "]}}");
    const auto ps = probes(w);
    for (const auto& mode : all_modes) {
        INFO("mode " << mode);
        const auto policy = w.load(mode);
        std::vector<claw::rules::request_context> contexts(6);
        contexts[1].interactive = false;
        contexts[2].trusted = false;
        contexts[3].has_override = true;
        contexts[3].override_verdict = verdict::allow;
        contexts[4].has_override = true;
        contexts[4].override_verdict = verdict::deny;
        contexts[5].has_override = true;
        contexts[5].override_verdict = verdict::ask;
        // Warm up: the per-thread scratch storage exists before counting.
        (void)policy.check({"Bash", "ls"});
        std::size_t checks = 0, verdicts[3] = {0, 0, 0};
        const std::size_t before = claw_test_allocation_count();
        for (const auto& p : ps) {
            for (auto ctx : contexts) {
                ctx.input_json = p.json;
                claw::rules::decision_record rec;
                const claw::decision d = policy.check(claw::tool_request{p.tool, p.input}, ctx, &rec);
                const claw::decision e = policy.check(claw::tool_request{p.tool, p.input}, ctx, nullptr);
                verdicts[static_cast<int>(d.what)] += (d.what == e.what && d.reason.data() == e.reason.data()) ? 1 : 0;
                checks += 2;
            }
            if (!p.json) (void)policy.check({p.tool, p.input});  // the permission_policy form
        }
        const std::size_t after = claw_test_allocation_count();
        CHECK(after - before == 0);
        CHECK(checks == ps.size() * contexts.size() * 2);
        CHECK(verdicts[0] + verdicts[1] + verdicts[2] == ps.size() * contexts.size());  // both forms agree
        CHECK(verdicts[2] > 0);
    }
}

TEST_CASE("rules_policy::check allocates nothing on its first call in a new thread", "[permissions][rules][allocation]") {
    workspace w;
    w.write(w.project(), R"J({"permissions":{"allow":["Bash(git *)"],"deny":["Read(./.env)","WebFetch(domain:evil.example)"]}})J");
    const auto policy = w.load("default");
    const auto ps = probes(w);
    std::size_t during = 1;
    std::thread t([&] {
        const std::size_t before = claw_test_allocation_count();
        for (const auto& p : ps) {
            claw::rules::request_context ctx;
            ctx.input_json = p.json;
            claw::rules::decision_record rec;
            (void)policy.check(claw::tool_request{p.tool, p.input}, ctx, &rec);
        }
        during = claw_test_allocation_count() - before;
    });
    t.join();
    CHECK(during == 0);
}

TEST_CASE("the counter of this executable sees the allocations of loading a policy", "[permissions][rules][allocation]") {
    const std::size_t before = claw_test_allocation_count();
    const auto p = claw::rules_policy::from_json(R"J({"permissions":{"deny":["Bash(rm *)"]}})J");
    CHECK(claw_test_allocation_count() > before);
    CHECK(p.check({"Bash", "rm x"}).what != verdict::allow);
}
