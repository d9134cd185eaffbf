// SPDX-License-Identifier: MIT
#include <claw/permissions/all_of.hpp>

#include <claw/permissions/bash_gate.hpp>
#include <claw/permissions/tool_permission_context.hpp>

#include "../support/test_support.hpp"

namespace {
struct deny_x {
    constexpr claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.starts_with("x") ? claw::decision{claw::verdict::deny, "x first"} : claw::decision{};
    }
};
struct deny_xy {
    constexpr claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.starts_with("x") || r.name.starts_with("y") ? claw::decision{claw::verdict::deny, "second"}
                                                                   : claw::decision{};
    }
};
struct needs_argument {
    explicit needs_argument(int) {}
    claw::decision check(const claw::tool_request&) const noexcept { return {}; }
};
}  // namespace

static_assert(claw::permission_policy<claw::all_of<>>);
static_assert(claw::permission_policy<claw::all_of<deny_x, deny_xy>>);
static_assert(std::is_default_constructible_v<claw::all_of<deny_x, claw::bash_gate>>);
static_assert(!std::is_default_constructible_v<claw::all_of<deny_x, needs_argument>>);
static_assert(claw::all_of<deny_x, deny_xy>{}.check({"xx"}).reason == "x first");
static_assert(claw::all_of<deny_xy, deny_x>{}.check({"xx"}).reason == "second");
static_assert(claw::all_of<deny_x, deny_xy>{}.check({"yy"}).reason == "second");
static_assert(claw::all_of<>{}.check({"anything"}).allowed());

TEST_CASE("all_of asks in order and the first denial wins", "[permissions]") {
    const claw::all_of<claw::bash_gate, claw::tool_permission_context> p{
        claw::bash_gate{}, claw::tool_permission_context::from_iterables({"BashTool", "Grep"}, {})};
    CHECK(p.check({"BashTool"}).reason == claw::bash_gate::reason);
    CHECK(p.check({"grep"}).reason == claw::tool_permission_context::name_reason);
    CHECK(p.check({"Glob"}).allowed());
    CHECK(p.get<1>().blocks("GREP"));
}

TEST_CASE("all_of deduces its policies and takes ones that need arguments", "[permissions]") {
    claw::all_of p{deny_x{}, needs_argument{3}};
    static_assert(std::is_same_v<decltype(p), claw::all_of<deny_x, needs_argument>>);
    CHECK(p.check({"xyz"}).denied());
    CHECK(p.check({"abc"}).allowed());
}
