// SPDX-License-Identifier: MIT
// Fuzz target: the text module on arbitrary bytes. Checks the invariants that tie its functions
// together: streamed and batch lowering agree, validity is preserved, token counts match splits,
// JSON escaping of valid text is ASCII.
#include <claw/text.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

// libFuzzer calls LLVMFuzzerTestOneInput; the replay test builds each target under its own name.
#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    const std::string low = claw::text::lower(s);
    if (!claw::text::lower_equals(s, low)) std::abort();
    if (claw::text::is_valid_utf8(s) != claw::text::is_valid_utf8(low)) std::abort();
    char buf[64];
    const std::size_t n = claw::text::lower_prefix(s, buf, sizeof buf);
    if (std::string_view(buf, n) != std::string_view(low).substr(0, n)) std::abort();
    if (claw::text::token_count(s) != claw::text::split(s).size()) std::abort();
    const std::string r = claw::text::repr(s);
    if (r.size() < 2) std::abort();
    const std::string j = claw::text::json_string(s);
    for (const char c : j)
        if (static_cast<unsigned char>(c) >= 0x80) std::abort();
    return 0;
}
