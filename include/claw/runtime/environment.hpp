// SPDX-License-Identifier: MIT
// What the runtime says about where it runs: claw-cpp's version and compiler, the platform, and
// the reference's `# System Init` message. Used by session reports and by the report module.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/lines.hpp>
#include <claw/detail/os.hpp>
#include <claw/init.hpp>
#include <claw/routing/inventory.hpp>
#include <claw/routing/selection.hpp>
#include <claw/version.hpp>

#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** What runs the session: claw-cpp's version and the compiler that built it. Constant; never throws but allocation. */
inline std::string runtime_description() {
    std::string compiler =
#if defined(__clang__)
        "Clang " __clang_version__;
#elif defined(__GNUC__)
        "GCC " __VERSION__;
#else
        "unknown compiler";
#endif
    return std::string("claw-cpp ") + version + " (" + compiler + ", C++" + std::to_string(__cplusplus / 100 % 100) + ")";
}

/** The operating system, like Python's `platform.platform()`: `Linux-6.1.0-x86_64`. One `uname`; `unknown` when it fails. Never throws but allocation. */
inline std::string platform_name() { return detail::os::platform(); }

/** The reference's `# System Init` message for the given inventories and trust. O(n log n) for the distinct command names of n entries; never throws but allocation. */
inline std::string system_init_message(const inventory& commands, const inventory& tools, bool trusted) {
    std::vector<std::string> lines{"# System Init",
                                   "",
                                   std::string("Trusted: ") + python_bool(trusted),
                                   "Built-in command names: " + std::to_string(distinct_names(commands)),
                                   "Loaded command entries: " + std::to_string(commands.size()),
                                   "Loaded tool entries: " + std::to_string(tools.size()),
                                   "",
                                   "Startup steps:"};
    for (const auto step : startup_steps) lines.push_back("- " + std::string(step));
    return detail::join_lines(lines);
}

CLAW_END_NAMESPACE
