// SPDX-License-Identifier: MIT
// Must NOT compile: resume_latest on a store without list() is rejected with a message naming
// the capability and the missing member (a runtime on such a store is fine until then).
#include <claw/runtime.hpp>

struct unlisted_store {
    std::string save(const claw::stored_session& s) { return s.session_id; }
    claw::stored_session load(std::string_view id) { return {std::string(id), {}, 0, 0}; }
};

int main() {
    claw::basic_runtime<claw::default_permissions, unlisted_store> rt;
    return rt.resume_latest("x").session_id.empty() ? 0 : 1;
}
