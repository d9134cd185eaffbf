// SPDX-License-Identifier: MIT
#include <claw/routing.hpp>

#include "../support/reference_inventory.hpp"
#include "../support/test_support.hpp"

using claw::inventory;
using claw::module_entry;
using claw::route_prompt;

using claw::test::reference_commands;
using claw::test::reference_tools;

namespace {

std::vector<std::string> names(const std::vector<claw::routed_match>& m) {
    std::vector<std::string> out;
    for (const auto& x : m) out.push_back(std::string(claw::to_string(x.kind)) + ":" + x.name + ":" + std::to_string(x.score));
    return out;
}
}  // namespace

TEST_CASE("prompt tokens: separators, Python whitespace, lowercase, de-duplicated", "[routing]") {
    CHECK(claw::prompt_tokens("Review/Commit review-commit") == std::vector<std::string>{"review", "commit"});
    CHECK(claw::prompt_tokens("ideographic\u3000space") == std::vector<std::string>{"ideographic", "space"});
    CHECK(claw::prompt_tokens("\u0130nspect") == std::vector<std::string>{"i\u0307nspect"});
    CHECK(claw::prompt_tokens(" / - ").empty());
}

TEST_CASE("best command first, best tool second, then the rest by score, kind and name", "[routing]") {
    const inventory commands{{"zeta", "alpha beta", "c/zeta.ts"}, {"Alpha", "alpha", "c/alpha.ts"}};
    const inventory tools{{"b", "alpha beta", "t/b.ts"}, {"a", "alpha beta", "t/a.ts"}, {"c", "beta", "t/c.ts"}};
    const auto all = route_prompt("alpha beta", commands, tools, 10);
    CHECK(names(all) == std::vector<std::string>{"command:zeta:2", "tool:a:2", "tool:b:2", "command:Alpha:1", "tool:c:1"});
    CHECK(names(route_prompt("alpha beta", commands, tools, 1)) == std::vector<std::string>{"command:zeta:2"});
    CHECK(route_prompt("alpha beta", commands, tools, 0).empty());
    CHECK(route_prompt("nothing", commands, tools, 1000).empty());
    CHECK_THROWS_AS(route_prompt("alpha", commands, tools, -1), claw::error);
    // Equal names keep inventory order (a stable sort), and upper case sorts before lower case.
    const inventory dup{{"X", "r", "first"}, {"X", "r", "second"}, {"x", "r", "third"}};
    const auto d = route_prompt("r", inventory{}, dup, 5);
    REQUIRE(d.size() == 3);
    CHECK(d[0].source_hint == "first");
    CHECK(d[1].source_hint == "second");
    CHECK(d[2].source_hint == "third");
}

TEST_CASE("routing over the reference inventory matches the reference's CLI output", "[routing]") {
    const auto m = route_prompt("review MCP tool", reference_commands(), reference_tools(), 5);
    CHECK(names(m) == std::vector<std::string>{"command:UltrareviewDialog:1", "tool:AgentTool:2",
                                               "tool:ListMcpResourcesTool:2", "tool:MCPTool:2", "tool:McpAuthTool:2"});
}

TEST_CASE("lookup is case-insensitive with Python's rules and returns the first entry", "[routing]") {
    const inventory tools = reference_tools();
    REQUIRE(tools.get("filereadtool") != nullptr);
    CHECK(tools.get("filereadtool")->source_hint == "tools/FileReadTool/FileReadTool.ts");
    CHECK(tools.get("\u00e9diteurtool")->name == "\u00c9diteurTool");
    CHECK(tools.get("i\u0307nspecttool")->name == "\u0130nspectTool");
    CHECK(tools.get("inspecttool") == nullptr);
    CHECK(tools.find("MCP", 100).size() == 4);
    CHECK(tools.find("tool", 3).size() == 3);
}

TEST_CASE("inventory errors name the source, the entry and the field", "[routing]") {
    const auto error_of = [](std::string_view text) -> std::string {
        try {
            (void)inventory::from_json(text, "inv.json");
        } catch (const claw::inventory_error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of("{}") == "inventory inv.json: the top-level value must be an array of objects");
    CHECK(error_of("[{\"name\": \"a\", \"source_hint\": \"b\", \"responsibility\": \"c\"}, 3]") ==
          "inventory inv.json: entry 1 must be an object");
    CHECK(error_of("[{\"name\": \"a\", \"source_hint\": \"b\"}]") == "inventory inv.json: entry 0 has no field 'responsibility'");
    CHECK(error_of("[{\"name\": 1, \"source_hint\": \"b\", \"responsibility\": \"c\"}]") ==
          "inventory inv.json: entry 0 field 'name' must be a string");
    CHECK(error_of("[").starts_with("inventory inv.json: malformed JSON"));
    CHECK(error_of("[\"\xFF\"]").starts_with("inventory inv.json: entry 0 is not valid UTF-8"));
    CHECK_THROWS_WITH(claw::load_inventory("/nonexistent/inv.json"),
                      "inventory /nonexistent/inv.json: cannot read: open failed: No such file or directory");
}

TEST_CASE("the built-in inventories are large enough and hold BashTool", "[routing]") {
    const inventory tools = claw::builtin_tools();
    const inventory commands = claw::builtin_commands();
    CHECK(tools.size() >= 40);
    CHECK(commands.size() >= 40);
    CHECK(tools.get("BashTool") != nullptr);
    CHECK(claw::distinct_names(tools) == tools.size());
}

TEST_CASE("tool filters apply in the reference's order; command graph and filters", "[routing]") {
    const inventory tools = reference_tools();
    const auto simple = claw::select_tools(tools, true);
    REQUIRE(simple.size() == 4);
    CHECK(simple[0].name == "BashTool");
    const auto no_mcp = claw::select_tools(tools, false, false);
    CHECK(no_mcp.size() == tools.size() - 4);
    const auto denied = claw::select_tools(tools, false, true, claw::tool_permission_context::from_iterables({"bash"}, {"file"}));
    CHECK(denied.size() == tools.size() - 5);
    const inventory commands = reference_commands();
    const auto g = claw::build_command_graph(commands);
    CHECK(g.plugin_like.size() == 2);
    CHECK(g.skill_like.size() == 2);
    CHECK(g.builtins.size() == commands.size() - 4);
    CHECK(claw::select_commands(commands, false, false).size() == g.builtins.size());
}

TEST_CASE("fields holding newlines are looked up and searched whole (found by fuzzing)", "[routing]") {
    const inventory inv{{"Sub\nRunner", "runs things", "tools/a\nb.ts"}, {"\u03a3", "sigma", "x\n\u03a3"}};
    REQUIRE(inv.get("sub\nrunner") != nullptr);
    CHECK(inv.get("sub\nrunner")->source_hint == "tools/a\nb.ts");
    CHECK(inv.find("a\nb", 10).size() == 1);
    CHECK(inv.find("runner", 10).size() == 1);
    CHECK(inv.get("\u03c3") != nullptr);  // a lone capital sigma lowers to the non-final form
    CHECK(claw::route_prompt("runner", inv, inventory{}, 5).size() == 1);
}
