// SPDX-License-Identifier: MIT
// Fuzz target: inventory text parsing. Any input either throws claw::inventory_error with a
// one-line message naming the source, or yields an inventory whose lookups and searches hold for
// every entry (the substring index finds every entry in the text cut from its own fields).
#include <claw/routing/inventory.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

// libFuzzer calls LLVMFuzzerTestOneInput; the replay test builds each target under its own name.
#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const claw::inventory inv = claw::inventory::from_json(text, "fuzz");
        for (const auto& e : inv) {
            const claw::module_entry* found = inv.get(e.name);
            if (!found || claw::text::lower(found->name) != claw::text::lower(e.name)) std::abort();
            if (inv.find(e.name, inv.size()).empty()) std::abort();
        }
        for (std::size_t i = 0; i < inv.size(); ++i) {
            // Every piece of an entry's lowercased name (no newline in it) finds that entry.
            const std::string_view name = inv.lowered_name(i);
            for (std::size_t from = 0; from < name.size() && from < 8; ++from) {
                const std::string_view piece = name.substr(from, 1 + (from * 7 + i) % 5);
                if (piece.find('\n') != std::string_view::npos) continue;
                bool found = false;
                inv.for_each_containing(piece, [&](std::size_t j) { found = found || j == i; });
                if (!found) std::abort();
            }
        }
    } catch (const claw::inventory_error& e) {
        const std::string what = e.what();
        if (what.rfind("inventory fuzz: ", 0) != 0 || what.find_first_of("\n\r") != std::string::npos) std::abort();
    }
    return 0;
}
