// SPDX-License-Identifier: MIT
#include <claw/permissions.hpp>

#include "../support/test_support.hpp"

static_assert(claw::permission_policy<claw::default_permissions>);
static_assert(std::is_default_constructible_v<claw::default_permissions>);

TEST_CASE("every case of permission_cases.json: bash gate and default permissions", "[permissions][vectors]") {
    const auto cases = claw::test::load_json("permission_cases.json").as_array();
    REQUIRE(cases.size() == 215);
    for (const auto& c : cases) {
        std::vector<std::string> names, prefixes;
        for (const auto& n : c.at("deny_names").as_array()) names.push_back(claw::test::str(n));
        for (const auto& p : c.at("deny_prefixes").as_array()) prefixes.push_back(claw::test::str(p));
        const std::string tool = claw::test::str(c.at("tool"));
        const bool gated = c.at("bash_gated").as_bool();
        const bool blocked = c.at("blocked").as_bool();
        INFO("tool " << claw::test::visible(tool));
        CHECK(claw::bash_gate{}.check({tool}).denied() == gated);
        const claw::default_permissions policy{claw::bash_gate{},
                                               claw::tool_permission_context::from_iterables(names, prefixes)};
        const claw::decision d = policy.check({tool});
        CHECK(d.denied() == (gated || blocked));
        if (gated) CHECK(d.reason == claw::bash_gate::reason);
    }
}

TEST_CASE("the default-constructed default permissions gate bash only", "[permissions]") {
    const claw::default_permissions p;
    CHECK(p.check({"BashTool"}).denied());
    CHECK(p.check({"MCPTool"}).allowed());
}
