// SPDX-License-Identifier: MIT
// A policy with state, shared by two runtimes on two threads: a budget of tool runs. The caller
// owns the policy; each runtime refers to it (`basic_runtime<budget&, ...>`). `check` is const, so
// the state it changes is `mutable`, and atomic because two threads check at once. ctest also
// builds this example under ThreadSanitizer.
#include <claw/claw.hpp>

#include <atomic>
#include <iostream>
#include <thread>

namespace {
class tool_budget {
public:
    explicit tool_budget(int runs) : remaining_(runs) {}
    claw::decision check(const claw::tool_request&) const noexcept {
        if (remaining_.fetch_sub(1, std::memory_order_relaxed) > 0) return {};
        return {claw::verdict::deny, "the session's tool budget is spent"};
    }
    void refill(int runs) noexcept { remaining_.store(runs, std::memory_order_relaxed); }

private:
    mutable std::atomic<int> remaining_;
};
static_assert(claw::permission_policy<tool_budget>);
}  // namespace

int main() {
    tool_budget budget(100);
    std::atomic<int> allowed{0}, denied{0};
    const auto worker = [&] {
        claw::basic_runtime<tool_budget&, claw::memory_store> rt(claw::builtin_commands(), claw::builtin_tools(), budget);
        for (int i = 0; i < 150; ++i) (rt.authorize("FileReadTool", "notes.txt").allowed() ? allowed : denied)++;
    };
    std::thread a(worker), b(worker);
    a.join();
    b.join();
    std::cout << "allowed " << allowed << ", denied " << denied << '\n';
    // The caller changes the state between checks through its own object.
    budget.refill(1);
    claw::basic_runtime<tool_budget&, claw::memory_store> rt(claw::builtin_commands(), claw::builtin_tools(), budget);
    std::cout << "after refill: " << (rt.authorize("FileReadTool", "x").allowed() ? "allow" : "deny") << ", then "
              << (rt.authorize("FileReadTool", "x").allowed() ? "allow" : "deny") << '\n';
    std::cout << "same object: " << (&rt.permissions() == &budget ? "yes" : "no") << '\n';
}
