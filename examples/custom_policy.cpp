// SPDX-License-Identifier: MIT
// The README's example: a runtime whose permissions are fixed at compile time (the reference's bash
// gate, a compile-time deny list and a read-only policy of our own). Prints what each tool was told.
#include <claw/claw.hpp>
#include <iostream>

struct read_only {  // deny anything that writes
    claw::decision check(const claw::tool_request& r) const noexcept {
        const bool writes = r.name.find("Write") != std::string_view::npos || r.name.find("Edit") != std::string_view::npos;
        return writes ? claw::decision{claw::verdict::deny, "read-only session"} : claw::decision{};
    }
};
using policy = claw::all_of<claw::bash_gate, claw::static_deny_list<"WebFetchTool">, read_only>;
static_assert(policy{}.check({"webfetchtool"}).denied());  // decided at compile time

int main() {
    claw::basic_runtime<policy, claw::memory_store> rt;  // built-in inventories, sessions in memory
    const auto session = rt.bootstrap_session("FileEditTool WebFetchTool BashTool FileReadTool");
    for (const auto& d : session.permission_denials) std::cout << "denied " << d.tool_name << ": " << d.reason << '\n';
    for (const auto& m : session.tool_execution_messages) std::cout << m << '\n';  // only allowed tools ran
}
