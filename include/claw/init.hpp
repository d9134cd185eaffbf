// SPDX-License-Identifier: MIT
// The `init` module: trust-gated deferred initialisation and the startup prefetch steps. Plugins,
// skills, MCP prefetch and session hooks are enabled only in a trusted context; the prefetch steps
// run whatever the trust, read nothing secret and open no network connection.
#pragma once

#include <claw/config.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** Whether the caller trusts the workspace and the prompt's origin. */
enum class trust : unsigned char { untrusted, trusted };

/** Which deferred subsystems an init policy enabled. */
struct deferred_init_result {
    bool trusted = false;
    bool plugin_init = false;
    bool skill_init = false;
    bool mcp_prefetch = false;
    bool session_hooks = false;
    friend constexpr bool operator==(const deferred_init_result&, const deferred_init_result&) = default;
};

/**
 * An init policy decides which deferred subsystems start.
 *
 * Requirements on a type `I`: a member `run(claw::trust)` returning `claw::deferred_init_result`.
 *
 * A complete exemplar:
 * @code
 * struct plugins_only_when_trusted {  // skills, MCP and hooks never start
 *     claw::deferred_init_result run(claw::trust t) {
 *         const bool trusted = t == claw::trust::trusted;
 *         return {trusted, trusted, false, false, false};
 *     }
 * };
 * static_assert(claw::init_policy<plugins_only_when_trusted>);
 * @endcode
 */
template <class I>
concept init_policy = requires(I& i, trust t) {
    { i.run(t) } -> std::same_as<deferred_init_result>;
};

/** The reference's policy: every subsystem is enabled exactly when the context is trusted. */
struct trust_gated_init {
    [[nodiscard]] constexpr deferred_init_result run(trust t) const noexcept {
        const bool trusted = t == trust::trusted;
        return {trusted, trusted, trusted, trusted, trusted};
    }
};

/** The null policy: nothing deferred ever starts, trusted or not. */
struct no_deferred_init {
    [[nodiscard]] constexpr deferred_init_result run(trust t) const noexcept {
        return {t == trust::trusted, false, false, false, false};
    }
};

/** The startup sequence, as the reference lists it. */
inline constexpr std::array<std::string_view, 6> startup_steps{
    "start top-level prefetch side effects", "build workspace context",    "load mirrored command snapshot",
    "load mirrored tool snapshot",          "prepare parity audit hooks", "apply trust-gated deferred init"};

/** Python's spelling of a boolean: `True` or `False`. */
constexpr const char* python_bool(bool b) noexcept { return b ? "True" : "False"; }

/** The reference's lines for a deferred-init result: `- plugin_init=True` and so on. Constant; never throws but allocation. */
inline std::array<std::string, 4> deferred_init_lines(const deferred_init_result& r) {
    return {std::string("- plugin_init=") + python_bool(r.plugin_init),
            std::string("- skill_init=") + python_bool(r.skill_init),
            std::string("- mcp_prefetch=") + python_bool(r.mcp_prefetch),
            std::string("- session_hooks=") + python_bool(r.session_hooks)};
}

/** One prefetch step of the startup sequence. */
struct prefetch_result {
    std::string name;
    bool started = false;
    std::string detail;
    std::size_t files_scanned = 0;  ///< for `project_scan`: regular files counted under the root
    bool scan_truncated = false;    ///< for `project_scan`: stopped at its limit with entries left
};

/**
 * How the bootstrap's project scan runs. The scan counts regular files below a root; its cost is
 * bounded by `max_entries` (folder entries of any kind visited), so starting it from `/` or a huge
 * checkout costs milliseconds, not seconds.
 */
struct project_scan_options {
    bool enabled = true;                                     ///< false: no scan, reported as disabled
    std::filesystem::path root = {};                         ///< empty: the current directory
    std::size_t max_entries = CLAW_PROJECT_SCAN_MAX_ENTRIES;  ///< entries visited before the scan stops
};

