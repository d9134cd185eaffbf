// SPDX-License-Identifier: MIT
// Memory used to load and index inventories. This file replaces the global allocation functions
// with ones that keep the number of live heap bytes and its peak, for the whole routing suite.
#include <claw/routing/inventory.hpp>

#include "../support/test_support.hpp"
#include "heap_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include <malloc.h>

namespace {
std::atomic<std::size_t> live{0}, peak{0}, count{0};

void* counted(std::size_t n) {
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    const std::size_t now = live.fetch_add(::malloc_usable_size(p)) + ::malloc_usable_size(p);
    std::size_t seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    count.fetch_add(1);
    return p;
}
// Out of line: GCC would otherwise see free() meet a pointer from operator new and warn.
[[gnu::noinline]] void uncounted(void* p) noexcept {
    if (!p) return;
    live.fetch_sub(::malloc_usable_size(p));
    std::free(p);
}
}  // namespace

void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted(n);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted(n);
    } catch (...) {
        return nullptr;
    }
}
void operator delete(void* p) noexcept { uncounted(p); }
void operator delete[](void* p) noexcept { uncounted(p); }
void operator delete(void* p, std::size_t) noexcept { uncounted(p); }
void operator delete[](void* p, std::size_t) noexcept { uncounted(p); }

namespace claw::test {

std::size_t peak_heap_during(const std::function<void()>& f) {
    const std::size_t before = live.load();
    peak.store(before);
    f();
    return peak.load() - before;
}

std::size_t allocations_during(const std::function<void()>& f) {
    const std::size_t before = count.load();
    f();
    return count.load() - before;
}

}  // namespace claw::test

namespace {

// An inventory file of `n` ordinary entries (about 126 bytes each), as a user's would look.
std::string ordinary_inventory(std::size_t n) {
    static const char* const words[] = {"file", "read", "write", "edit", "web", "fetch", "search", "task", "agent",
                                        "notebook", "glob", "grep", "shell", "plan", "todo", "skill", "team", "cron",
                                        "remote", "config", "review", "commit", "branch", "memory", "resume"};
    std::mt19937_64 rng(n);
    std::string out = "[";
    for (std::size_t i = 0; i < n; ++i) {
        std::string name = std::string(words[rng() % std::size(words)]) + words[rng() % std::size(words)] + std::to_string(i);
        name[0] = static_cast<char>(name[0] - 32);
        std::string what;
        for (int w = 0; w < 5; ++w) what += std::string(w ? " " : "") + words[rng() % std::size(words)];
        out += std::string(i ? ",\n " : "\n ") + "{\"name\": \"" + name + "\", \"source_hint\": \"tools/" + name +
               ".ts\", \"responsibility\": \"" + what + "\"}";
    }
    return out + "\n]\n";
}

}  // namespace

TEST_CASE("the counting allocator sees the heap", "[routing]") {
    std::string* s = nullptr;
    CHECK(claw::test::peak_heap_during([&] { s = new std::string(100000, 'x'); }) >= 100000);
    delete s;
    CHECK(claw::test::allocations_during([] { delete new int(1); }) == 1);
}

TEST_CASE("loading and indexing an inventory takes at most 10 times the file size in memory", "[routing]") {
    const claw::test::temp_dir dir("claw-inventory-memory");
    const auto file = dir.path / "inventory.json";
    SECTION("20,000 ordinary entries") {
        const std::string text = ordinary_inventory(20000);
        claw::test::write_file(file, text);
        std::size_t entries = 0;
        const std::size_t peak_bytes = claw::test::peak_heap_during([&] { entries = claw::load_inventory(file).size(); });
        CHECK(entries == 20000);
        INFO("file " << text.size() << " bytes, peak heap " << peak_bytes << " bytes");
        CHECK(peak_bytes <= 10 * text.size());
    }
    SECTION("one entry of 4 MB") {
        std::mt19937_64 rng(4);
        std::string body;
        while (body.size() < (4u << 20)) body += std::string("word") + static_cast<char>('a' + rng() % 26) + " ";
        const std::string text = "[{\"name\": \"Big\", \"source_hint\": \"big.ts\", \"responsibility\": \"" + body + "\"}]";
        claw::test::write_file(file, text);
        std::size_t entries = 0;
        const std::size_t peak_bytes = claw::test::peak_heap_during([&] { entries = claw::load_inventory(file).size(); });
        CHECK(entries == 1);
        INFO("file " << text.size() << " bytes, peak heap " << peak_bytes << " bytes");
        CHECK(peak_bytes <= 10 * text.size());
    }
}

TEST_CASE("a file above the limit is refused before it is read", "[routing]") {
    const claw::test::temp_dir dir("claw-inventory-huge");
    const auto file = dir.path / "huge.json";
    {
        std::ofstream f(file, std::ios::binary);
        f.seekp(static_cast<std::streamoff>(claw::max_inventory_file_size));  // sparse: limit + 1 bytes
        f.put(']');
    }
    claw::test::refusal r;
    const std::size_t peak_bytes = claw::test::peak_heap_during(
        [&] { r = claw::test::refused<claw::inventory_error>([&] { (void)claw::load_inventory(file); }); });
    CHECK(r.code == claw::errc::too_large);
    CHECK(r.what == "inventory " + file.string() + ": has at least 67108865 bytes, more than the limit of 67108864 bytes");
    CHECK(peak_bytes < (1u << 20));
}
