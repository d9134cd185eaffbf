// SPDX-License-Identifier: MIT
// A runtime governed by permission rules: a settings file, an approver that answers `ask`
// decisions, and an audit log with one JSON line per decision. The rules replace the reference's
// policy here (no bash gate): that choice is made at compile time, in the runtime's type.
#include <claw/claw.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main() {
    // A workspace with its project settings.
    const std::filesystem::path workspace = std::filesystem::temp_directory_path() / "claw-rules-runtime-example";
    std::filesystem::create_directories(workspace / ".claw");
    std::ofstream(workspace / ".claw" / "settings.json") << R"json({
  "permissions": {
    "defaultMode": "default",
    "allow": ["Bash(git status)", "Bash(npm test *)", "Read(./src/**)"],
    "ask":   ["Bash(git push *)"],
    "deny":  ["Bash(rm *)", "Read(./.env)", "WebFetch(domain:*.evil.example)"]
  }
})json";

    claw::rules::load_options options;
    options.env.cwd = workspace.string();
    options.managed_file = std::filesystem::path();  // no managed layer in this example
    claw::basic_runtime<claw::rules_policy, claw::memory_store> rt(claw::builtin_commands(), claw::builtin_tools(),
                                                                   claw::rules_policy::load(options));

    // The audit log: one JSON object per decision (written to memory here; a file in practice).
    std::vector<std::string> audit;
    rt.set_audit_sink([&](std::string_view line) { audit.emplace_back(line); });
    // Subjects may hold secrets: show only their first word in the log.
    rt.set_redactor([](std::string_view, std::string_view subject) {
        return std::string(subject.substr(0, subject.find(' '))) + " ...";
    });

    const std::vector<std::pair<std::string, std::string>> requests{
        {"Bash", "git status"},
        {"Bash", "npm test --watch && rm -rf build"},
        {"Bash", "git push origin main"},
        {"Read", "src/main.cpp"},
        {"Read", ".env"},
        {"WebFetch", "https://api.evil.example/x"},
    };
    const auto show = [&](const char* when) {
        std::cout << when << '\n';
        for (const auto& [tool, subject] : requests) {
            const claw::decision d = rt.authorize(tool, subject);
            const char* word = d.allowed() ? "allow" : d.asks() ? "ask" : "deny";
            std::cout << "  " << word << " " << tool << " '" << subject << "': " << d.reason << '\n';
        }
    };
    show("without an approver (an ask becomes a deny):");
    // An approver: here it approves pushes to main and nothing else.
    rt.set_approver([](const claw::tool_request& r, const claw::decision&) {
        return r.input == "git push origin main";
    });
    show("with an approver:");
    std::cout << "audit lines: " << audit.size() << '\n' << "last: " << audit.back() << '\n';
    std::filesystem::remove_all(workspace);
}
