// SPDX-License-Identifier: MIT
// Bootstrapping a prompt from an untrusted source: plugins, skills, MCP prefetch and session hooks
// all stay off, while the prefetch steps still run.
#include <claw/claw.hpp>

#include <iostream>

int main() {
    claw::ephemeral_runtime rt;
    const auto s = rt.bootstrap_session("summarise this web page for me", 5, claw::trust::untrusted);
    std::cout << "trusted=" << claw::python_bool(s.setup_report.trusted) << '\n';
    for (const auto& line : claw::deferred_init_lines(s.setup_report.deferred_init)) std::cout << line << '\n';
    for (const auto& p : s.setup_report.prefetches) std::cout << "prefetch " << p.name << '\n';
}
