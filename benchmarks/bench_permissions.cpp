// SPDX-License-Identifier: MIT
// Permission checks for every shipped policy: deny lists of 0, 16+16, 1,000+1,000 and
// 10,000+10,000 names and prefixes on names that hit and miss, ASCII and non-ASCII; the bash gate;
// the default permissions; all_of of three; the compile-time deny list.
#include <claw/bench/permission_bench.hpp>

#include <claw/permissions.hpp>

#include <random>

namespace {

// Deny lists that look like real tool names: CamelCase words, some with accented letters.
struct deny_lists {
    std::vector<std::string> names, prefixes;
};

std::string tool_like(std::mt19937_64& rng, bool non_ascii) {
    static const char* words[] = {"File", "Read", "Write", "Edit", "Web", "Fetch", "Search", "Task", "Agent", "Note",
                                  "Glob", "Grep", "Shell", "Plan", "Todo", "Skill", "Team", "Cron", "Remote", "Config"};
    std::string s;
    const int n = 2 + static_cast<int>(rng() % 2);
    for (int i = 0; i < n; ++i) s += words[rng() % 20];
    if (non_ascii) s = "\u00c9diteur" + s + "F\u00fcr\u00efn";
    return s + std::to_string(rng() % 100000) + "Tool";
}

deny_lists make_lists(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    deny_lists l;
    for (std::size_t i = 0; i < n; ++i) {
        l.names.push_back(tool_like(rng, i % 4 == 0));
        l.prefixes.push_back("mcp__srv" + std::to_string(i) + (i % 4 == 0 ? "\u00e9" : "") + "__");
    }
    return l;
}

std::vector<std::string> queries(const deny_lists& l, bool hit, bool non_ascii, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < 64; ++i) {
        if (hit && !l.names.empty()) {
            std::string n = (i % 2 || l.prefixes.empty()) ? l.names[rng() % l.names.size()]
                                                          : l.prefixes[rng() % l.prefixes.size()] + "read_file";
            if (!non_ascii) {
                // Upper-case the ASCII letters so the check must fold case.
                for (auto& c : n)
                    if (c >= 'a' && c <= 'z' && (rng() & 1)) c = static_cast<char>(c - 32);
            }
            out.push_back(n);
        } else {
            out.push_back(tool_like(rng, non_ascii));
        }
    }
    return out;
}

const bool registered = [] {
    for (const std::size_t n : {std::size_t{0}, std::size_t{16}, std::size_t{1000}, std::size_t{10000}}) {
        const deny_lists lists = make_lists(n, 1000 + n);
        const auto factory = [lists] { return claw::tool_permission_context::from_iterables(lists.names, lists.prefixes); };
        const std::string size = std::to_string(n) + "+" + std::to_string(n);
        for (const bool non_ascii : {false, true}) {
            const std::string script = non_ascii ? "non_ascii" : "ascii";
            if (n > 0)
                claw::bench::register_permission_benchmarks<claw::tool_permission_context>(
                    "deny_list/" + size + "/hit/" + script, factory, queries(lists, true, non_ascii, 7));
            claw::bench::register_permission_benchmarks<claw::tool_permission_context>(
                "deny_list/" + size + "/miss/" + script, factory, queries(lists, false, non_ascii, 9));
        }
    }
    const std::vector<std::string> gate_names{"BashTool", "FileReadTool", "SubBASHRunner", "mcp__server__list_tools",
                                              "NotebookEditTool", "bash", "WebFetchTool", "TodoWriteToolForProjects",
                                              "ListMcpResourcesTool", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxbash"};
    claw::bench::register_permission_benchmarks<claw::bash_gate>("bash_gate/up_to_32_bytes", [] { return claw::bash_gate{}; },
                                                                 gate_names);
    claw::bench::register_permission_benchmarks<claw::default_permissions>(
        "default_permissions/16+16", [] {
            const auto l = make_lists(16, 1016);
            return claw::default_permissions{claw::bash_gate{}, claw::tool_permission_context::from_iterables(l.names, l.prefixes)};
        },
        gate_names);
    using three = claw::all_of<claw::bash_gate, claw::static_deny_prefixes<"mcp__">, claw::tool_permission_context>;
    claw::bench::register_permission_benchmarks<three>(
        "all_of_three/16+16", [] {
            const auto l = make_lists(16, 1016);
            return three{claw::bash_gate{}, {}, claw::tool_permission_context::from_iterables(l.names, l.prefixes)};
        },
        gate_names);
    using fixed = claw::static_deny_list<"BashTool", "PowerShellTool", "WebFetchTool", "\u00c9DITEURTOOL">;
    claw::bench::register_permission_benchmarks<fixed>("static_deny_list/4", [] { return fixed{}; }, gate_names);
    return true;
}();

}  // namespace
