// SPDX-License-Identifier: MIT
// Fuzz target: session_from_json. Any input either throws claw::session_error or yields a session
// that writes back to text which reads back to the same session.
#include <claw/session/codec.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

// libFuzzer calls LLVMFuzzerTestOneInput; the replay test builds each target under its own name.
#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    claw::stored_session s;
    try {
        s = claw::session_from_json(text, "fuzz");
    } catch (const claw::session_error&) {
        return 0;
    }
    const std::string again = claw::to_python_json(s);  // valid UTF-8 was checked on the way in
    if (!(claw::session_from_json(again, "round trip") == s)) std::abort();
    return 0;
}
