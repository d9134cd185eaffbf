// SPDX-License-Identifier: MIT
// Generated inventory files for the routing benchmarks and the memory measurement: many ordinary
// entries (about 126 bytes of JSON each, as a user's snapshot looks), or one entry with a huge
// responsibility. Deterministic for a given size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace claw::bench {

inline const char* const inventory_words[] = {
    "file",   "read",   "write",   "edit",   "web",     "fetch",   "search", "task",     "agent",  "notebook",
    "glob",   "grep",   "shell",   "plan",   "todo",    "skill",   "team",   "cron",     "remote", "config",
    "review", "commit", "branch",  "memory", "resume",  "export",  "model",  "cost",     "doctor", "hooks",
    "context", "session", "server", "resource", "prompt", "output", "status", "theme"};
inline constexpr std::size_t inventory_word_count = sizeof(inventory_words) / sizeof(inventory_words[0]);

/** JSON text of `n` entries: `{"name": "FetchPlan17", "source_hint": "tools/FetchPlan17.ts", ...}`. */
inline std::string ordinary_inventory_json(std::size_t n, std::uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    std::string out = "[";
    for (std::size_t i = 0; i < n; ++i) {
        std::string name = std::string(inventory_words[rng() % inventory_word_count]) +
                           inventory_words[rng() % inventory_word_count] + std::to_string(i);
        name[0] = static_cast<char>(name[0] - 32);
        std::string what;
        for (int w = 0; w < 5; ++w) what += std::string(w ? " " : "") + inventory_words[rng() % inventory_word_count];
        out += std::string(i ? ",\n " : "\n ") + "{\"name\": \"" + name + "\", \"source_hint\": \"tools/" + name +
               ".ts\", \"responsibility\": \"" + what + "\"}";
    }
    return out + "\n]\n";
}

/**
 * JSON text of one entry whose responsibility holds about `bytes` bytes: words of the list above
 * (`random_letters` false) or random lowercase letters (true, many more distinct sequences).
 */
inline std::string one_entry_inventory_json(std::size_t bytes, bool random_letters) {
    std::mt19937_64 rng(bytes);
    std::string body;
    body.reserve(bytes + 16);
    while (body.size() < bytes) {
        if (random_letters) {
            body += static_cast<char>('a' + rng() % 26);
        } else {
            body += inventory_words[rng() % inventory_word_count];
            body += ' ';
        }
    }
    return "[{\"name\": \"Big\", \"source_hint\": \"tools/Big.ts\", \"responsibility\": \"" + body + "\"}]\n";
}

inline void write_inventory_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace claw::bench
