// SPDX-License-Identifier: MIT
#include <claw/permissions/policy.hpp>

#include "../support/test_support.hpp"

namespace {
struct no_check {};
struct throwing_check {
    claw::decision check(const claw::tool_request&) const { return {}; }
};
struct wrong_return {
    bool check(const claw::tool_request&) const noexcept { return true; }
};
struct mutable_check {
    claw::decision check(const claw::tool_request&) noexcept { return {}; }
};
struct read_only {
    claw::decision check(const claw::tool_request& r) const noexcept {
        const bool writes = r.name.find("Write") != std::string_view::npos || r.name.find("Edit") != std::string_view::npos;
        return writes ? claw::decision{claw::verdict::deny, "read-only session"} : claw::decision{};
    }
};
}  // namespace

static_assert(claw::permission_policy<claw::allow_all>);
static_assert(claw::permission_policy<read_only>);
static_assert(!claw::permission_policy<no_check>);
static_assert(!claw::permission_policy<throwing_check>);
static_assert(!claw::permission_policy<wrong_return>);
static_assert(!claw::permission_policy<mutable_check>);
static_assert(claw::allow_all{}.check({"anything"}).allowed());

TEST_CASE("a user policy is a plain struct", "[permissions]") {
    const read_only p;
    CHECK(p.check({"FileWriteTool"}) == claw::decision{claw::verdict::deny, "read-only session"});
    CHECK(p.check({"FileReadTool"}).allowed());
    CHECK_FALSE(p.check({"FileReadTool"}).denied());
    CHECK(claw::decision{}.reason.empty());
}
