// SPDX-License-Identifier: MIT
// Every shipped policy's check() performs zero heap allocations: this executable replaces the
// global allocation functions with counting ones and runs each check between two readings.
#include <claw/permissions.hpp>

#include "../support/test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> allocations{0};

void* counted(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

// The count, for the other files of this executable (test_rules_no_allocation.cpp).
std::size_t claw_test_allocation_count() noexcept { return allocations.load(); }

namespace {
template <class Policy>
std::size_t allocations_during_checks(const Policy& policy, const std::vector<std::string>& names) {
    std::size_t denied = 0;
    const std::size_t before = allocations.load();
    for (const auto& n : names) denied += policy.check(claw::tool_request{n, "payload"}).denied() ? 1 : 0;
    const std::size_t after = allocations.load();
    CHECK(denied <= names.size());
    return after - before;
}

claw::tool_permission_context context_of(std::size_t n) {
    std::vector<std::string> names, prefixes;
    for (std::size_t i = 0; i < n; ++i) {
        names.push_back("DenyTool" + std::to_string(i) + (i % 2 ? "\u00c9" : ""));
        prefixes.push_back("pre" + std::to_string(i) + (i % 3 ? "\u03a3" : "_"));
    }
    return claw::tool_permission_context::from_iterables(names, prefixes);
}
}  // namespace

TEST_CASE("the counting allocator sees allocations", "[permissions]") {
    const std::size_t before = allocations.load();
    auto* p = new std::string(100, 'x');
    delete p;
    CHECK(allocations.load() > before);
}

TEST_CASE("no shipped policy allocates in check()", "[permissions]") {
    const std::vector<std::string> names{"BashTool", "denytool3\u00e9", "DENYTOOL4", "pre7\u03c3", "pre6_tail",
                                         "FileReadTool", "\u00c9DITEURTOOL", "\u0130nspectTool", "\u03a3\u03a3\u03a3",
                                         std::string(300, 'a') + "bash", std::string("x\xFF\xFEy", 4), ""};
    CHECK(allocations_during_checks(claw::allow_all{}, names) == 0);
    CHECK(allocations_during_checks(claw::bash_gate{}, names) == 0);
    for (const std::size_t n : {std::size_t{0}, std::size_t{16}, std::size_t{1000}, std::size_t{10000}}) {
        INFO("deny list of " << n << " + " << n);
        const auto ctx = context_of(n);
        CHECK(allocations_during_checks(ctx, names) == 0);
        const claw::default_permissions defaults{claw::bash_gate{}, ctx};
        CHECK(allocations_during_checks(defaults, names) == 0);
    }
    CHECK(allocations_during_checks(claw::static_deny_list<"BashTool", "\u00c9DITEURTOOL">{}, names) == 0);
    CHECK(allocations_during_checks(claw::static_deny_prefixes<"mcp", "pre">{}, names) == 0);
    const claw::all_of<claw::bash_gate, claw::static_deny_list<"FileReadTool">, claw::tool_permission_context> three{
        claw::bash_gate{}, {}, context_of(16)};
    CHECK(allocations_during_checks(three, names) == 0);
}
