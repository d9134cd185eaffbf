// SPDX-License-Identifier: MIT
// Analysis and matching perform zero heap allocations: this executable replaces the global
// allocation functions with counting ones and runs analyses and matchers between two readings.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include "../support/test_support.hpp"

#include <atomic>
#include <cstdlib>
#include <memory>
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

TEST_CASE("the counting allocator sees allocations (shell)", "[shell][allocation]") {
    const std::size_t before = allocations.load();
    auto* p = new std::string(100, 'x');
    delete p;
    CHECK(allocations.load() > before);
}

TEST_CASE("analysis, matching, the read-only set, operands and the scan never allocate", "[shell][allocation]") {
    std::string long_text;
    for (int i = 0; i < 400; ++i) long_text += "a$(b \"$X\" `c`) && ";
    const std::vector<std::string> texts{
        "git status",
        "git status && npm test | grep -c ok",
        "FOO=1 timeout 5 sudo -u root env -i nice -n 1 bash -c 'rm -rf \"$D\"/* $(curl -s https://x.example)' | xargs -n1 grep x > out",
        "R=rm; $R -rf /; eval \"find . -exec rm {} +\"; cat <<EOF\n$(id)\nEOF\ndocker exec c sh -c 'ls'",
        "if a; then b; elif c; then d; fi; for x in *.c; do e \"$x\"; done; case y in z) f;; esac; [[ $(g) ]]",
        "sed -i.bak 's/a/b/w out' f; sort -o x y; git -C ../o log --output=f; cd /tmp && rm -rf ~",
        "echo \"unterminated",
        long_text,
        std::string(20000, 'x'),
    };
    std::vector<claw::rules::shell_pattern> patterns;
    for (const char* p : {"git *", "rm -rf *", "npm test", "grep *", "ls*", "* x", "sed *", "find *"})
        patterns.push_back(claw::rules::shell_pattern::compile(p));
    auto a = std::make_unique<claw::shell::analysis>();
    std::array<char, 64> buf{};
    const std::string_view scan_word = claw::shell::scan_tokens::normalize("curl", buf);
    const std::array<std::string_view, 1> scan_words{scan_word};
    std::size_t matched = 0, facts = 0;
    const std::size_t before = allocations.load();
    for (const auto& t : texts) {
        claw::shell::analyze(t, *a);
        const auto& tl = claw::shell::analyze(t);  // the thread-local arena
        facts += a->commands().size() + tl.commands().size();
        for (const auto& c : a->commands()) {
            for (const auto& p : patterns) {
                matched += p.must_match(*a, c) ? 1 : 0;
                matched += p.may_match(*a, c) != claw::rules::may_result::no ? 1 : 0;
            }
            matched += claw::rules::builtin_read_only(*a, c).what == claw::rules::read_only::yes ? 1 : 0;
            claw::rules::for_each_removal_target(*a, c, [&](const claw::rules::removal_target&) { ++matched; });
            claw::shell::for_each_path_operand(*a, c, [&](const claw::shell::path_operand&) { ++matched; });
            claw::shell::for_each_network_target(*a, c, [&](const claw::shell::network_target&) { ++matched; });
        }
        matched += claw::shell::scan_matches(t, scan_words) ? 1 : 0;
    }
    const std::size_t after = allocations.load();
    CHECK(after - before == 0);
    CHECK(facts > 40);
    CHECK(matched > 20);
}
