// SPDX-License-Identifier: MIT
// Fuzz target: route_prompt. The input is split into entries (lines of name|hint|text) and a
// prompt; the router must return at most `limit` matches, each with a positive score, and the
// inventory's substring index must find, for every prompt token, exactly the entries a plain
// search of each lowercased field finds (so a match's score is the plain one).
#include <claw/routing/router.hpp>
#include <claw/text/lower.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

// libFuzzer calls LLVMFuzzerTestOneInput; the replay test builds each target under its own name.
#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const int limit = data[0] % 16;
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto cut = rest.find('\0');
    const std::string_view prompt = rest.substr(0, cut);
    std::vector<claw::module_entry> commands, tools;
    if (cut != std::string_view::npos) {
        std::string_view lines = rest.substr(cut + 1);
        bool tool = false;
        while (!lines.empty()) {
            const auto nl = lines.find('\n');
            const std::string_view line = lines.substr(0, nl);
            const auto a = line.find('|');
            const auto b = a == std::string_view::npos ? a : line.find('|', a + 1);
            claw::module_entry e{std::string(line.substr(0, a)),
                                 b == std::string_view::npos ? "" : std::string(line.substr(b + 1)),
                                 a == std::string_view::npos ? "" : std::string(line.substr(a + 1, b - a - 1))};
            (tool ? tools : commands).push_back(std::move(e));
            tool = !tool;
            if (nl == std::string_view::npos) break;
            lines.remove_prefix(nl + 1);
        }
    }
    const claw::inventory c(commands), t(tools);
    const auto matches = claw::route_prompt(prompt, c, t, limit);
    if (matches.size() > static_cast<std::size_t>(limit)) std::abort();
    for (const auto& m : matches)
        if (m.score <= 0) std::abort();
    for (const claw::inventory* inv : {&c, &t}) {
        std::vector<std::string> lowered;  // each entry's fields, lowercased one by one
        for (const auto& e : *inv)
            for (const std::string* f : {&e.name, &e.source_hint, &e.responsibility}) lowered.push_back(claw::text::lower(*f));
        for (const auto& token : claw::prompt_tokens(prompt)) {
            std::vector<std::size_t> found;
            inv->for_each_containing(token, [&](std::size_t i) { found.push_back(i); });
            std::size_t next = 0;
            for (std::size_t i = 0; i < inv->size(); ++i) {
                const bool holds = lowered[3 * i].find(token) != std::string::npos ||
                                   lowered[3 * i + 1].find(token) != std::string::npos ||
                                   lowered[3 * i + 2].find(token) != std::string::npos;
                if (holds != (next < found.size() && found[next] == i)) std::abort();
                next += holds;
            }
            if (next != found.size()) std::abort();
        }
    }
    return 0;
}
