// SPDX-License-Identifier: MIT
// Must NOT compile: a policy type without check() is rejected by the permission_policy concept.
#include <claw/permissions.hpp>

struct forgot_check {
    claw::decision decide(const claw::tool_request&) const noexcept { return {}; }
};

int main() {
    claw::all_of<claw::bash_gate, forgot_check> policy;
    return policy.check({"x"}).denied() ? 1 : 0;
}
