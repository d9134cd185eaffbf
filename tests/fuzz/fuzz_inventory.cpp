// SPDX-License-Identifier: MIT
// Fuzz target: inventory text parsing. Any input either throws claw::inventory_error or yields an
// inventory whose lookups and searches hold for every entry.
#include <claw/routing/inventory.hpp>

#include <cstdint>
#include <cstdlib>
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
    } catch (const claw::inventory_error&) {
    }
    return 0;
}
