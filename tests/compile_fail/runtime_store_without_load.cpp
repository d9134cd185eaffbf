// SPDX-License-Identifier: MIT
// Must NOT compile: a store without load() is rejected with a message naming the concept.
#include <claw/runtime.hpp>

struct write_only_store {
    std::string save(const claw::stored_session& s) { return s.session_id; }
};

int main() {
    claw::basic_runtime<claw::default_permissions, write_only_store> rt;
    return rt.route_prompt("x").empty() ? 0 : 1;
}
