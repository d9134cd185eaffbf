// SPDX-License-Identifier: MIT
// Must NOT compile in the project's warnings-as-errors build: the answer of a check is dropped.
// `claw::decision` is [[nodiscard]], so this holds for a user's own policy type as well.
#include <claw/permissions.hpp>

struct users_policy {
    claw::decision check(const claw::tool_request&) const noexcept { return {}; }
};

int main() {
    const users_policy policy;
    policy.check({"BashTool"});
    return 0;
}
