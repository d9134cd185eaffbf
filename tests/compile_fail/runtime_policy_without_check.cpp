// SPDX-License-Identifier: MIT
// Must NOT compile: basic_runtime names the concept and the member a bad policy lacks.
#include <claw/runtime.hpp>

struct forgot_check {
    claw::decision decide(const claw::tool_request&) const noexcept { return {}; }
};

int main() {
    claw::basic_runtime<forgot_check, claw::memory_store> rt;
    return rt.route_prompt("x").empty() ? 0 : 1;
}
