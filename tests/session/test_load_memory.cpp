// SPDX-License-Identifier: MIT
// The memory of json_file_store::load is bounded: this file replaces the global allocation
// functions for the session test executable with ones that track the live heap (by usable block
// size) and its peak, and loads adversarial files of up to 64 MiB between two readings.
#include <claw/session.hpp>

#include "session_support.hpp"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <malloc.h>

namespace fs = std::filesystem;
using claw::json_file_store;

namespace {
std::atomic<bool> tracking{false};
std::atomic<std::int64_t> live{0}, peak{0};

void note_alloc(void* p) {
    if (!tracking.load(std::memory_order_relaxed)) return;
    const std::int64_t now = live.fetch_add(static_cast<std::int64_t>(::malloc_usable_size(p))) +
                             static_cast<std::int64_t>(::malloc_usable_size(p));
    std::int64_t seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
}
void note_free(void* p) {
    if (p && tracking.load(std::memory_order_relaxed)) live.fetch_sub(static_cast<std::int64_t>(::malloc_usable_size(p)));
}
void* allocate(std::size_t n) {
    void* p = std::malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    note_alloc(p);
    return p;
}
void release(void* p) noexcept {
    note_free(p);
    std::free(p);
}

// Peak heap growth (bytes) while `f` runs.
template <class F>
std::int64_t peak_during(F&& f) {
    live = 0;
    peak = 0;
    tracking = true;
    try {
        f();
    } catch (...) {
        tracking = false;
        throw;
    }
    tracking = false;
    return peak.load();
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    void* p = std::malloc(n ? n : 1);
    if (p) note_alloc(p);
    return p;
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }

namespace {
// The documented bound: 3 x the file + 100 bytes per message.
std::int64_t bound(std::uint64_t file_size, std::size_t messages) {
    return 3 * static_cast<std::int64_t>(file_size) + 100 * static_cast<std::int64_t>(messages);
}

std::string file_of(std::size_t count, const std::string& message, std::size_t pad_to = 0) {
    // `count` copies of "<message>", built by doubling (a loop of appends is slow in Debug).
    const std::string unit = "\"" + message + "\",";
    std::string items;
    items.reserve(unit.size() * count);
    std::string block = unit;
    for (std::size_t left = count; left > 0; left >>= 1) {
        if (left & 1) items += block;
        if (left > 1) block += block;
    }
    if (!items.empty()) items.pop_back();  // the last comma
    std::string text = "{\"session_id\": \"m\", \"messages\": [" + items + "], \"input_tokens\": 0, \"output_tokens\": 0}";
    if (text.size() < pad_to) text.append(pad_to - text.size(), ' ');
    return text;
}
}  // namespace

TEST_CASE("the tracking allocator sees the heap", "[session][memory]") {
    const auto p = peak_during([] { std::string s(1 << 20, 'x'); });
    CHECK(p >= (1 << 20));
}

TEST_CASE("load's memory is bounded by the file size and the message cap", "[session][memory]") {
    claw::test::temp_dir dir("claw-load-memory");
    const json_file_store store(dir.path, claw::durability::none);
    const std::uint64_t limit = store.max_file_size();

    SECTION("64 MiB of empty messages is refused at the message cap, without gigabytes") {
        const std::size_t count = (limit - 128) / 3;  // "", : three bytes each
        claw::test::write_file(dir.path / "m.json", file_of(count, "", static_cast<std::size_t>(limit)));
        std::error_code code;
        const auto used = peak_during([&] {
            try {
                (void)store.load("m");
            } catch (const claw::session_error& e) {
                code = e.code();
            }
        });
        INFO("peak " << used << " bytes for a " << limit << "-byte file");
        CHECK(code == claw::errc::too_large);
        CHECK(used <= bound(limit, claw::max_session_messages));
        CHECK(used < 300ll << 20);
    }
    SECTION("the most messages allowed, each just long enough to need its own block") {
        const std::string text = file_of(claw::max_session_messages, std::string(16, 'm'));
        claw::test::write_file(dir.path / "m.json", text);
        std::size_t loaded = 0;
        const auto used = peak_during([&] { loaded = store.load("m").messages.size(); });
        INFO("peak " << used << " bytes for a " << text.size() << "-byte file");
        CHECK(loaded == claw::max_session_messages);
        CHECK(used <= bound(text.size(), loaded));
        // One more message is refused by load, and save refuses to write it.
        claw::test::write_file(dir.path / "m.json", file_of(claw::max_session_messages + 1, ""));
        CHECK(claw::test::refused<claw::session_error>([&] { (void)store.load("m"); }).code == claw::errc::too_large);
        claw::stored_session over{"n", std::vector<std::string>(claw::max_session_messages + 1), 0, 0};
        const auto r = claw::test::refused<claw::session_error>([&] { (void)store.save(over); });
        CHECK(r.code == claw::errc::too_large);
        CHECK(r.what.find("CLAW_MAX_SESSION_MESSAGES") != std::string::npos);
        CHECK_FALSE(fs::exists(dir.path / "n.json"));
    }
    SECTION("one message of almost 64 MiB") {
        const std::string text = file_of(1, std::string(static_cast<std::size_t>(limit) - 200, 'x'));
        claw::test::write_file(dir.path / "m.json", text);
        const auto used = peak_during([&] { CHECK(store.load("m").messages.size() == 1); });
        INFO("peak " << used << " bytes for a " << text.size() << "-byte file");
        CHECK(used <= bound(text.size(), 1));
    }
}