/** Simulated MDM raw read: touches nothing. Constant; never throws but allocation. */
inline prefetch_result start_mdm_raw_read() {
    return {"mdm_raw_read", true, "Simulated MDM raw-read prefetch for workspace bootstrap", 0, false};
}

/** Simulated keychain prefetch: reads no secret. Constant; never throws but allocation. */
inline prefetch_result start_keychain_prefetch() {
    return {"keychain_prefetch", true, "Simulated keychain prefetch for trusted startup path", 0, false};
}

/**
 * Scans the project root: counts regular files below it. Links are not followed, unreadable
 * folders are skipped, and the walk stops after `max_entries` entries of any kind, with
 * `scan_truncated` set when entries were left. The detail text is the reference's. Never throws
 * for file-system reasons: a root that cannot be read (missing, not a folder, unreadable, or a
 * path holding a NUL byte) counts 0 files; a folder that fails in the middle of the walk ends it
 * with the files counted so far. Throws only allocation.
 *
 * Complexity: O(min(entries below root, max_entries)): one `readdir` step per entry visited and
 * one `opendir` per folder entered; `stat`/`lstat` calls only on file systems whose listings do
 * not give entry types.
 */
inline prefetch_result start_project_scan(const std::filesystem::path& root,
                                          std::size_t max_entries = CLAW_PROJECT_SCAN_MAX_ENTRIES) {
    prefetch_result r{"project_scan", true, "Scanned project root " + root.string(), 0, false};
    // A NUL byte would cut the path short for the system calls and scan another folder: such a
    // root cannot be read, so it counts 0 files.
    if (root.native().find('\0') != std::string::npos) return r;
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(root, std::filesystem::directory_options::skip_permission_denied, ec);
    std::size_t visited = 0;
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (visited == max_entries) {
            r.scan_truncated = true;
            break;
        }
        ++visited;
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && !it->is_symlink(type_ec)) ++r.files_scanned;
    }
    return r;
}

/** The scan step as configured: the scan above, or a step that says it was disabled. Complexity and exceptions: as above. */
inline prefetch_result start_project_scan(const std::filesystem::path& root, const project_scan_options& options) {
    if (!options.enabled) return {"project_scan", false, "Project scan disabled by the application", 0, false};
    return start_project_scan(root, options.max_entries);
}

/** The outcome of the startup sequence: the three prefetch steps and the deferred init. */
struct setup_report {
    std::vector<prefetch_result> prefetches;
    deferred_init_result deferred_init;
    bool trusted = true;
    std::filesystem::path cwd;

    /** The reference's `Prefetches:` and `Deferred init:` sections, one string per line. O(size of the details); never throws but allocation. */
    std::vector<std::string> lines() const {
        std::vector<std::string> out{"Prefetches:"};
        for (const auto& p : prefetches) out.push_back("- " + p.name + ": " + p.detail);
        out.emplace_back();
        out.emplace_back("Deferred init:");
        for (auto& line : deferred_init_lines(deferred_init)) out.push_back(std::move(line));
        return out;
    }
};

/**
 * Runs the three prefetch steps on `root` (the scan as `scan` says; its own root, when set,
 * replaces `root`) and the init policy with the given trust.
 * Complexity: the project scan (at most `scan.max_entries` folder entries) plus one `init.run`.
 * Throws only what `init.run` throws, and allocation.
 */
template <class I = trust_gated_init>
    requires init_policy<std::remove_cvref_t<I>>
setup_report run_setup(const std::filesystem::path& root, trust t = trust::trusted, I&& init = I{},
                       const project_scan_options& scan = {}) {
    const bool trusted = t == trust::trusted;
    const std::filesystem::path& scanned = scan.root.empty() ? root : scan.root;
    return {{start_mdm_raw_read(), start_keychain_prefetch(), start_project_scan(scanned, scan)},
            init.run(t),
            trusted,
            scanned};
}

CLAW_END_NAMESPACE
