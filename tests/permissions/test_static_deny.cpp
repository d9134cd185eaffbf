// SPDX-License-Identifier: MIT
#include <claw/permissions/static_deny.hpp>

#include <claw/permissions/all_of.hpp>
#include <claw/permissions/bash_gate.hpp>
#include <claw/permissions/tool_permission_context.hpp>

#include "../support/test_support.hpp"

using no_shell = claw::static_deny_list<"BashTool", "ÉDITEURTOOL", "İnspectTool", "">;
using no_mcp = claw::static_deny_prefixes<"mcp", "Ünï">;

static_assert(claw::permission_policy<no_shell>);
static_assert(claw::permission_policy<no_mcp>);
// Decisions evaluated by the compiler.
static_assert(no_shell{}.check({"bashtool"}).denied());
static_assert(no_shell{}.check({"BASHTOOL"}).reason == no_shell::reason);
static_assert(no_shell{}.check({"éditeurtool"}).denied());
static_assert(no_shell{}.check({"i\u0307nspecttool"}).denied());
static_assert(!no_shell{}.check({"inspecttool"}).denied());
static_assert(no_shell{}.check({""}).denied());  // the empty deny name blocks only the empty name
static_assert(!no_shell{}.check({"BashTool2"}).denied());
static_assert(no_mcp{}.check({"MCPTool"}).denied());
static_assert(no_mcp{}.check({"ünïcode"}).denied());
static_assert(!no_mcp{}.check({"FileReadTool"}).denied());
static_assert(claw::static_deny_prefixes<"">{}.check({"anything"}).denied());
static_assert(!claw::static_deny_list<>{}.check({""}).denied());
static_assert(claw::all_of<claw::bash_gate, no_mcp>{}.check({"mcp_bash"}).reason == claw::bash_gate::reason);

TEST_CASE("compile-time lists decide like the run-time context", "[permissions]") {
    const auto ctx = claw::tool_permission_context::from_iterables({"BashTool", "ÉDITEURTOOL", "İnspectTool", ""},
                                                                   {"mcp", "Ünï"});
    const claw::all_of<no_shell, no_mcp> fixed;
    for (const auto& c : claw::test::permission_cases()) {
        INFO("tool " << claw::test::visible(c.tool));
        CHECK(fixed.check({c.tool}).denied() == ctx.blocks(c.tool));
    }
}
