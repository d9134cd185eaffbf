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

namespace {
struct ask_a {  // asks about names starting with "a"
    constexpr claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.starts_with("a") ? claw::decision{claw::verdict::ask, "ask a"} : claw::decision{};
    }
};
struct ask_ab {
    constexpr claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.starts_with("a") || r.name.starts_with("b") ? claw::decision{claw::verdict::ask, "ask ab"}
                                                                   : claw::decision{};
    }
};
struct deny_a {
    constexpr claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.starts_with("a") ? claw::decision{claw::verdict::deny, "deny a"} : claw::decision{};
    }
};
// Counts how often it was asked, to show that a deny stops the walk.
struct counting {
    int* calls;
    claw::decision check(const claw::tool_request&) const noexcept {
        ++*calls;
        return {claw::verdict::ask, "counted"};
    }
};
}  // namespace

// The verdicts are ordered, the strictest is the maximum.
static_assert(claw::verdict::allow < claw::verdict::ask && claw::verdict::ask < claw::verdict::deny);
static_assert(claw::strictest(claw::verdict::ask, claw::verdict::allow) == claw::verdict::ask);
static_assert(claw::strictest(claw::verdict::ask, claw::verdict::deny) == claw::verdict::deny);
static_assert(claw::decision{claw::verdict::ask, "x"}.asks() && !claw::decision{claw::verdict::ask, "x"}.denied());
// An ask later in the list beats an earlier allow; a deny later beats an earlier ask.
static_assert(claw::all_of<deny_x, ask_a>{}.check({"abc"}).reason == "ask a");
static_assert(claw::all_of<ask_a, deny_a>{}.check({"abc"}).reason == "deny a");
// Of two asks, the first one supplies the reason.
static_assert(claw::all_of<ask_ab, ask_a>{}.check({"abc"}).reason == "ask ab");
static_assert(claw::all_of<ask_a, ask_ab>{}.check({"abc"}).reason == "ask a");
static_assert(claw::all_of<ask_a, ask_ab>{}.check({"bcd"}).reason == "ask ab");
static_assert(claw::all_of<ask_a, ask_ab>{}.check({"cde"}).allowed());

TEST_CASE("all_of: the strictest verdict wins and a deny stops the walk", "[permissions]") {
    int calls = 0;
    const claw::all_of<ask_a, deny_a, counting> p{ask_a{}, deny_a{}, counting{&calls}};
    const auto d = p.check({"apple"});
    CHECK(d.denied());
    CHECK(d.reason == "deny a");
    CHECK(calls == 0);  // the policy after the deny was not asked
    const auto e = p.check({"banana"});
    CHECK(e.asks());
    CHECK(e.reason == "counted");
    CHECK(calls == 1);
}
