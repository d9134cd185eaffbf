// SPDX-License-Identifier: MIT
// RULES.md S4 and S5 (tool identity and subject extraction), S3.2 (param rules) and Agent rules:
// aliases and case, MCP server/tool/glob rules, allow globs not anchored at mcp__<server>__ inert,
// both input forms, malformed JSON and decoys denied, unknown keys never the subject.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

TEST_CASE("tools: a Bash rule applies under every alias and any ASCII case", "[permissions][rules][tools]") {
    const rules_env e(R"J({"deny":["Bash(rm *)"]})J", "danger-full-access");
    for (const char* name : {"Bash", "bash", "BASH", "BashTool", "bashtool", "shell", "SHELL"}) {
        INFO(name);
        CHECK(e(name, "rm -rf build") == deny);
        CHECK(e(name, "ls") == allow);
    }
    for (const char* rule : {"bash(rm *)", "BashTool(rm *)", "shell(rm *)", "BASHTOOL(rm *)"}) {
        INFO(rule);
        const rules_env f(std::string("{\"deny\":[\"") + rule + "\"]}", "danger-full-access");
        CHECK(f("Bash", "rm -rf build") == deny);
    }
}

TEST_CASE("tools: Read rules apply to every reader, Edit rules to every writer (S4.2, S8.9)", "[permissions][rules][tools]") {
    const rules_env e(R"J({"deny":["Read(./secret/**)","Edit(//etc/**)"]})J", "danger-full-access");
    for (const char* reader : {"Read", "read_file", "FileReadTool", "Grep", "Glob", "LS"}) {
        INFO(reader);
        CHECK(e(reader, "/w/proj/secret/key") == deny);
    }
    for (const char* writer : {"Edit", "edit_file", "write_file", "Write", "MultiEdit", "NotebookEdit", "FileEditTool", "FileWriteTool"}) {
        INFO(writer);
        CHECK(e(writer, "/etc/cron.d/job") == deny);
        CHECK(e(writer, "/w/proj/secret/key") == deny);  // a Read deny also denies edits (S8.6)
    }
    // Rules written for the other family members work the same way.
    const rules_env f(R"J({"deny":["Write(//etc/**)","Grep(./secret/**)","NotebookEdit(./nb/**)"]})J", "danger-full-access");
    CHECK(f("Edit", "/etc/passwd") == deny);
    CHECK(f("Read", "/w/proj/secret/key") == deny);
    CHECK(f("Write", "/w/proj/nb/a.ipynb") == deny);
}

TEST_CASE("tools: a deny tool glob covers the tool whatever name the request uses", "[permissions][rules][tools]") {
    // S4.2: names resolve against canonical names AND aliases; a deny rule is about the tool, not
    // the spelling of the request. `Ba*` matches Bash, so `shell` (an alias of Bash) is denied too.
    const rules_env e(R"J({"deny":["Ba*"]})J", "danger-full-access");
    CHECK(e("Bash", "ls") == deny);
    CHECK(e("BashTool", "ls") == deny);
    CHECK(e("shell", "ls") == deny);
    const rules_env f(R"J({"deny":["*Tool"]})J", "danger-full-access");
    CHECK(f("FileReadTool", "/w/proj/a") == deny);
    CHECK(f("Read", "/w/proj/a") == deny);
}

TEST_CASE("tools: MCP server, tool and glob rules", "[permissions][rules][tools][mcp]") {
    const rules_env e(R"J({"allow":["mcp__github","mcp__docs__search_*"],"deny":["mcp__github__delete_*"],"ask":["mcp__jira__*"]})J");
    CHECK(e("mcp__github__create_issue", "{}") == allow);
    CHECK(e("mcp__GitHub__create_issue", "{}") == allow);
    CHECK(e("mcp__github__delete_repo", "{}") == deny);
    CHECK(e("mcp__githubx__create_issue", "{}") == ask);  // server names end at `__`
    CHECK(e("mcp__docs__search_all", "{}") == allow);
    CHECK(e("mcp__docs__fetch", "{}") == ask);
    CHECK(e("mcp__jira__get", "{}") == ask);
    CHECK(e("mcp__slack__post", "{}") == ask);
    const rules_env d(R"J({"deny":["mcp__*"]})J", "danger-full-access");
    CHECK(d("mcp__a__b", "{}") == deny);
    CHECK(d("Bash", "ls") == allow);
    const rules_env all(R"J({"deny":["*"]})J", "danger-full-access");
    CHECK(all("mcp__a__b", "{}") == deny);
    CHECK(all("Bash", "ls") == deny);
    CHECK(all("Anything", "x") == deny);
}

TEST_CASE("tools: allow globs not anchored at mcp__<server>__ are inert", "[permissions][rules][tools][mcp]") {
    for (const char* rule : {"mcp__*", "mcp__git*", "mcp__*__get_issue", "*", "Ba*", "*__get_issue"}) {
        INFO(rule);
        const rules_env e(std::string("{\"allow\":[\"") + rule + "\"]}");
        CHECK(e("mcp__github__get_issue", "{}") == ask);
        CHECK(e("Bash", "npm test") == ask);
    }
}

TEST_CASE("tools: a registered MCP tool is still covered by its server's rules", "[permissions][rules][tools][mcp]") {
    workspace w;
    claw::rules::environment env = w.environment();
    env.tools.add({"mcp__docs__search", {}, claw::rules::tool_kind::mcp, claw::rules::capability::read, "", false, {}, true,
                   claw::rules::path_family::none, {}, ""});
    const auto ro = claw::rules_policy::from_json(R"J({"permissions":{"defaultMode":"read-only"}})J", env);
    CHECK(ro.check({"mcp__docs__search", "{}"}).allowed());  // declared read-only: allowed in every mode
    CHECK(ro.check({"mcp__docs__other", "{}"}).denied());    // not registered: a read-only ceiling
    const auto denied = claw::rules_policy::from_json(R"J({"permissions":{"deny":["mcp__docs"]}})J", env);
    CHECK(denied.check({"mcp__docs__search", "{}"}).denied());
    const auto denied2 = claw::rules_policy::from_json(R"J({"permissions":{"deny":["mcp__docs__*"]}})J", env);
    CHECK(denied2.check({"mcp__docs__search", "{}"}).denied());
}

TEST_CASE("tools: the registry refuses ambiguous names", "[permissions][rules][tools]") {
    auto r = claw::rules::tool_registry::builtin();
    CHECK_THROWS_AS(r.add({"bash", {}, claw::rules::tool_kind::other, claw::rules::capability::other, "", false, {}, false,
                           claw::rules::path_family::none, {}, ""}),
                    claw::rules::tool_registry_error);
    CHECK_THROWS_AS(r.add({"mcp__a__b__c", {}, claw::rules::tool_kind::mcp, claw::rules::capability::other, "", false, {}, false,
                           claw::rules::path_family::none, {}, ""}),
                    claw::rules::tool_registry_error);
    CHECK(r.find("BASHTOOL") == r.find("Bash"));
    CHECK(r.find("nope") == nullptr);
}

TEST_CASE("tools: a failed registration leaves the registry unchanged", "[permissions][rules][tools]") {
    // add() inserts each name into the index before it checks the next one and before the tool
    // is stored: when a later alias is refused, the earlier names stay indexed and point one past
    // the end of the tool list (find() returns a pointer to no tool; dereferencing it is UB).
    // The same order makes find() form a reference to tools_[tools_.size()] on every add().
    auto r = claw::rules::tool_registry::builtin();
    const auto before = r.tools().size();
    CHECK_THROWS_AS(r.add({"NewTool", {"NewToolAlias", "bash"}, claw::rules::tool_kind::other, claw::rules::capability::other, "",
                           false, {}, false, claw::rules::path_family::none, {}, ""}),
                    claw::rules::tool_registry_error);
    CHECK(r.tools().size() == before);
    CHECK(r.find("NewTool") == nullptr);
    CHECK(r.find("NewToolAlias") == nullptr);
    // The name is still free: registering it properly works and finds the new tool.
    r.add({"NewTool", {}, claw::rules::tool_kind::other, claw::rules::capability::other, "", false, {}, true,
           claw::rules::path_family::none, {}, ""});
    REQUIRE(r.find("newtool") != nullptr);
    CHECK(r.find("newtool")->name == "NewTool");
    CHECK(r.find("newtool")->read_only);
}

TEST_CASE("tools: unregistered tools are kind other, class other (S4.4, S11.2)", "[permissions][rules][tools]") {
    CHECK(rules_env("{}", "default")("CustomTool", "x") == ask);
    CHECK(rules_env("{}", "workspace-write")("CustomTool", "x") == ask);
    CHECK(rules_env("{}", "read-only")("CustomTool", "x") == deny);
    CHECK(rules_env("{}", "danger-full-access")("CustomTool", "x") == allow);
    CHECK(rules_env("{}", "dont-ask")("CustomTool", "x") == deny);
    CHECK(rules_env(R"J({"allow":["CustomTool"]})J")("customtool", "x") == allow);
    CHECK(rules_env(R"J({"deny":["CustomTool"]})J", "danger-full-access")("CUSTOMTOOL", "x") == deny);
}

TEST_CASE("subject: the JSON form reads the declared primary field of each built-in tool (S5.1)", "[permissions][rules][subject]") {
    const rules_env e(R"J({"deny":["Bash(rm *)","Read(./.env)","Edit(//etc/**)","WebFetch(domain:evil.example)","Agent(Danger)"]})J",
                      "danger-full-access");
    CHECK(e("Bash", R"J({"command":"rm -rf x","description":"clean"})J", json_req()) == deny);
    CHECK(e("Bash", R"J({"command":"ls","description":"rm -rf x"})J", json_req()) == allow);
    CHECK(e("Read", R"J({"file_path":"/w/proj/.env","offset":1})J", json_req()) == deny);
    CHECK(e("Edit", R"J({"file_path":"/etc/hosts","old_string":"a","new_string":"b"})J", json_req()) == deny);
    CHECK(e("Write", R"J({"file_path":"/etc/hosts","content":"x"})J", json_req()) == deny);
    CHECK(e("NotebookEdit", R"J({"notebook_path":"/etc/x.ipynb","new_source":"x"})J", json_req()) == deny);
    CHECK(e("Grep", R"J({"pattern":"x","path":"/w/proj/.env"})J", json_req()) == deny);
    CHECK(e("Glob", R"J({"pattern":"*.c"})J", json_req()) == allow);  // path defaults to the cwd
    CHECK(e("WebFetch", R"J({"url":"https://evil.example/","prompt":"x"})J", json_req()) == deny);
    CHECK(e("Agent", R"J({"subagent_type":"Danger","prompt":"x"})J", json_req()) == deny);
    // Escapes in the JSON string are decoded before matching.
    CHECK(e("Bash", R"J({"command":"\u0072m -rf x"})J", json_req()) == deny);
    CHECK(e("Read", R"J({"file_path":"\/w/proj\/.env"})J", json_req()) == deny);
}

TEST_CASE("subject: Glob's pattern lists the folder its literal names reach", "[permissions][rules][subject]") {
    // Each pattern listed a denied or outside folder while the check allowed the Glob.
    const rules_env e(R"J({"deny":["Read(./secrets/**)","Read(~/.ssh/**)"]})J", "default");
    CHECK(e("Glob", R"J({"pattern":"secrets/*"})J", json_req()) == deny);
    CHECK(e("Glob", R"J({"pattern":"../proj/secrets/*.pem"})J", json_req()) == deny);
    CHECK(e("Glob", R"J({"pattern":"~/.ssh/id_*"})J", json_req()) == deny);
    CHECK(e("Glob", R"J({"pattern":"*","path":"/w/proj/secrets"})J", json_req()) == deny);
    CHECK(e("Glob", R"J({"pattern":"/etc/*"})J", json_req()) == ask);         // outside the workspace
    CHECK(e("Glob", R"J({"pattern":"*/../../etc/x"})J", json_req()) == ask);  // climbs after a wildcard
    CHECK(e("Glob", R"J({"pattern":"../*"})J", json_req()) == ask);
    CHECK(e("Glob", R"J({"pattern":"src/**/*.c"})J", json_req()) == allow);
    CHECK(e("Glob", R"J({"pattern":"**/*.md","path":"/w/proj/docs"})J", json_req()) == allow);
}

TEST_CASE("subject: malformed JSON input is denied with malformed_input, whatever the rules and mode (S5.2)",
          "[permissions][rules][subject]") {
    const rules_env e(R"J({"allow":["Bash","Read","Edit","WebFetch"]})J", "danger-full-access");
    struct bad {
        const char* tool;
        std::string input;
        const char* why;
    };
    for (const bad& b : std::vector<bad>{
             {"Bash", "{", "truncated"},
             {"Bash", "", "empty"},
             {"Bash", "[]", "an array"},
             {"Bash", "\"ls\"", "a string"},
             {"Bash", "ls", "not JSON at all"},
             {"Bash", R"J({"command":"ls",})J", "trailing comma"},
             {"Bash", R"J({"command":"ls"} x)J", "text after the object"},
             {"Bash", R"J({"command":"ls"}{})J", "two objects"},
             {"Bash", R"J({'command':'ls'})J", "single quotes"},
             {"Bash", R"J({command:"ls"})J", "bare key"},
             {"Bash", R"J({"command":"ls","command":"rm -rf /"})J", "duplicate key"},
             {"Bash", R"J({"command":"ls","comm\u0061nd":"rm -rf /"})J", "duplicate key spelt with an escape"},
             {"Bash", R"J({"command":5})J", "number primary"},
             {"Bash", R"J({"command":null})J", "null primary"},
             {"Bash", R"J({"command":["rm","-rf","/"]})J", "array primary"},
             {"Bash", R"J({"command":{"a":"b"}})J", "object primary"},
             {"Bash", R"J({"command":true})J", "boolean primary"},
             {"Bash", R"J({"description":"x"})J", "missing primary"},
             {"Bash", R"J({"cmd":"ls"})J", "misspelt primary"},
             {"Bash", R"J({"command":"\ud800"})J", "lone surrogate"},
             {"Bash", "{\"command\":\"l\xFFs\"}", "invalid UTF-8"},
             {"Bash", "{\"command\":\"l\ns\"}", "raw control character in a string"},
             {"Bash", R"J({"command":"ls\x"})J", "bad escape"},
             {"Bash", R"J({"command":"ls","n":01})J", "leading zero"},
             {"Bash", R"J({"command":"ls","n":NaN})J", "NaN"},
             {"Read", R"J({"path":"/w/proj/a"})J", "Read without file_path"},
             {"Edit", R"J({"file_path":7})J", "Edit with a number"},
             {"WebFetch", R"J({"prompt":"x"})J", "WebFetch without url"},
             {"Write", R"J({"command":"x","path":"/etc/cron.d/j","content":"c"})J", "the C15 decoy"},
         }) {
        INFO(b.why);
        const result r = e.check(b.tool, b.input, json_req());
        CHECK(r.what == deny);
        CHECK(r.rec.code == decision_code::malformed_input);
    }
}

TEST_CASE("subject: unknown keys are never the subject (the decoy of C15)", "[permissions][rules][subject]") {
    const rules_env e(R"J({"deny":["Edit(//etc/**)","Bash(rm *)"]})J", "workspace-write");
    // The tool writes file_path; the decoys are ignored.
    CHECK(e("Write", R"J({"command":"x","path":"/etc/cron.d/j","file_path":"/w/proj/ok.txt","content":"c"})J", json_req()) == allow);
    CHECK(e("Write", R"J({"path":"/w/proj/ok.txt","file_path":"/etc/cron.d/j","content":"c"})J", json_req()) == deny);
    CHECK(e("Bash", R"J({"cmd":"ls","command":"rm -rf x"})J", json_req()) == deny);
}

TEST_CASE("subject: the subject form is never guessed from the text", "[permissions][rules][subject]") {
    const rules_env e(R"J({"deny":["Bash(rm *)"]})J", "danger-full-access");
    // A command may start with `{`: a group, not JSON.
    CHECK(e("Bash", "{ rm -rf x; }") == deny);
    // `{"command":"rm -rf x"}` as a command is never read as JSON:
    const result r = e.check("Bash", R"J({"command":"rm -rf x"})J");
    CHECK(r.rec.code != decision_code::malformed_input);
}

TEST_CASE("subject: a NUL byte in a JSON path does not hide a denied file", "[permissions][rules][subject]") {
    // Flagged reading (S5.2 "a parser differential between policy and tool is a bypass vector"):
    // a tool that opens the path through a C API stops at the NUL and reads /w/proj/.env. The
    // request must be denied, by the rule or as malformed input, not merely asked about.
    const rules_env e(R"J({"deny":["Read(./.env)"]})J", "danger-full-access");
    CHECK(e("Read", R"J({"file_path":"/w/proj/.env\u0000.txt"})J", json_req()) == deny);
    CHECK(e("Read", std::string("/w/proj/.env\0.txt", 17)) == deny);
}

TEST_CASE("subject: duplicate keys in a nested object are malformed input too", "[permissions][rules][subject]") {
    // Flagged reading: S5.2 says duplicate keys deny, without restricting it to the top level.
    const rules_env e(R"J({"allow":["Bash"]})J", "danger-full-access");
    const result r = e.check("Bash", R"J({"command":"ls","extra":{"a":1,"a":2}})J", json_req());
    CHECK(r.what == deny);
    CHECK(r.rec.code == decision_code::malformed_input);
}

TEST_CASE("params: deny/ask param rules match the literal JSON scalar; absent never matches (S3.2)", "[permissions][rules][params]") {
    const rules_env e(R"J({"deny":["Bash(description:*deploy*)","Bash(timeout:600000)","Edit(replace_all:true)"],
                          "ask":["WebFetch(prompt:*password*)"]})J",
                      "danger-full-access");
    CHECK(e("Bash", R"J({"command":"ls","description":"deploy to prod"})J", json_req()) == deny);
    CHECK(e("Bash", R"J({"command":"ls","description":"list"})J", json_req()) == allow);
    CHECK(e("Bash", R"J({"command":"ls","timeout":600000})J", json_req()) == deny);
    CHECK(e("Bash", R"J({"command":"ls","timeout":600001})J", json_req()) == allow);
    CHECK(e("Bash", R"J({"command":"ls"})J", json_req()) == allow);
    CHECK(e("Edit", R"J({"file_path":"/w/proj/a","old_string":"a","new_string":"b","replace_all":true})J", json_req()) == deny);
    CHECK(e("Edit", R"J({"file_path":"/w/proj/a","old_string":"a","new_string":"b"})J", json_req()) == allow);
    CHECK(e("WebFetch", R"J({"url":"https://example.com/","prompt":"find the password"})J", json_req()) == ask);
    // The subject form has no parameters: a param rule cannot match it.
    CHECK(e("Bash", "ls") == allow);
}

TEST_CASE("params: param rules in allow are inert and warned about", "[permissions][rules][params]") {
    const rules_env e(R"J({"allow":["Bash(run_in_background:true)"]})J");
    CHECK(e("Bash", R"J({"command":"npm publish","run_in_background":true})J", json_req()) == ask);
    CHECK_FALSE(e.policy->warnings().empty());
}

TEST_CASE("params: dangerouslyDisableSandbox:true is a sandbox_escape floor except in danger-full-access (S5.3, S10.4)",
          "[permissions][rules][params][floors]") {
    for (const auto& mode : {"default", "workspace-write"}) {
        INFO(mode);
        const rules_env e(R"J({"allow":["Bash(npm test)"]})J", mode);
        const result r = e.check("Bash", R"J({"command":"npm test","dangerouslyDisableSandbox":true})J", json_req());
        CHECK(r.what == ask);
        CHECK(r.rec.code == decision_code::sandbox_escape);
        CHECK(e("Bash", R"J({"command":"npm test","dangerouslyDisableSandbox":false})J", json_req()) == allow);
    }
    const rules_env d("{}", "danger-full-access");
    CHECK(d("Bash", R"J({"command":"npm test","dangerouslyDisableSandbox":true})J", json_req()) == allow);
    // An override cannot lift the floor.
    const rules_env o(R"J({"allow":["Bash(npm test)"]})J", "default");
    req r = json_req();
    r.override_verdict = allow;
    CHECK(o("Bash", R"J({"command":"npm test","dangerouslyDisableSandbox":true})J", r) == ask);
}

TEST_CASE("agent: Agent(name) matches the subagent name exactly", "[permissions][rules][agent]") {
    const rules_env e(R"J({"allow":["Agent(Explore)"],"deny":["Agent(Danger)"]})J");
    CHECK(e("Agent", "Explore") == allow);
    CHECK(e("Task", "Explore") == allow);
    CHECK(e("Agent", "Explore2") == ask);
    CHECK(e("Agent", "Danger") == deny);
    CHECK(e("Agent", R"J({"subagent_type":"Explore","prompt":"go"})J", json_req()) == allow);
    CHECK(e("Agent", R"J({"subagent_type":"Danger","prompt":"Explore"})J", json_req()) == deny);
    CHECK(rules_env("{}", "read-only")("Agent", "Explore") == deny);  // an Agent is not read-only
}

TEST_CASE("tools: a registered tool's path-glob parameter is checked like Glob's pattern", "[permissions][rules][tools]") {
    workspace w;
    claw::rules::environment env = w.environment();
    env.tools.add({"FindFiles", {}, claw::rules::tool_kind::read, claw::rules::capability::read, "path", false, {"glob"}, true,
                   claw::rules::path_family::read, {}, "glob"});
    env.tools.add({"FindPlain", {}, claw::rules::tool_kind::read, claw::rules::capability::read, "path", false, {"glob"}, true,
                   claw::rules::path_family::read, {}, ""});
    const auto p = claw::rules_policy::from_json(R"J({"permissions":{"deny":["Read(./secrets/**)"]}})J", env);
    claw::rules::request_context ctx;
    ctx.input_json = true;
    CHECK(p.check({"FindFiles", R"J({"glob":"secrets/*"})J"}, ctx, nullptr).denied());
    CHECK(p.check({"FindFiles", R"J({"glob":"/etc/*"})J"}, ctx, nullptr).what == verdict::ask);
    CHECK(p.check({"FindFiles", R"J({"glob":"src/*.c"})J"}, ctx, nullptr).allowed());
    // without the declaration the parameter is an ordinary one: only the folder is checked
    CHECK(p.check({"FindPlain", R"J({"glob":"secrets/*"})J"}, ctx, nullptr).allowed());
}
