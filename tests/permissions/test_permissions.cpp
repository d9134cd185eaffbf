// SPDX-License-Identifier: MIT
#include <claw/permissions.hpp>

#include "../support/test_support.hpp"

static_assert(claw::permission_policy<claw::default_permissions>);
static_assert(std::is_default_constructible_v<claw::default_permissions>);

TEST_CASE("every case of permission_cases.json: bash gate and default permissions", "[permissions][vectors]") {
    const auto cases = claw::test::permission_cases();
    REQUIRE(cases.size() == 215);
    for (const auto& c : cases) {
        INFO("tool " << claw::test::visible(c.tool));
        CHECK(claw::bash_gate{}.check({c.tool}).denied() == c.bash_gated);
        const claw::default_permissions policy{
            claw::bash_gate{}, claw::tool_permission_context::from_iterables(c.deny_names, c.deny_prefixes)};
        const claw::decision d = policy.check({c.tool});
        CHECK(d.denied() == (c.bash_gated || c.blocked));
        if (c.bash_gated) CHECK(d.reason == claw::bash_gate::reason);
    }
}

TEST_CASE("the default-constructed default permissions gate bash only", "[permissions]") {
    const claw::default_permissions p;
    CHECK(p.check({"BashTool"}).denied());
    CHECK(p.check({"MCPTool"}).allowed());
}
