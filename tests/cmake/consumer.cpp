// SPDX-License-Identifier: MIT
// A user's program: its own policy, all_of, both stores, new ids and the trust-gated init.
// Exits non-zero if anything disagrees with the documented behaviour.
#include <claw/claw.hpp>

#include <cstdio>
#include <filesystem>

namespace {
struct read_only {
    claw::decision check(const claw::tool_request& r) const noexcept {
        return r.name.find("Write") != std::string_view::npos ? claw::decision{claw::verdict::deny, "read-only"}
                                                              : claw::decision{};
    }
};
int failures = 0;
void expect(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "consumer: FAILED %s\n", what);
        ++failures;
    }
}
}  // namespace

int main() {
    const claw::all_of<claw::bash_gate, read_only> policy;
    expect(policy.check({"BashTool"}).reason == claw::bash_gate::reason, "bash gate first");
    expect(policy.check({"FileWriteTool"}).reason == "read-only", "user policy");
    expect(policy.check({"FileReadTool"}).allowed(), "allowed tool");

    const std::string id = claw::new_session_id();
    const claw::stored_session s{id, {"hello", "wörld"}, 2, 9};
    claw::memory_store memory;
    memory.save(s);
    expect(memory.load(id) == s, "memory store round trip");

    const auto dir = std::filesystem::temp_directory_path() / ("claw-consumer-" + id);
    claw::json_file_store files(dir, claw::durability::none);
    const std::string where = files.save(s);
    expect(where == (dir / (id + ".json")).string(), "file locator");
    expect(files.load(id) == s, "file store round trip");
    std::filesystem::remove_all(dir);

    expect(claw::trust_gated_init{}.run(claw::trust::untrusted) == claw::deferred_init_result{}, "untrusted init");
    std::printf("consumer ok: %s\n", failures == 0 ? "all checks passed" : "FAILED");
    return failures == 0 ? 0 : 1;
}
