// SPDX-License-Identifier: MIT
// `claw::rules_policy`: allow / ask / deny rules as people write them (`Bash(npm run test *)`,
// `Read(./.env)`, `WebFetch(domain:example.com)`, `mcp__github__*`), under a permission mode, from
// layered settings (RULES.md). Rules are compiled once; a check is noexcept, allocation-free, and
// explains itself with a `decision_record`.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/os.hpp>
#include <claw/domains.hpp>
#include <claw/domains/idna.hpp>
#include <claw/error.hpp>
#include <claw/init.hpp>
#include <claw/paths.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/permissions/rules/context.hpp>
#include <claw/permissions/rules/decision_record.hpp>
#include <claw/permissions/rules/detail/json_args.hpp>
#include <claw/permissions/rules/rule_text.hpp>
#include <claw/permissions/rules/settings.hpp>
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/permissions/rules/tools.hpp>
#include <claw/permissions/rules/vocabulary.hpp>
#include <claw/shell.hpp>
#include <claw/text/repr.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** Where the policy runs: directories and the tool registry, fixed when it is built. */
struct environment {
    std::string cwd;   ///< working directory and workspace root; empty: the current directory
    std::string home;  ///< home directory (`~/`); empty: `$HOME`
    /** Roots given by the application (`--add-dir`); relative ones are relative to `cwd`. */
    std::vector<std::string> additional_directories;
    tool_registry tools = tool_registry::builtin();
    /** What a deny rule does when it applies only because argv0 is unknown (S7.4 `deny_opaque_program`). */
    verdict opaque_program = verdict::deny;
    /** Absolute paths that count as their program name for allow rules (`/usr/bin/git` for `git`). */
    std::vector<std::string> host_executables;
    /**
     * Resolve symbolic links in paths (S8.3). Turn off only for virtual paths in tests. On, a check
     * reads the file system, and nothing else: `fstatat`/`readlinkat` along each path, the entries
     * of the folders a shell glob expands in (`getdents64`, bounded by `CLAW_PATH_GLOB_MAX_ENTRIES`),
     * and one `stat` of each folder operand of `diff`. A path is read only when a check looks at
     * where it leads: a deny or ask path rule, a write, or a read that neither an allow rule covers
     * nor a floor decides (with only `Bash(...)` rules, `cat notes.txt` under `Bash(cat *)` reads
     * nothing). The workspace roots (`cwd`, the additional directories) are resolved once, when
     * the policy is built: a root that then exists and holds no link is not examined again below
     * it (a root replaced later by a link is not seen; build a new policy after moving a
     * workspace).
     */
    bool resolve_symlinks = true;
};

/** How `rules_policy::load` finds and reads the settings (the options of `claw-port check`). */
struct load_options {
    environment env;
    /** Settings files of the `cli` layer, highest precedence first (`--settings`). */
    std::vector<std::filesystem::path> settings_files;
    /** The managed layer's file; unset: /etc/claw/managed-settings.json when it exists; empty: none. */
    std::optional<std::filesystem::path> managed_file;
    /** Read the user, project and local files (S2.1 discovery). */
    bool discover = true;
    /** A mode that overrides every file (`--mode`); validated like a file's. */
    std::optional<std::string> mode;
    /** Also read `CLAW_PERMISSION_MODE` from the environment (below `mode`, above the files). */
    bool mode_from_environment = false;
    /** The default request context: trust and interaction of the session. */
    request_context context;
};

namespace detail {

enum class spec_kind : unsigned char { bare, shell, path, domain, agent, exact, param };
enum class target_kind : unsigned char { tool, mcp, name_glob, name };

// A compiled rule. `order` is its position in evaluation order; reasons are precomputed so that a
// check never builds a string.
struct compiled_rule {
    std::uint32_t entry = 0;  // index into permission_settings::rules
    rule_list list = rule_list::allow;
    target_kind target = target_kind::tool;
    spec_kind spec = spec_kind::bare;
    path_family family = path_family::none;  // for path rules: which facts it reads
    bool needs_trust = false;
    std::uint32_t payload = 0;  // index into the storage of its kind
    // "approval required ... — rule '...' [list #i, layer file]": the reason is its tail.
    std::string reasons;
    std::size_t reason_at = 0;
    std::string_view reason() const noexcept { return {reasons.data() + reason_at, reasons.size() - reason_at}; }
    std::string_view reason_noninteractive() const noexcept { return reasons; }
};

struct param_spec {
    std::string name;
    std::string value;  // glob: `*` matches any run
};

// Glob over bytes where only `*` is special; `fold` compares ASCII case-insensitively.
constexpr bool star_match(std::string_view pat, std::string_view s, bool fold) noexcept {
    std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
    while (i < s.size()) {
        if (p < pat.size() && pat[p] == '*') {
            star = p++;
            mark = i;
        } else if (p < pat.size() && (fold ? ascii_lower(pat[p]) == ascii_lower(s[i]) : pat[p] == s[i])) {
            ++p;
            ++i;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            i = ++mark;
        } else {
            return false;
        }
    }
    while (p < pat.size() && pat[p] == '*') ++p;
    return p == pat.size();
}

// Per-thread scratch storage of a check: large, so never on the stack, and reused.
struct scratch {
    shell::analysis analysis;
    json_args args;
    std::array<char, CLAW_RULES_MAX_INPUT_BYTES> subject;
    std::array<char, 4096> param;
    paths::candidate_set candidates;
    paths::path_buffer path;
    paths::path_buffer cwd;
    std::array<paths::path_buffer, 2 * CLAW_RULES_MAX_CWD_CHOICES> cwd_choices;  // two generations
    paths::glob_path glob;
    paths::glob_expansion_scratch expansion;            // a glob's names as listed on the disk
    std::array<char, paths::path_max * 2 + 2> joined;  // a glob's folder joined with its names
    std::array<char, paths::path_max> tail;             // the names ending an opaque path
    std::array<char, paths::path_max * 2 + 2> link;     // a symbolic link's target from its folder
};

// A word whose text is a shell glob or brace pattern and nothing else unknown (S6.3): its
// expansions can be bounded from the text.
inline bool shell_glob_word(const shell::word& w) noexcept {
    if ((w.flags & (shell::word_flags::glob | shell::word_flags::brace)) == 0) return false;
    if ((w.flags & (shell::word_flags::expansion | shell::word_flags::substitution | shell::word_flags::lit_or_opaque |
                    shell::word_flags::synthetic)) != 0)
        return false;
    const std::string_view t = w.text;
    return t.empty() || t[0] != '~' || t.size() == 1 || t[1] == '/';
}

inline scratch& thread_scratch() noexcept {
    static thread_local scratch s;
    return s;
}

// The reasons that are not a rule's: one string per (mode, situation), with a non-interactive form.
enum class baseline : unsigned char {
    read_inside,
    read_outside,
    exec_read_only,
    exec_filesystem,
    exec_other,
    write_inside,
    write_outside,
    network,
    tool_read_only,
    tool_other,
    count
};

enum class floor_reason : unsigned char {
    critical_path,
    protected_path,
    incomplete,
    opaque_program,
    unknown_write,
    sandbox_escape,
    non_http_scheme,
    non_ascii_host,
    unc_path,
    cd_then_git,
    link_made,
    count
};

}  // namespace detail
}  // namespace rules

/**
 * The rules policy. Satisfies `permission_policy`; composes with `all_of` like any other.
 *
 * @code
 * auto policy = claw::rules_policy::from_json(R"({"permissions": {
 *     "allow": ["Bash(npm run test *)", "Edit(./src)"],
 *     "deny":  ["Bash(rm *)", "Read(./.env)"],
 *     "defaultMode": "default"}})");
 * assert(policy.check({"Bash", "npm run test --watch"}).allowed());
 * assert(policy.check({"Bash", "npm test && rm -rf build"}).denied());
 * @endcode
 *
 * Thread safety: `check` is const and may run on any number of threads at once (its scratch
 * storage is per thread, about 1.5 MiB each). A check may read the file system: `lstat` and
 * `readlink` of the components of paths it is asked about (symbolic-link resolution, S8.3);
 * nothing else, and it never writes.
 */
class rules_policy {
public:
    /** An empty policy: no rules, mode `default`, the current directory as the workspace. */
    rules_policy() : rules_policy(rules::permission_settings{}, rules::environment{}, rules::request_context{}) {}

    /**
     * One settings text as the `cli` layer: trusted, interactive, the current directory as the
     * workspace, the mode from the JSON or `default`.
     * @throws rules::settings_error naming `<json>`, the JSON pointer and the cause.
     */
    [[nodiscard]] static rules_policy from_json(std::string_view settings_json, rules::environment env = {}) {
        rules::settings_input in;
        in.layer = rules::settings_layer::cli;
        in.name = "<json>";
        in.text = std::string(settings_json);
        in.anchor_dir = resolve_cwd(env.cwd);
        return rules_policy(rules::merge_settings({std::move(in)}), std::move(env), rules::request_context{});
    }

    /**
     * Discovers and loads the layers (S2.1): managed, `cli` (`settings_files`), local
     * `<cwd>/.claw/settings.local.json`, project `<cwd>/.claw/settings.json` and `<cwd>/.claw.json`,
     * user `<home>/.claw/settings.json` and `<home>/.claw.json`.
     * @throws rules::settings_error for the first file that cannot be used: never a partial policy.
     */
    [[nodiscard]] static rules_policy load(rules::load_options options = {}) {
        using rules::settings_layer;
        const std::string cwd = resolve_cwd(options.env.cwd);
        const std::string home = resolve_home(options.env.home);
        std::vector<rules::settings_input> inputs;
        const auto add = [&](settings_layer layer, const std::filesystem::path& file, bool required,
                             const std::string& anchor, bool needs_trust) {
            std::error_code ec;
            const bool present = std::filesystem::exists(file, ec);
            // A file that cannot be examined (a loop of links, no permission) is not absent: its
            // deny rules would be lost. Fail closed.
            if (ec) throw rules::settings_error(ec, file.string(), "", 0, "cannot examine the file: " + ec.message());
            if (!required && !present) return;
            rules::settings_input in;
            in.layer = layer;
            in.name = file.string();
            in.text = rules::read_settings_file(file);
            in.anchor_dir = anchor;
            in.needs_trust = needs_trust;
            inputs.push_back(std::move(in));
        };
        if (options.managed_file) {
            if (!options.managed_file->empty()) add(settings_layer::managed, *options.managed_file, true, "/", false);
        }
        else
            add(settings_layer::managed, "/etc/claw/managed-settings.json", false, "/", false);
        for (const auto& f : options.settings_files) {
            // A relative --settings file is relative to the process's working directory, like any
            // command-line path; failing to read that directory is an error naming the file.
            std::error_code ec;
            const std::filesystem::path abs = std::filesystem::absolute(f, ec);
            if (ec) throw rules::settings_error(ec, f.string(), "", 0, "cannot make the path absolute: " + ec.message());
            add(settings_layer::cli, f, true, abs.parent_path().lexically_normal().string(), false);
        }
        if (options.discover) {
            const std::filesystem::path dir = std::filesystem::path(cwd) / ".claw";
            add(settings_layer::local, dir / "settings.local.json", false, cwd, local_needs_trust(cwd));
            add(settings_layer::project, dir / "settings.json", false, cwd, true);
            add(settings_layer::project, std::filesystem::path(cwd) / ".claw.json", false, cwd, true);
            if (!home.empty()) {
                const std::string user_anchor = (std::filesystem::path(home) / ".claw").string();
                add(settings_layer::user, std::filesystem::path(home) / ".claw" / "settings.json", false, user_anchor, false);
                add(settings_layer::user, std::filesystem::path(home) / ".claw.json", false, user_anchor, false);
            }
        }
        std::optional<rules::permission_mode> mode;
        std::string origin;
        const auto take_mode = [&](const std::string& text, const std::string& where) {
            const auto m = rules::parse_mode(text);
            if (!m)
                throw rules::settings_error(errc::invalid_argument, where, "", 0,
                                            "unknown permission mode " + text::repr(text) +
                                                " (read-only, default, workspace-write, danger-full-access or "
                                                "dont-ask, or an alias)");
            mode = m;
            origin = where;
        };
        if (options.mode) {
            take_mode(*options.mode, "--mode");
        } else if (options.mode_from_environment) {
            if (const char* e = std::getenv("CLAW_PERMISSION_MODE"); e && *e) take_mode(e, "env CLAW_PERMISSION_MODE");
        }
        options.env.cwd = cwd;
        options.env.home = home;
        return rules_policy(rules::merge_settings(std::move(inputs), mode, origin), std::move(options.env), options.context);
    }

    /**
     * Builds the policy from merged settings. Runs the settings' inline tests (S2.9).
     * @throws rules::settings_error for a rule that does not compile, a failed inline test, or a
     *         warning when the settings are `strict`.
     */
    rules_policy(rules::permission_settings settings, rules::environment env, rules::request_context context)
        : settings_(std::move(settings)), env_(std::move(env)), context_(context) {
        env_.cwd = resolve_cwd(env_.cwd);
        env_.home = resolve_home(env_.home);
        build_reasons();
        build_roots();
        fold_allow_ = paths::probe_case_sensitivity(env_.cwd) == paths::case_sensitivity::insensitive;
        compile_rules();
        if (!context_.trusted && settings_.untrusted_note) settings_.warnings.push_back(*settings_.untrusted_note);
        if (settings_.strict && !settings_.warnings.empty()) {
            const auto& w = settings_.warnings.front();
            throw rules::settings_error(errc::invalid_argument, w.file, w.pointer, w.line,
                                        w.message + " (an error because the settings are strict)");
        }
        run_inline_tests();
    }

    rules_policy(const rules_policy&) = delete;
    rules_policy& operator=(const rules_policy&) = delete;
    rules_policy(rules_policy&&) noexcept = default;
    rules_policy& operator=(rules_policy&&) noexcept = default;

    /** The permission_policy form: the policy's default context. noexcept, no allocation. */
    [[nodiscard]] decision check(const tool_request& r) const noexcept { return check(r, context_, nullptr); }

    /**
     * The full form (S1.3): decides `r` under `ctx` and, when `out` is not null, explains the
     * decision in it. Evaluation per RULES.md S13: deny rules, mode ceilings, floors, ask rules,
     * then allow rules or the mode baseline for every fact, the override, and interaction.
     * noexcept, allocation-free; may call `lstat`/`readlink` (see the class comment).
     */
    [[nodiscard]] decision check(const tool_request& r, const rules::request_context& ctx,
                                 rules::decision_record* out) const noexcept;

    /** The merged settings (rules with their sources, mode, directories, warnings). */
    const rules::permission_settings& settings() const noexcept { return settings_; }
    /** Load-time warnings (S2.8). */
    const std::vector<rules::load_warning>& warnings() const noexcept { return settings_.warnings; }
    /** The effective mode for a trusted or untrusted workspace. */
    rules::permission_mode mode(bool trusted = true) const noexcept {
        return trusted ? settings_.mode_trusted : settings_.mode_untrusted;
    }
    const rules::environment& environment() const noexcept { return env_; }
    /** The context the simple `check` uses. */
    const rules::request_context& default_context() const noexcept { return context_; }
    void set_default_context(const rules::request_context& ctx) noexcept { context_ = ctx; }
    /** The workspace roots (canonical) for a trusted or untrusted workspace. */
    const std::vector<std::string>& roots(bool trusted = true) const noexcept {
        return trusted ? roots_trusted_ : roots_untrusted_;
    }
    /** The rule info for a record (views into this policy). */
    rules::rule_info rule_at(std::size_t compiled) const noexcept;

private:
    using compiled_rule = rules::detail::compiled_rule;

    static std::string resolve_cwd(const std::string& cwd) {
        if (!cwd.empty()) return std::filesystem::path(cwd).lexically_normal().string();
        std::error_code ec;
        const auto p = std::filesystem::current_path(ec);
        if (ec) throw error(ec, "rules policy: cannot determine the current directory: " + ec.message());
        return p.string();
    }
    static std::string resolve_home(const std::string& home) {
        if (!home.empty()) return std::filesystem::path(home).lexically_normal().string();
        const char* h = std::getenv("HOME");
        return h ? std::string(h) : std::string();
    }

    // A local settings file reached through a symbolic link, or tracked by git, came with the
    // repository: its allow rules need trust like the project's (S2.4). Unsure counts as tracked.
    static bool local_needs_trust(const std::string& cwd) {
        const std::filesystem::path dir = std::filesystem::path(cwd) / ".claw";
        std::error_code ec;
        if (std::filesystem::is_symlink(dir, ec) || std::filesystem::is_symlink(dir / "settings.local.json", ec))
            return true;
        const std::filesystem::path index = std::filesystem::path(cwd) / ".git" / "index";
        const bool has_index = std::filesystem::exists(index, ec);
        if (ec) return true;
        if (!has_index) return false;
        std::string bytes;
        try {
            bytes = rules::read_settings_file(index);
        } catch (const error&) {
            return true;
        }
        if (bytes.size() < 12 || bytes.compare(0, 4, "DIRC") != 0) return true;
        const auto version = static_cast<unsigned>(static_cast<unsigned char>(bytes[7]));
        if (version != 2 && version != 3) return true;  // v4 compresses paths: cannot tell cheaply
        return bytes.find(std::string_view(".claw/settings.local.json\0", 26)) != std::string::npos;
    }

    void build_reasons();
    void build_roots();
    void compile_rules();
    void compile_rule(std::uint32_t entry_index);
    void run_inline_tests();
    void warn(const rules::rule_entry& e, std::string message) {
        settings_.warnings.push_back({settings_.sources[e.source].name, e.pointer, e.line, std::move(message)});
    }

    // ---- evaluation (definitions below the class)
    struct evaluation;
    bool active(const compiled_rule& r, const rules::request_context& ctx) const noexcept {
        return !r.needs_trust || ctx.trusted;
    }
    bool params_match(const compiled_rule& r, const rules::detail::json_args* args) const noexcept;
    bool inside_roots(const paths::candidate_set& c, bool trusted) const noexcept;
    bool critical_target(std::string_view path, bool trusted) const noexcept;
    static bool is_protected(std::string_view path) noexcept;
    template <class F>
    void for_each_target_rule(const rules::tool_info* tool, std::string_view name, F&& f) const noexcept;
    void tool_rules(evaluation& ev, const rules::tool_info* tool, std::string_view name,
                    const rules::detail::json_args* args, std::string_view subject) const noexcept;
    void check_shell(evaluation& ev, std::string_view subject) const noexcept;
    void check_path_tool(evaluation& ev, std::string_view subject, const rules::tool_info& tool) const noexcept;
    struct path_input;
    void glob_pattern_folder(evaluation& ev, path_input in, std::string_view path, std::string_view parameter) const noexcept;
    void check_web_fetch(evaluation& ev, std::string_view subject) const noexcept;
    void check_other(evaluation& ev, const rules::tool_info* tool) const noexcept;
    void path_fact(evaluation& ev, const path_input& in) const noexcept;
    void known_value_fact(evaluation& ev, const path_input& in, const shell::word& w, std::string_view text) const noexcept;
    void link_target(path_input& in, const shell::word& place, const shell::path_operand& op) const noexcept;
    void shell_operands(evaluation& ev, const shell::analysis& a, const shell::command& c, std::string_view cwd,
                        bool cwd_known, bool covered, bool links, std::uint16_t ordinal) const noexcept;
    struct cwd_choices;
    void command_cwds(const shell::analysis& a, const shell::command& c, cwd_choices& out) const noexcept;
    std::int32_t first_shell_rule(rules::detail::may_subject& subject, rules::rule_list list,
                                  const rules::request_context& ctx, bool& opaque) const noexcept;
    std::int32_t first_allow_shell_rule(const shell::analysis& a, const shell::command& c,
                                        const rules::request_context& ctx) const noexcept;
    paths::candidate_options candidates_in(std::string_view cwd, bool resolve) const noexcept;
    bool git_elsewhere(const shell::analysis& a, const shell::command& c) const noexcept;
    std::string_view path_cwd(const path_input& in) const noexcept;
    bool shell_read_only(const evaluation& ev, const shell::analysis& a, const shell::command& c, bool cwd_known,
                         std::string_view cwd) const noexcept;
    bool filesystem_inside_roots(const evaluation& ev, const shell::analysis& a, const shell::command& c,
                                 std::string_view cwd) const noexcept;
    void finish_sets();

    rules::permission_settings settings_;
    rules::environment env_;
    rules::request_context context_;
    std::vector<std::string> roots_trusted_, roots_untrusted_;              // canonical
    std::vector<std::string> roots_lexical_trusted_, roots_lexical_untrusted_;
    std::vector<std::string> canonical_roots_;  // roots without links when loaded (`candidate_options::canonical_dirs`)

    std::vector<compiled_rule> rules_;
    // Targets: rules by registered tool, by MCP server, by unregistered name, and tool globs.
    std::vector<std::vector<std::uint32_t>> by_tool_;
    std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_server_;  // lowered server
    std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_name_;    // lowered name
    std::vector<std::uint32_t> globs_;
    std::vector<std::string> tool_globs_;    // payload of name_glob and MCP rules (lowered)
    std::vector<std::string> exact_values_;  // payload of agent and exact rules
    std::vector<rules::detail::param_spec> params_;
    // Shell rules of each list (ids: compiled rule indexes), indexed by program and literal words.
    std::array<rules::shell_pattern_set, 3> shell_sets_;
    // Path rules per list and family (0 read, 1 edit); allow also without the rules that need trust.
    struct path_rules {
        paths::pattern_set set;
        std::vector<std::uint32_t> rule;
    };
    std::array<std::array<path_rules, 2>, 3> path_sets_;
    std::array<path_rules, 2> allow_untrusted_paths_;
    bool deny_or_ask_path_rules_ = false;  // any deny or ask path rule (set when the policy is built)
    struct domain_rules {
        domains::domain_pattern_set set;
        std::vector<std::uint32_t> rule;
    };
    std::array<domain_rules, 3> domain_sets_;
    domain_rules allow_untrusted_domains_;
    struct pending_path {
        std::size_t list, family;
        std::uint32_t rule;
        paths::path_pattern pattern;
    };
    struct pending_domain {
        std::size_t list;
        std::uint32_t rule;
        domains::domain_pattern pattern;
    };
    std::vector<pending_path> pending_paths_;
    std::vector<pending_domain> pending_domains_;
    std::vector<std::string_view> host_executables_;
    // The literal words of each shell pattern, normalised for the conservative scan (S6.10).
    std::vector<std::vector<std::string>> scan_words_;
    std::vector<std::vector<std::string_view>> scan_views_;
    bool fold_allow_ = false;  // the workspace's volume ignores case (S8.4)

    // Precomputed reasons (views of these are handed out by check).
    std::array<std::array<std::string, static_cast<std::size_t>(rules::detail::baseline::count)>, 5> baseline_;
    std::array<std::array<std::string, static_cast<std::size_t>(rules::detail::baseline::count)>, 5> baseline_ni_;
    std::array<std::string, static_cast<std::size_t>(rules::detail::floor_reason::count)> floor_;
    std::array<std::string, static_cast<std::size_t>(rules::detail::floor_reason::count)> floor_ni_;
    std::array<std::string, 16> incomplete_, incomplete_ni_;
    std::string ceiling_exec_, ceiling_write_, ceiling_tool_;
    std::array<std::string, 6> malformed_;
    std::string override_deny_, override_ask_, override_ask_ni_, override_allow_;
};

namespace rules::detail {

using shell::detail::same_text;

inline std::size_t mode_index(permission_mode m) noexcept { return static_cast<std::size_t>(m); }

inline void add_keyed(std::vector<std::pair<std::string, std::vector<std::uint32_t>>>& v, const std::string& key,
                      std::uint32_t rule) {
    for (auto& entry : v)
        if (entry.first == key) {
            entry.second.push_back(rule);
            return;
        }
    v.push_back({key, {rule}});
}

inline const std::vector<std::uint32_t>* find_keyed(const std::vector<std::pair<std::string, std::vector<std::uint32_t>>>& v,
                                                    std::string_view key) noexcept {
    std::size_t lo = 0, hi = v.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const int c = std::string_view(v[mid].first).compare(key);
        if (c == 0) return &v[mid].second;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return nullptr;
}

// Lowers ASCII into `buf` (capacity 256); false when `s` does not fit.
inline bool lower_into(std::string_view s, char (&buf)[256], std::string_view& out) noexcept {
    if (s.size() > sizeof buf) return false;
    for (std::size_t i = 0; i < s.size(); ++i) buf[i] = ascii_lower(s[i]);
    out = std::string_view(buf, s.size());
    return true;
}

// Programs that run arbitrary code: an allow rule for them allows anything (S2.8); the
// environment runners of S6.5 too (what they run is what the rule allows).
inline bool runs_arbitrary_code(std::string_view program, std::string_view second) {
    if (const std::size_t slash = program.rfind('/'); slash != std::string_view::npos) program = program.substr(slash + 1);
    static constexpr std::string_view runners[] = {"uvx", "pipx", "npx", "bunx", "pnpx"};
    for (const auto r : runners)
        if (program == r) return true;
    struct runner {
        std::string_view program, sub;
    };
    static constexpr runner with_sub[] = {{"devbox", "run"}, {"direnv", "exec"}, {"mise", "exec"}, {"docker", "exec"},
                                          {"docker", "run"}, {"kubectl", "exec"}, {"poetry", "run"}, {"bundle", "exec"},
                                          {"uv", "run"}, {"pipenv", "run"}, {"conda", "run"}, {"pnpm", "exec"},
                                          {"pnpm", "dlx"}, {"go", "run"}, {"npm", "exec"}};
    for (const auto& r : with_sub)
        if (program == r.program && second == r.sub) return true;
    static constexpr std::string_view always[] = {
        "sh",   "bash",  "zsh",   "dash",    "ksh",  "mksh",  "fish",    "env",     "sudo", "doas",
        "xargs", "node", "perl",  "ruby",    "php",  "osascript", "eval", "exec",   "nohup", "timeout",
        "watch", "nice", "npx",   "bunx",    "deno", "bun",   "setsid",  "command", "builtin",
        // programs whose options or scripts run commands (`awk 'BEGIN{system(...)}'`, `vim -c '!...'`,
        // `tar --to-command=...`, `split --filter=...`)
        "awk", "gawk", "mawk", "nawk", "vim", "vi", "nvim", "ex", "view", "emacs", "tar", "split", "parallel",
        "lua", "tclsh", "expect", "gdb", "ed", "red", "sqlite3", "m4", "dc", "nroff", "groff", "troff",
        // the sourced file's text runs in the shell
        "source", "."};
    for (const auto p : always)
        if (program == p) return true;
    if (same_text(program.substr(0, 6), "python")) return true;
    if ((same_text(program, "npm") || same_text(program, "pnpm") || same_text(program, "yarn")) &&
        (same_text(second, "run") || same_text(second, "exec")))
        return true;
    if (same_text(program, "make") || same_text(program, "gmake")) return true;
    if (same_text(program, "cargo") && same_text(second, "run")) return true;
    return false;
}

// The literal option words of `c` before `--` (short clusters without the dash, long options with
// both): `f(text, long)` returns true to stop. An opaque word may be any option: `f("", false)`.
template <class F>
bool any_option(const shell::analysis& a, const shell::command& c, F&& f) noexcept {
    const auto argv = a.argv(c);
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const shell::word& w = argv[i];
        const std::string_view t = w.text;
        if (!w.literal()) {
            if (w.may_be_option() && f(std::string_view{}, false)) return true;
            continue;
        }
        if (same_text(t, "--")) break;
        if (t.size() < 2 || t[0] != '-') continue;
        if (t[1] == '-' ? f(t, true) : f(t.substr(1), false)) return true;
    }
    return false;
}

// A file command of shell/operands.hpp that reads or changes what is below a folder operand
// (`grep -r`, `rg`, `cp -r`, `rm -r`, `diff -r`): a path rule for a file below the folder may apply.
// `follows` when it also follows the symbolic links it meets there (`grep -R`, `rg -L`, `cp -rL`,
// `diff -r`): what it reads may then be anywhere.
struct recursion {
    bool below = false;
    bool follows = false;
    bool searcher = false;  // grep or rg: without a path operand, it searches the working directory
    bool entries = false;   // diff without -r: reads the files of a folder operand, following links
    bool unsure = false;    // `below` only because a word may be an option (`grep x *`: a file `-r`)
    bool searches_cwd = false;  // searches the working directory whatever its operands (`git grep --no-index x`)
};
inline recursion recursive_command(const shell::analysis& a, const shell::command& c) noexcept {
    using shell::detail::prog;
    const auto p = static_cast<prog>(c.program);
    if (p == prog::git) {
        // `git grep` searches below its paths; with --no-index or --untracked it reads files git
        // does not track, below the working directory when no path is given (its pattern cannot
        // be told from a path). `git diff --no-index` compares two folders file by file.
        const auto argv = a.argv(c);
        bool elsewhere = false;
        const std::size_t k = shell::detail::git_subcommand(argv, elsewhere);
        if (k >= argv.size()) return {};
        const std::string_view sub = argv[k].text;
        recursion r;
        if (same_text(sub, "add") || same_text(sub, "stash")) {
            // `git add .`/`-A` and `git stash -u`/`-a` take in untracked files below their paths (or
            // the whole working tree), to print them later (`git diff --cached`, `git stash show -p`)
            bool all = false, paths = false;
            for (std::size_t j = k + 1; j < argv.size(); ++j) {
                const std::string_view t = argv[j].text;
                if (!argv[j].literal() || same_text(t, "-A") || same_text(t, "--all") || same_text(t, "-u") ||
                    same_text(t, "--include-untracked") || (same_text(sub, "stash") && same_text(t, "-a")) ||
                    (same_text(sub, "add") && same_text(t, "--no-ignore-removal")))
                    all = true;
                else if (!t.empty() && t[0] != '-')
                    paths = true;
            }
            r.below = same_text(sub, "add") || all;
            r.searches_cwd = all && (same_text(sub, "stash") || !paths);
            return r;
        }
        if (!same_text(sub, "grep") && !same_text(sub, "diff")) return {};
        bool untracked = false;
        for (std::size_t j = k + 1; j < argv.size(); ++j)
            if (!argv[j].literal() || same_text(argv[j].text, "--no-index") || same_text(argv[j].text, "--untracked"))
                untracked = true;
        r.below = same_text(sub, "grep") || untracked;
        r.searches_cwd = same_text(sub, "grep") && untracked;
        return r;
    }
    if (p == prog::jq || p == prog::yq) {
        // `import "M" as $x;`, `include "M";` and `-L DIR` read modules from a search path (folders
        // of -L, ~/.jq, and next to the program): any file, through links too. A filter known only
        // at run time may hold them.
        const auto directive = [](std::string_view t, std::string_view d) {  // the keyword `d`, not `.important`
            for (std::size_t at = t.find(d); at != std::string_view::npos; at = t.find(d, at + 1)) {
                const char before = at == 0 ? ' ' : t[at - 1];
                const char after = at + d.size() < t.size() ? t[at + d.size()] : ' ';
                if (!shell::detail::is_name_char(static_cast<unsigned char>(before)) && before != '.' && before != '$' &&
                    !shell::detail::is_name_char(static_cast<unsigned char>(after)))
                    return true;
            }
            return false;
        };
        recursion r;
        for (const auto& w : a.argv(c).subspan(1)) {
            const std::string_view t = w.text;
            if (!w.literal() || directive(t, "import") || directive(t, "include") || t.starts_with("-L") ||
                shell::detail::abbreviates(t, "library-path"))
                r.below = r.follows = true;
        }
        return r;
    }
    if (p != prog::grep && p != prog::egrep && p != prog::fgrep && p != prog::rg && p != prog::cp && p != prog::rm &&
        p != prog::diff && p != prog::sdiff && p != prog::diff3 && p != prog::tar)
        return {};
    const bool grep = p == prog::grep || p == prog::egrep || p == prog::fgrep;
    recursion r;
    r.below = p == prog::rg || p == prog::tar;  // tar archives or extracts whole folders
    if (p == prog::tar) {  // `-h`/`--dereference`, also in an old-style first word (`tar chf x.tar d`)
        const auto argv = a.argv(c);
        if (argv.size() > 1 && argv[1].literal() && !argv[1].text.empty() && argv[1].text[0] != '-' &&
            argv[1].text.find('h') != std::string_view::npos)
            r.follows = true;
    }
    r.searcher = grep || p == prog::rg;
    bool links = false;  // rg -L, cp -L
    any_option(a, c, [&](std::string_view t, bool is_long) {
        if (t.empty()) {  // any option
            r.unsure = !r.below;
            r.below = true;
            r.follows = true;
            return true;
        }
        if (is_long) {
            if (grep) r.below = r.below || same_text(t.substr(0, 3), "--r") || same_text(t.substr(0, 3), "--d");
            else if (p != prog::rg)
                r.below =
                    r.below || same_text(t.substr(0, 3), "--r") || (p == prog::cp && same_text(t.substr(0, 3), "--a"));
            if (grep) r.follows = r.follows || same_text(t.substr(0, 4), "--de") || same_text(t.substr(0, 4), "--di");
            links = links || same_text(t.substr(0, 4), "--fo") || same_text(t.substr(0, 5), "--der");
            return false;
        }
        for (const char ch : t) {
            if (ch == 'r' || ch == 'R' || (grep && ch == 'd') || (p == prog::cp && ch == 'a')) r.below = true;
            if (grep && (ch == 'R' || ch == 'd')) r.follows = true;
            if (ch == 'L' || (p == prog::tar && ch == 'h')) links = true;
        }
        return false;
    });
    if (p == prog::sdiff || p == prog::diff3) r.below = false;  // -r is not recursion there
    if (r.below && (links || p == prog::diff)) r.follows = true;
    r.entries = (p == prog::diff || p == prog::sdiff || p == prog::diff3) && !r.below;
    return r;
}

// Programs that make links, unpack archives holding links, or carry the links inside a folder to
// a new place (`mv d q; cat q/up`), whatever their options; `cp` does with some of its options.
inline bool link_maker_name(std::string_view n) noexcept {
    return same_text(n, "ln") || same_text(n, "link") || same_text(n, "mv") || same_text(n, "tar") ||
           same_text(n, "unzip") || same_text(n, "cpio") || same_text(n, "7z") || same_text(n, "rsync");
}

// A command that may make a symbolic or hard link, or unpack an archive that holds links: a later
// path of the same text may then lead elsewhere than its spelling says (`ln -s . l && cat l/.env`).
inline bool makes_links(const shell::analysis& a) noexcept {
    for (const shell::command& c : a.commands()) {
        const std::string_view n = c.name;
        if (link_maker_name(n)) return true;
        if (same_text(n, "cp") && any_option(a, c, [](std::string_view t, bool is_long) {
                return t.empty() || (is_long ? same_text(t.substr(0, 3), "--s") || same_text(t.substr(0, 3), "--l") ||
                                                   same_text(t.substr(0, 3), "--r") || same_text(t.substr(0, 3), "--a")
                                             : t.find_first_of("slrRa") != std::string_view::npos);
            }))
            return true;
        if (c.unresolvable()) return true;
    }
    return false;
}

// The programs whose mode baseline may be "file command inside the workspace" (S11.2).
inline bool is_filesystem_command(std::string_view name) noexcept {
    static constexpr std::string_view names[] = {"mkdir", "touch", "mv", "cp", "rm", "rmdir", "ln", "tee", "truncate"};
    for (const auto n : names)
        if (name == n) return true;
    return false;
}

}  // namespace rules::detail

// ------------------------------------------------------------------------------------------------
// Building

inline void rules_policy::build_reasons() {
    using rules::detail::baseline;
    using rules::detail::floor_reason;
    using rules::permission_mode;
    const std::string ni = "approval required but the session is non-interactive \u2014 ";
    for (const auto m : {permission_mode::read_only, permission_mode::default_mode, permission_mode::workspace_write,
                         permission_mode::danger_full_access, permission_mode::dont_ask}) {
        const std::string name(rules::mode_name(m));
        auto& b = baseline_[rules::detail::mode_index(m)];
        const bool danger = m == permission_mode::danger_full_access;
        const bool writes = m == permission_mode::workspace_write || danger;
        const auto asks = [&](const char* what) {
            return "is not covered by an allow rule (mode " + name + " asks for " + what + ")";
        };
        const auto allows = [&](const char* what) { return "is allowed by mode " + name + " (" + what + ")"; };
        const auto at = [&](baseline k) -> std::string& { return b[static_cast<std::size_t>(k)]; };
        at(baseline::read_inside) = allows("reads inside the workspace");
        at(baseline::read_outside) = danger ? allows("reads outside the workspace") : asks("reads outside the workspace");
        at(baseline::exec_read_only) = "is a built-in read-only command";
        at(baseline::exec_filesystem) = writes ? allows("file commands inside the workspace") : asks("commands");
        at(baseline::exec_other) = danger ? allows("every command") : asks("commands");
        at(baseline::write_inside) = writes ? allows("writes inside the workspace") : asks("writes");
        at(baseline::write_outside) = danger ? allows("writes outside the workspace") : asks("writes outside the workspace");
        at(baseline::network) = danger ? allows("network access") : asks("network access");
        at(baseline::tool_read_only) = allows("tools declared read-only");
        at(baseline::tool_other) = danger ? allows("every tool") : asks("this tool");
        for (std::size_t k = 0; k < b.size(); ++k) baseline_ni_[rules::detail::mode_index(m)][k] = ni + b[k];
    }
    const auto set_floor = [&](floor_reason f, std::string text) {
        floor_ni_[static_cast<std::size_t>(f)] = ni + text;
        floor_[static_cast<std::size_t>(f)] = std::move(text);
    };
    set_floor(floor_reason::critical_path, "removal of a critical path is never auto-approved");
    set_floor(floor_reason::protected_path, "writes to protected paths are never auto-approved");
    set_floor(floor_reason::incomplete, "the command could not be fully analysed");
    set_floor(floor_reason::opaque_program, "the program to run is only known at run time");
    set_floor(floor_reason::unknown_write, "writes to a path that is only known at run time");
    set_floor(floor_reason::sandbox_escape, "a parameter asks to relax isolation");
    set_floor(floor_reason::non_http_scheme, "only http and https URLs can be auto-approved");
    set_floor(floor_reason::non_ascii_host, "non-ASCII host names are never auto-approved");
    set_floor(floor_reason::unc_path, "UNC and device paths are never auto-approved");
    set_floor(floor_reason::cd_then_git, "git in another directory runs that repository's hooks");
    set_floor(floor_reason::link_made, "a link or archive made by the same command may redirect this path");
    for (std::size_t k = 0; k <= static_cast<std::size_t>(shell::incomplete_reason::evaluated_data) && k < incomplete_.size(); ++k) {
        incomplete_[k] = "the command could not be fully analysed (" +
                         std::string(shell::describe(static_cast<shell::incomplete_reason>(k))) + ")";
        incomplete_ni_[k] = ni + incomplete_[k];
    }
    ceiling_exec_ = "mode read-only forbids commands that are not read-only";
    ceiling_write_ = "mode read-only forbids writes";
    ceiling_tool_ = "mode read-only forbids tools that are not read-only";
    malformed_[0] = "malformed input: the tool's JSON arguments could not be read";
    malformed_[1] = "malformed input: the subject field is missing";
    malformed_[2] = "malformed input: the subject field is not a string";
    malformed_[3] = "malformed input: the input is too large";
    malformed_[4] = "malformed input: the URL could not be read";
    malformed_[5] = "malformed input: the path could not be read";
    override_deny_ = "an external override denied this";
    override_ask_ = "an external override asks for approval";
    override_ask_ni_ = ni + override_ask_;
    override_allow_ = "an external override approved what the mode would have asked";
}

inline void rules_policy::build_roots() {
    const auto add = [&](const std::string& dir, bool needs_trust) {
        auto res = std::make_unique<paths::resolution>();
        auto lex = std::make_unique<paths::path_buffer>();
        paths::normalize_options o;
        o.expand_tilde = false;
        if (!paths::normalize(dir, o, *lex).ok() || lex->view().empty() || lex->view()[0] != '/') return;
        std::string canonical(lex->view());
        if (env_.resolve_symlinks && paths::resolve(lex->view(), *res) == paths::path_status::ok) {
            canonical = std::string(res->path());
            // Every component exists and none is a link: paths below it need not examine it again.
            if (!res->partial() && res->hop_count() == 0 && canonical == lex->view())
                canonical_roots_.push_back(canonical);
        }
        roots_trusted_.push_back(canonical);
        roots_lexical_trusted_.emplace_back(lex->view());
        if (!needs_trust) {
            roots_untrusted_.push_back(canonical);
            roots_lexical_untrusted_.emplace_back(lex->view());
        }
    };
    add(env_.cwd, false);
    // Relative additional directories are relative to the workspace (env.cwd), never to the
    // process's working directory, which an embedding harness does not control.
    for (const auto& d : env_.additional_directories)
        add((std::filesystem::path(env_.cwd) / d).lexically_normal().string(), false);
    for (const auto& d : settings_.additional_directories) add(d.path, d.needs_trust);
    for (const auto& h : env_.host_executables) host_executables_.emplace_back(h);
}

inline void rules_policy::compile_rules() {
    by_tool_.resize(env_.tools.tools().size());
    for (std::uint32_t i = 0; i < settings_.rules.size(); ++i) compile_rule(i);
    for (const auto& words : scan_words_) scan_views_.emplace_back(words.begin(), words.end());
    std::sort(by_server_.begin(), by_server_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(by_name_.begin(), by_name_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    finish_sets();
}

inline void rules_policy::finish_sets() {
    std::array<std::array<std::vector<paths::path_pattern>, 2>, 3> pats;
    std::array<std::vector<paths::path_pattern>, 2> untrusted;
    for (auto& p : pending_paths_) {
        if (p.list == static_cast<std::size_t>(rules::rule_list::allow) && !rules_[p.rule].needs_trust) {
            untrusted[p.family].push_back(p.pattern);
            allow_untrusted_paths_[p.family].rule.push_back(p.rule);
        }
        path_sets_[p.list][p.family].rule.push_back(p.rule);
        pats[p.list][p.family].push_back(std::move(p.pattern));
    }
    for (std::size_t l = 0; l < 3; ++l)
        for (std::size_t f = 0; f < 2; ++f) {
            path_sets_[l][f].set = paths::pattern_set(std::move(pats[l][f]));
            if (l != static_cast<std::size_t>(rules::rule_list::allow) && !path_sets_[l][f].set.empty())
                deny_or_ask_path_rules_ = true;
        }
    for (std::size_t f = 0; f < 2; ++f) allow_untrusted_paths_[f].set = paths::pattern_set(std::move(untrusted[f]));
    pending_paths_.clear();
    std::array<std::vector<domains::domain_pattern>, 3> doms;
    std::vector<domains::domain_pattern> doms_untrusted;
    for (auto& d : pending_domains_) {
        if (d.list == static_cast<std::size_t>(rules::rule_list::allow) && !rules_[d.rule].needs_trust) {
            doms_untrusted.push_back(d.pattern);
            allow_untrusted_domains_.rule.push_back(d.rule);
        }
        domain_sets_[d.list].rule.push_back(d.rule);
        doms[d.list].push_back(std::move(d.pattern));
    }
    for (std::size_t l = 0; l < 3; ++l) domain_sets_[l].set = domains::domain_pattern_set(std::move(doms[l]));
    allow_untrusted_domains_.set = domains::domain_pattern_set(std::move(doms_untrusted));
    pending_domains_.clear();
}

inline void rules_policy::compile_rule(std::uint32_t entry_index) {
    using namespace rules;
    using namespace rules::detail;
    const rule_entry& e = settings_.rules[entry_index];
    const settings_source& src = settings_.sources[e.source];
    const std::string shown = text::repr(e.text);
    const auto fail = [&](const std::string& cause) {
        throw settings_error(errc::invalid_argument, src.name, e.pointer, e.line, "rule " + shown + ": " + cause);
    };
    rule_text rt;
    if (std::string cause = split_rule(e.text, rt); !cause.empty()) fail(cause);

    compiled_rule r;
    r.entry = entry_index;
    r.list = e.list;
    r.needs_trust = e.needs_trust;
    {
        const std::string_view prefix = "approval required but the session is non-interactive \u2014 ";
        const std::string index = std::to_string(e.index);
        const std::string_view list = list_name(e.list), layer = layer_name(src.layer);
        r.reasons.reserve(prefix.size() + shown.size() + list.size() + index.size() + layer.size() + src.name.size() + 16);
        r.reasons.append(prefix).append("rule ").append(shown).append(" [").append(list).append(" #").append(index);
        r.reasons.append(", ").append(layer).append(" ").append(src.name).append("]");
        r.reason_at = prefix.size();
    }
    const auto id = static_cast<std::uint32_t>(rules_.size());
    const bool allow = e.list == rule_list::allow;

    // The tool pattern: an MCP server or tool, a tool glob, a registered tool, or an unknown name.
    mcp_name mcp{};
    if (split_mcp_name(rt.tool, mcp) && mcp.server.find('*') == std::string_view::npos) {
        if (rt.has_specifier) fail("MCP tools take no specifier (write mcp__server__tool or mcp__server__*)");
        r.target = target_kind::mcp;
        r.payload = static_cast<std::uint32_t>(tool_globs_.size());
        tool_globs_.push_back(mcp.tool.empty() ? std::string("*") : ascii_lowered(mcp.tool));
        rules_.push_back(std::move(r));
        add_keyed(by_server_, ascii_lowered(mcp.server), id);
        return;
    }
    if (rt.tool_glob) {
        if (rt.has_specifier) fail("a tool glob takes no specifier");
        if (allow) {
            warn(e, "allow rule " + shown +
                        " is ignored: an allow glob must start with mcp__<server>__ (name the tools to allow)");
            return;
        }
        r.target = target_kind::name_glob;
        r.payload = static_cast<std::uint32_t>(tool_globs_.size());
        tool_globs_.push_back(ascii_lowered(rt.tool));
        rules_.push_back(std::move(r));
        globs_.push_back(id);
        return;
    }
    const tool_info* tool = env_.tools.find(rt.tool);
    if (!tool) {
        if (rt.has_specifier) fail("a rule for an unknown tool cannot have a specifier");
        warn(e, std::string(list_name(e.list)) + " rule " + shown + " names a tool nothing is known about" +
                    (allow ? " (the rule is inert until such a tool exists)" : ""));
        r.target = target_kind::name;
        rules_.push_back(std::move(r));
        add_keyed(by_name_, ascii_lowered(rt.tool), id);
        return;
    }
    r.target = target_kind::tool;
    r.family = tool->family;
    if (tool->family != path_family::none && tool->name != "Read" && tool->name != "Edit")
        warn(e, "rule " + shown + " applies to every " +
                    std::string(tool->family == path_family::read ? "Read" : "Edit") +
                    " tool: path rules are shared by the family");
    // Rules about the request as a whole are listed under every tool they reach; shell, path and
    // domain rules live in their own indexes and are matched per fact.
    const auto keep = [&] {
        const bool whole_request = r.spec == spec_kind::bare || r.spec == spec_kind::param ||
                                   r.spec == spec_kind::agent || r.spec == spec_kind::exact;
        rules_.push_back(std::move(r));
        if (!whole_request) return;
        const auto& all = env_.tools.tools();
        for (std::size_t t = 0; t < all.size(); ++t)
            if (&all[t] == tool || (tool->family != path_family::none && all[t].family == tool->family))
                by_tool_[t].push_back(id);
    };

    if (!rt.has_specifier) {
        if (allow && tool->kind == tool_kind::shell) {
            // A bare allow of the shell is the pattern `*`: every analysable command.
            warn(e, "allow rule " + shown + " allows every command: any program can run");
            r.spec = spec_kind::shell;
            r.payload = static_cast<std::uint32_t>(scan_words_.size());
            scan_words_.emplace_back();
            shell_sets_[0].add(id, shell_pattern::compile("*"));
        } else {
            r.spec = spec_kind::bare;
        }
        keep();
        return;
    }

    // A param rule `ident: value` on a declared non-primary parameter (S3.2).
    const std::string_view spec = rt.specifier;
    {
        std::size_t k = 0;
        while (k < spec.size() && (spec[k] == ' ' || spec[k] == '\t')) ++k;
        const std::size_t start = k;
        while (k < spec.size() && ((spec[k] >= 'a' && spec[k] <= 'z') || (spec[k] >= 'A' && spec[k] <= 'Z') ||
                                   (k > start && spec[k] >= '0' && spec[k] <= '9') || spec[k] == '_'))
            ++k;
        const std::string_view ident = spec.substr(start, k - start);
        std::size_t colon = k;
        while (colon < spec.size() && (spec[colon] == ' ' || spec[colon] == '\t')) ++colon;
        const bool legacy = spec.substr(colon) == ":*";  // `Bash(npm:*)`: a command pattern, not a parameter
        if (!ident.empty() && colon < spec.size() && spec[colon] == ':' && !legacy) {
            const bool declared =
                std::find(tool->parameters.begin(), tool->parameters.end(), ident) != tool->parameters.end();
            if (ident == tool->primary) {
                warn(e, "rule " + shown + " names the subject field '" + std::string(ident) +
                            "': it is read as the specifier itself, not as a parameter rule");
            } else if (declared) {
                if (allow) {
                    warn(e, "allow rule " + shown + " is ignored: parameter rules are for deny and ask only");
                    return;
                }
                const std::string value = unescape_specifier(spec.substr(colon + 1));
                r.spec = spec_kind::param;
                r.payload = static_cast<std::uint32_t>(params_.size());
                params_.push_back({std::string(ident), std::string(trim_rule(value))});
                keep();
                return;
            }
        }
    }

    switch (tool->kind) {
        case tool_kind::shell: {
            shell_pattern p;
            try {
                p = shell_pattern::compile(spec);
            } catch (const error& x) {
                fail(x.what());
            }
            const auto els = p.elements();
            if (allow) {
                for (std::size_t k = 0; k + 1 < els.size(); ++k)
                    if (els[k].kind == element_kind::star) {
                        warn(e, "allow rule " + shown + " has '*' before its last word: it may allow more than it seems");
                        break;
                    }
                const std::string_view second =
                    els.size() > 1 && els[1].kind == element_kind::literal ? std::string_view(els[1].text) : std::string_view{};
                if (els.empty() || els[0].kind != element_kind::literal || runs_arbitrary_code(els[0].text, second))
                    warn(e, "allow rule " + shown + " allows a program that runs arbitrary code");
            }
            r.spec = spec_kind::shell;
            r.payload = static_cast<std::uint32_t>(scan_words_.size());
            {
                std::vector<std::string> words;
                for (const auto& el : els) {
                    if (el.kind != element_kind::literal) continue;
                    std::string buf(el.text.size(), '\0');
                    words.emplace_back(shell::scan_tokens::normalize(el.text, std::span<char>(buf.data(), buf.size())));
                }
                scan_words_.push_back(std::move(words));
            }
            shell_sets_[static_cast<std::size_t>(e.list)].add(id, std::move(p));
            keep();
            return;
        }
        case tool_kind::read:
        case tool_kind::edit: {
            paths::pattern_anchors anchors;
            anchors.cwd = env_.cwd;
            anchors.home = env_.home;
            anchors.settings_dir = src.anchor_dir;
            paths::pattern_options po;
            po.role = allow ? paths::pattern_role::allow : paths::pattern_role::deny;
            std::optional<paths::path_pattern> pat, below;
            try {
                const paths::anchor_context ctx(anchors, env_.resolve_symlinks);
                pat = paths::path_pattern::compile(spec, ctx, po);
                // A deny or ask rule that names a folder covers what is inside it, as an ignored
                // folder does in gitignore: `Read(./secrets)` denies `secrets/key`. The pattern as
                // written is kept for what it names itself (and for unknown paths, S8.7).
                if (!allow && !spec.ends_with('/') && !spec.ends_with("**"))
                    below = paths::path_pattern::compile(std::string(spec) + "/", ctx, po);
            } catch (const error& x) {
                fail(x.what());
            }
            r.spec = spec_kind::path;
            keep();
            const std::size_t family = tool->family == path_family::read ? 0u : 1u;
            pending_paths_.push_back({static_cast<std::size_t>(e.list), family, id, std::move(*pat)});
            if (below) pending_paths_.push_back({static_cast<std::size_t>(e.list), family, id, std::move(*below)});
            return;
        }
        case tool_kind::web_fetch: {
            const std::string_view t = trim_rule(spec);
            if (t.substr(0, 7) != "domain:") fail("WebFetch rules take 'domain:HOST' (for example WebFetch(domain:example.com))");
            std::optional<domains::domain_pattern> pat;
            try {
                pat = domains::domain_pattern::compile(trim_rule(t.substr(7)));
            } catch (const error& x) {
                fail(x.what());
            }
            r.spec = spec_kind::domain;
            keep();
            pending_domains_.push_back({static_cast<std::size_t>(e.list), id, std::move(*pat)});
            return;
        }
        case tool_kind::agent:
        case tool_kind::mcp:
        case tool_kind::other: {
            if (tool->primary.empty()) fail("tool " + text::repr(tool->name) + " has no subject field to match");
            r.spec = tool->kind == tool_kind::agent ? spec_kind::agent : spec_kind::exact;
            r.payload = static_cast<std::uint32_t>(exact_values_.size());
            exact_values_.push_back(unescape_specifier(spec));
            keep();
            return;
        }
    }
}

inline rules::rule_info rules_policy::rule_at(std::size_t compiled) const noexcept {
    rules::rule_info info;
    if (compiled >= rules_.size()) return info;
    const auto& e = settings_.rules[rules_[compiled].entry];
    const auto& src = settings_.sources[e.source];
    info.text = e.text;
    info.list = e.list;
    info.layer = src.layer;
    info.file = src.name;
    info.index = e.index;
    info.pointer = e.pointer;
    info.line = e.line;
    return info;
}

inline void rules_policy::run_inline_tests() {
    for (const auto& t : settings_.tests) {
        rules::request_context ctx = context_;
        ctx.input_json = t.input_json;
        ctx.interactive = true;
        rules::decision_record rec;
        const decision d = check(tool_request{t.tool, t.input}, ctx, &rec);
        if (d.what == t.expect) continue;
        const auto name = [](verdict v) { return v == verdict::allow ? "allow" : v == verdict::ask ? "ask" : "deny"; };
        throw rules::settings_error(errc::invalid_argument, settings_.sources[t.source].name, t.pointer, t.line,
                                    "inline test failed: " + text::repr(t.tool) + " " + text::repr(t.input) +
                                        " expected " + name(t.expect) + ", got " + name(d.what) + ": " +
                                        rules::format_reason(rec, t.input));
    }
}

// ------------------------------------------------------------------------------------------------
// Checking

namespace rules::detail {
struct fact_ref {
    fact_kind kind = fact_kind::none;
    std::uint32_t begin = 0, end = 0;
    std::uint16_t command = 0;
    std::uint8_t depth = 0;
};
}  // namespace rules::detail

// What the steps of S13 found so far. Each step keeps its first contributor: the lowest rule (in
// evaluation order) for rule steps, the first fact (in source order) for the others.
struct rules_policy::evaluation {
    using fact_ref = rules::detail::fact_ref;
    evaluation(const rules::request_context& c, rules::permission_mode md) noexcept
        : ctx(c), mode(md), m(rules::detail::mode_index(md)) {}
    const rules::request_context& ctx;
    rules::permission_mode mode;
    std::size_t m;  // mode index
    const rules::detail::json_args* args = nullptr;
    fact_ref whole;  // the whole subject, for tool-level facts

    std::int32_t deny = -1;
    bool deny_opaque = false;
    fact_ref deny_fact;
    std::string_view ceiling;
    fact_ref ceiling_fact;
    std::string_view floor;
    std::string_view floor_ni;
    rules::decision_code floor_code = rules::decision_code::incomplete_analysis;
    fact_ref floor_fact;
    std::int32_t ask = -1;
    bool ask_opaque = false;
    fact_ref ask_fact;
    std::int32_t bare_allow = -1;  // an allow rule that covers the whole request
    bool fset = false;
    verdict fv = verdict::allow;
    rules::decision_code fcode = rules::decision_code::mode_baseline;
    std::string_view freason;
    std::string_view freason_ni;
    std::int32_t frule = -1;
    fact_ref ffact;
    std::uint16_t commands = 0;
    bool complete = true;
    std::string_view malformed;

    void offer_rule(rules::rule_list list, std::int32_t rule, fact_ref f, bool opaque = false) noexcept {
        if (rule < 0) return;
        if (list == rules::rule_list::deny) {
            if (deny < 0 || rule < deny) {
                deny = rule;
                deny_fact = f;
                deny_opaque = opaque;
            }
        } else if (list == rules::rule_list::ask) {
            if (ask < 0 || rule < ask) {
                ask = rule;
                ask_fact = f;
                ask_opaque = opaque;
            }
        }
    }
    void offer_ceiling(std::string_view reason, fact_ref f) noexcept {
        if (!ceiling.empty()) return;
        ceiling = reason;
        ceiling_fact = f;
    }
    void offer_floor(std::string_view reason, std::string_view reason_ni, rules::decision_code code, fact_ref f) noexcept {
        if (!floor.empty()) return;
        floor = reason;
        floor_ni = reason_ni;
        floor_code = code;
        floor_fact = f;
    }
    // How much an allowed fact tells about an allow: a built-in read-only command least, then an
    // allow rule, then the mode's baseline, a write most (`cat a > b` allowed by acceptEdits is
    // explained by the write to b, not by `cat` or the read of a).
    static constexpr int allow_weight(rules::decision_code c, rules::fact_kind k) noexcept {
        if (c != rules::decision_code::mode_baseline) return c == rules::decision_code::allow_rule ? 1 : 0;
        return k == rules::fact_kind::write ? 3 : 2;
    }
    void offer_fact(verdict v, rules::decision_code code, std::string_view reason, std::string_view reason_ni,
                    std::int32_t rule, fact_ref f) noexcept {
        if (fset && (v < fv || (v == fv && (v != verdict::allow ||
                                            allow_weight(code, f.kind) <= allow_weight(fcode, ffact.kind)))))
            return;
        fset = true;
        fv = v;
        fcode = code;
        freason = reason;
        freason_ni = reason_ni;
        frule = rule;
        ffact = f;
    }
};

inline bool rules_policy::params_match(const compiled_rule& r, const rules::detail::json_args* args) const noexcept {
    if (!args) return false;  // the subject form carries no parameters
    const auto& p = params_[r.payload];
    const rules::detail::json_member* m = args->find(p.name);
    if (!m) return false;  // an absent parameter never matches (S3.2)
    using rules::detail::json_type;
    if (m->type == json_type::object || m->type == json_type::array) return false;
    if (m->type != json_type::string) return rules::detail::star_match(p.value, m->raw, false);
    auto& buf = rules::detail::thread_scratch().param;
    const std::size_t n = rules::detail::decode_json_string(m->raw, buf.data(), buf.size());
    if (n == rules::detail::npos) return true;  // too long to compare: a deny or ask rule fails closed
    return rules::detail::star_match(p.value, std::string_view(buf.data(), n), false);
}

namespace rules::detail {
// Is `path` (absolute) an existing folder, following links? One `stat`.
inline bool is_folder(std::string_view path) noexcept {
    char z[paths::path_max];
    if (path.empty() || path.size() >= sizeof z) return false;
    std::memcpy(z, path.data(), path.size());
    z[path.size()] = '\0';
    struct stat st {};
    return claw::detail::os::stat_path(z, st) && S_ISDIR(st.st_mode);
}
constexpr bool under(std::string_view path, std::string_view root) noexcept {
    if (root == "/") return !path.empty() && path[0] == '/';
    if (path.size() < root.size() || path.substr(0, root.size()) != root) return false;
    return path.size() == root.size() || path[root.size()] == '/';
}
}  // namespace rules::detail

inline bool rules_policy::inside_roots(const paths::candidate_set& c, bool trusted) const noexcept {
    const auto must = c.lexical_and_resolved();
    if (must.empty()) return false;
    const auto& canonical = trusted ? roots_trusted_ : roots_untrusted_;
    const auto& lexical = trusted ? roots_lexical_trusted_ : roots_lexical_untrusted_;
    for (std::size_t i = 0; i < must.size(); ++i) {
        bool in = false;
        for (const auto& r : canonical) in = in || rules::detail::under(must[i], r);
        if (i == 0)  // the lexical path may also sit below a root as written
            for (const auto& r : lexical) in = in || rules::detail::under(must[i], r);
        if (!in) return false;
    }
    return true;
}

inline bool rules_policy::is_protected(std::string_view path) noexcept {
    static constexpr std::string_view dirs[] = {".git",  ".claw",  ".claude",       ".vscode", ".idea", ".husky",
                                                ".cargo", ".devcontainer", ".yarn", ".mvn"};
    static constexpr std::string_view files[] = {
        ".gitconfig", ".gitmodules", ".gitattributes", ".bashrc",  ".bash_profile", ".bash_login", ".bash_aliases",
        ".bash_logout", ".zshrc",    ".zprofile",   ".zshenv",  ".zlogin",       ".zlogout",    ".profile",
        ".envrc",     ".npmrc",      ".yarnrc",     ".yarnrc.yml", ".mcp.json",  ".claw.json",  ".claude.json",
        ".ripgreprc"};
    std::string_view previous;
    std::size_t start = 1;
    for (std::size_t e = 1; e <= path.size(); ++e) {
        if (e != path.size() && path[e] != '/') continue;
        const std::string_view name = path.substr(start, e - start);
        start = e + 1;
        if (name.empty()) continue;
        for (const auto d : dirs)
            if (rules::detail::iequals(name, d)) return true;
        if (rules::detail::iequals(previous, ".config") && rules::detail::iequals(name, "git")) return true;
        if (e == path.size())
            for (const auto f : files)
                if (rules::detail::iequals(name, f)) return true;
        previous = name;
    }
    return false;
}

// The absolute working directory of a command (cd tracking, S6.7); `known` is false when some
// `cd` on the way is not literal or may have failed.
// The directories a command may run in (S6.7). Every literal `cd` on the way that may have failed
// (`cd x; ...`, `cd x || ...`) leaves two: its target and the directory before it, so a deny rule is
// checked in both and an allow needs both. `known` is false when a `cd` target is not literal.
struct rules_policy::cwd_choices {
    std::array<std::string_view, CLAW_RULES_MAX_CWD_CHOICES> dir{};
    std::size_t count = 0;
    bool known = true;
    bool too_many = false;  // more than CLAW_RULES_MAX_CWD_CHOICES: unknown, and an incomplete analysis
    std::span<const std::string_view> all() const noexcept { return {dir.data(), known ? count : 0}; }
    bool one() const noexcept { return known && count == 1; }
};

inline void rules_policy::command_cwds(const shell::analysis& a, const shell::command& c, cwd_choices& out) const noexcept {
    // Field by field: `out = cwd_choices{}` built a temporary and read it back in wider pieces than
    // it was written in, which stalls (the processor cannot forward such stores).
    out.dir[0] = env_.cwd;
    out.count = 1;
    out.known = true;
    out.too_many = false;
    if (c.cwd == 0) return;  // the session's own directory (most commands)
    const auto cwds = a.cwds();
    std::array<std::uint16_t, 64> chain;
    std::size_t n = 0;
    const auto unknown = [&] {
        out.known = false;
        out.count = 0;
    };
    for (std::int32_t at = c.cwd; at > 0 && at < static_cast<std::int32_t>(cwds.size()); at = cwds[static_cast<std::size_t>(at)].parent) {
        if (n == chain.size()) return unknown();
        chain[n++] = static_cast<std::uint16_t>(at);
    }
    auto& buffers = rules::detail::thread_scratch().cwd_choices;
    for (std::size_t k = n, generation = 0; k-- > 0; generation ^= 1) {
        const shell::working_directory& w = cwds[chain[k]];
        if (!w.known) return unknown();
        paths::path_buffer* next = buffers.data() + generation * CLAW_RULES_MAX_CWD_CHOICES;
        std::array<std::string_view, CLAW_RULES_MAX_CWD_CHOICES> made{};
        std::size_t m = 0;
        const auto add = [&](std::string_view d) noexcept {
            for (std::size_t j = 0; j < m; ++j)
                if (made[j] == d) return true;
            if (m == made.size()) {
                out.too_many = true;
                return false;
            }
            if (!next[m].assign(d)) return false;
            made[m] = next[m].view();
            ++m;
            return true;
        };
        for (std::size_t i = 0; i < out.count; ++i) {
            paths::normalize_options o;
            o.cwd = out.dir[i];
            o.home = env_.home;
            paths::path_buffer& target = rules::detail::thread_scratch().cwd;
            if (!paths::normalize(w.dir, o, target).ok() || !add(target.view())) return unknown();
            if (w.may_fail && !add(out.dir[i])) return unknown();
        }
        out.dir = made;
        out.count = m;
    }
}

inline bool rules_policy::critical_target(std::string_view p, bool trusted) const noexcept {
    if (p == "/" || p.empty()) return true;
    if (p.find('/', 1) == std::string_view::npos) return true;  // a top-level directory
    if (p == env_.home) return true;
    if (rules::detail::under(env_.cwd, p)) return true;  // the cwd or a parent of it
    for (const auto& r : trusted ? roots_trusted_ : roots_untrusted_)
        if (rules::detail::under(r, p)) return true;
    for (const auto& r : trusted ? roots_lexical_trusted_ : roots_lexical_untrusted_)
        if (rules::detail::under(r, p)) return true;
    return false;
}

template <class F>
void rules_policy::for_each_target_rule(const rules::tool_info* tool, std::string_view name, F&& f) const noexcept {
    char buf[256];
    std::string_view low;
    if (tool) {
        const auto t = static_cast<std::size_t>(tool - env_.tools.tools().data());
        for (const std::uint32_t r : by_tool_[t]) f(r);
    } else if (rules::detail::lower_into(name, buf, low)) {
        if (const auto* list = rules::detail::find_keyed(by_name_, low))
            for (const std::uint32_t r : *list) f(r);
    }
    // MCP server rules reach every tool named mcp__<server>__..., registered or not (S4.3).
    rules::mcp_name mcp{};
    if (rules::split_mcp_name(name, mcp) && rules::detail::lower_into(mcp.server, buf, low))
        if (const auto* list = rules::detail::find_keyed(by_server_, low))
            for (const std::uint32_t r : *list)
                if (rules::detail::star_match(tool_globs_[rules_[r].payload], mcp.tool, true)) f(r);
    // A deny or ask glob names the tool whatever name the request uses: the request's, the
    // canonical one or an alias.
    for (const std::uint32_t r : globs_) {
        const std::string_view pattern = tool_globs_[rules_[r].payload];
        bool hit = rules::detail::star_match(pattern, name, true);
        if (tool && !hit) {
            hit = rules::detail::star_match(pattern, tool->name, true);
            for (std::size_t k = 0; !hit && k < tool->aliases.size(); ++k)
                hit = rules::detail::star_match(pattern, tool->aliases[k], true);
        }
        if (hit) f(r);
    }
}

// Rules that look at the request as a whole: bare tool rules, MCP and glob rules, parameter rules,
// exact subject rules (Agent and other tools).
inline void rules_policy::tool_rules(evaluation& ev, const rules::tool_info* tool, std::string_view name,
                                     const rules::detail::json_args* args, std::string_view subject) const noexcept {
    using rules::detail::spec_kind;
    for_each_target_rule(tool, name, [&](std::uint32_t id) {
        const compiled_rule& r = rules_[id];
        if (!active(r, ev.ctx)) return;
        const auto sid = static_cast<std::int32_t>(id);
        bool matches = false;
        switch (r.spec) {
            case spec_kind::bare: matches = true; break;
            case spec_kind::param: matches = params_match(r, args); break;
            case spec_kind::agent:
            case spec_kind::exact: matches = subject == exact_values_[r.payload]; break;
            default: return;  // fact-level rules are matched by the tool's own check
        }
        if (!matches) return;
        if (r.list == rules::rule_list::allow) {
            if (ev.bare_allow < 0 || sid < ev.bare_allow) ev.bare_allow = sid;
        } else {
            ev.offer_rule(r.list, sid, ev.whole);
        }
    });
}

// The first rule (lowest order) of a list whose shell pattern may match the command (deny/ask).
inline std::int32_t rules_policy::first_shell_rule(rules::detail::may_subject& subject, rules::rule_list list,
                                                   const rules::request_context& ctx, bool& opaque) const noexcept {
    const auto hit = shell_sets_[static_cast<std::size_t>(list)].first_may_match(
        subject, [&](std::uint32_t id) noexcept { return active(rules_[id], ctx); });
    opaque = hit.opaque_program;
    return hit.found() ? static_cast<std::int32_t>(hit.id) : -1;
}

inline std::int32_t rules_policy::first_allow_shell_rule(const shell::analysis& a, const shell::command& c,
                                                         const rules::request_context& ctx) const noexcept {
    rules::allow_match_options options;
    options.host_executables = host_executables_;
    const std::uint32_t id = shell_sets_[0].first_must_match(
        a, c, options, [&](std::uint32_t r) noexcept { return active(rules_[r], ctx); });
    return id == rules::shell_pattern_set::npos ? -1 : static_cast<std::int32_t>(id);
}

// One path fact (S8.3): a literal path (relative ones resolved against `cwd`), or a path known
// only by its literal tail (`suffix`, S8.7) when `opaque` or when the working directory is unknown.
struct rules_policy::path_input {
    std::string_view path;
    std::string_view suffix;
    bool opaque = false;
    std::string_view cwd;
    bool cwd_known = true;
    bool write = false;
    bool glob = false;            // `path` holds unquoted wildcards or brace expansions (S6.3)
    bool tail_glob = false;       // `suffix` may hold wildcards or brace expansions
    bool role_unknown = false;    // a word that may be a path (S6.8): checked as read and write
    bool covered = false;         // the command's allow rule covers it: no baseline (S7.3)
    bool deny_only = false;       // a possible command's fact: deny and ask rules only
    bool directory_tool = false;  // Grep, Glob, LS: the folder's contents are read too
    bool recursive = false;       // the command reads or changes everything below the path
    bool follows = false;         // ... and follows the symbolic links there
    bool entries = false;         // the files of the folder are read, following links (diff)
    bool maybe_recursive = false; // `recursive` only because a word may be an option
    bool links = false;           // another command of the same text may make links
    rules::detail::fact_ref fact;

    // The path a shell word names, `text` being its path (an operand's text may be part of the
    // word): literal, a pattern (S6.3), or unknown with the literal names that end it (S8.7).
    void set_word(const shell::word& w, std::string_view text) noexcept {
        opaque = !w.literal();
        glob = rules::detail::shell_glob_word(w);
        tail_glob = (w.flags & (shell::word_flags::glob | shell::word_flags::brace)) != 0;
        path = w.literal() || glob ? text : std::string_view{};
        suffix = w.suffix;
    }
};

// A word whose value is known on some paths only (`f=.env` in a branch, a loop's last value,
// `${x:-.env}`): deny and ask rules may match that value, besides the unknown path `in` states.
inline void rules_policy::known_value_fact(evaluation& ev, const path_input& in, const shell::word& w,
                                           std::string_view text) const noexcept {
    if (!w.lit_or_opaque() || text.empty()) return;
    path_input known = in;
    known.opaque = known.glob = known.tail_glob = false;
    known.path = text;
    known.deny_only = true;
    path_fact(ev, known);
}

inline void rules_policy::path_fact(evaluation& ev, const path_input& in) const noexcept {
    using rules::detail::baseline;
    using rules::detail::floor_reason;
    const bool write = in.write || in.role_unknown;
    const evaluation::fact_ref& f = in.fact;
    const bool danger = ev.mode == rules::permission_mode::danger_full_access;
    const std::size_t b_in = static_cast<std::size_t>(in.write ? baseline::write_inside : baseline::read_inside);
    const std::size_t b_out = static_cast<std::size_t>(in.write ? baseline::write_outside : baseline::read_outside);
    const auto floor = [&](floor_reason r, rules::decision_code code) {
        ev.offer_floor(floor_[static_cast<std::size_t>(r)], floor_ni_[static_cast<std::size_t>(r)], code, f);
    };
    // The first rule of `list` (both lists: `deny_or_ask`) that `first_match` finds in a path set
    // of the fact's families, or -1.
    const auto first_rule = [&](std::initializer_list<rules::rule_list> lists, auto&& first_match) {
        std::int32_t rule = -1;
        for (const auto list : lists)
            for (std::size_t fam = 0; fam < (write ? 2u : 1u); ++fam) {
                const auto& ps = path_sets_[static_cast<std::size_t>(list)][fam];
                if (ps.set.empty()) continue;
                const std::size_t i = first_match(ps.set);
                if (i != paths::pattern_set::npos && (rule < 0 || static_cast<std::int32_t>(ps.rule[i]) < rule))
                    rule = static_cast<std::int32_t>(ps.rule[i]);
            }
        return rule;
    };
    static constexpr std::initializer_list<rules::rule_list> deny_or_ask{rules::rule_list::deny, rules::rule_list::ask};
    const auto any = [](const paths::pattern_set&) { return std::size_t{0}; };  // with first_rule: the first rule of the lists
    const auto deny_and_ask = [&](auto&& first_match) {
        for (const auto list : deny_or_ask) ev.offer_rule(list, first_rule({list}, first_match), f);
    };
    // Any deny or ask rule may apply: the first of them asks.
    const auto any_rule_asks = [&] { ev.offer_rule(rules::rule_list::ask, first_rule(deny_or_ask, any), f); };
    // Reading below folders (`recursive`), at any depth: a rule that may match at `FOLDER/REST/**`
    // (REST, a glob's rest, may be empty) asks (the file may not exist, and the path may not be a
    // folder); following the links there (`follows`), every deny or ask rule may apply.
    const auto below = [&](std::span<const std::string_view> folders, std::string_view rest = {}) {
        if (in.follows) return any_rule_asks();
        auto& joined = rules::detail::thread_scratch().joined;
        ev.offer_rule(rules::rule_list::ask, first_rule(deny_or_ask, [&](const paths::pattern_set& set) {
            std::size_t best = paths::pattern_set::npos;
            for (const auto c : folders) {
                if (c.size() + rest.size() + 5 > joined.size()) return std::size_t{0};  // cannot tell: the first rule
                std::size_t n = c.size();
                std::memcpy(joined.data(), c.data(), n);
                if (n == 0 || joined[n - 1] != '/') joined[n++] = '/';
                if (!rest.empty()) {
                    std::memcpy(joined.data() + n, rest.data(), rest.size());
                    n += rest.size();
                    joined[n++] = '/';
                }
                joined[n++] = '*';
                joined[n++] = '*';
                best = std::min(best, set.match_glob(std::string_view(joined.data(), n), true, false));
            }
            return best;
        }), f);
    };
    // Wildcards: deny and ask rules fire when some expansion may match them as bash expands by
    // default (no leading dot); a match only with `dotglob` (a dot file) asks.
    const auto glob_deny_and_ask = [&](auto&& first_match) {
        deny_and_ask([&](const paths::pattern_set& set) { return first_match(set, true); });
        ev.offer_rule(rules::rule_list::ask, first_rule(deny_or_ask, [&](const paths::pattern_set& set) { return first_match(set, false); }), f);
    };
    const auto unknown_fact = [&](bool coverable) {
        if (in.deny_only) return;
        if (write) floor(floor_reason::unknown_write, rules::decision_code::incomplete_analysis);
        if (!in.covered || !coverable)
            ev.offer_fact(danger ? verdict::allow : verdict::ask, rules::decision_code::mode_baseline, baseline_[ev.m][b_out],
                          baseline_ni_[ev.m][b_out], -1, f);
    };
    if (!in.deny_only && write && ev.mode == rules::permission_mode::read_only) ev.offer_ceiling(ceiling_write_, f);
    if (in.deny_only && !deny_or_ask_path_rules_) return;  // only deny and ask path rules look at it
    const std::string_view p = in.path;
    const bool relative = (!in.opaque || in.glob) && (p.empty() || (p[0] != '/' && p[0] != '~' && p[0] != '\\' &&
                                                                     !(p.size() > 1 && p[1] == ':')));
    if (in.glob) {
        // S6.3 globs and braces: the path is known only at run time (never auto-allowed), and
        // every path it may expand to is tested against deny and ask rules (S8.3): below its
        // literal folder when that is known, else by its last name (S8.7).
        auto& g = rules::detail::thread_scratch().glob;
        paths::split_glob_path(p, g);
        if (g.unbounded || (!in.cwd_known && relative)) {
            if (!g.last.empty())
                glob_deny_and_ask([&](const paths::pattern_set& set, bool dot_rule) {
                    return set.match_last_name_glob(g.last, true, dot_rule);
                });
            if (in.recursive) any_rule_asks();
            unknown_fact(!g.unbounded);
            return;
        }
        auto& gc = rules::detail::thread_scratch().candidates;
        const paths::candidate_options o = candidates_in(path_cwd(in), env_.resolve_symlinks);
        paths::build_candidates(g.dir.empty() ? std::string_view(".") : g.dir, o, gc);
        if (!gc.ok() || gc.all().empty()) {
            if (!g.last.empty())
                glob_deny_and_ask([&](const paths::pattern_set& set, bool dot_rule) {
                    return set.match_last_name_glob(g.last, true, dot_rule);
                });
            if (in.recursive) any_rule_asks();
            unknown_fact(false);
            return;
        }
        glob_deny_and_ask([&](const paths::pattern_set& set, bool dot_rule) {
            std::size_t best = paths::pattern_set::npos;
            char* const joined = rules::detail::thread_scratch().joined.data();
            for (const auto c : gc.all()) {
                if (c.size() + g.rest.size() + 2 > rules::detail::thread_scratch().joined.size())
                    return std::size_t{0};  // cannot tell: the first rule
                std::memcpy(joined, c.data(), c.size());
                std::size_t n = c.size();
                if (n == 0 || joined[n - 1] != '/') joined[n++] = '/';
                std::memcpy(joined + n, g.rest.data(), g.rest.size());
                n += g.rest.size();
                const std::size_t i = set.match_glob(std::string_view(joined, n), true, dot_rule);
                if (i < best) best = i;
            }
            return best;
        });
        if (in.recursive) below(gc.all(), g.rest);  // `grep -r x s*`: below each folder the glob may name
        // A symbolic link among the names the glob matches leads elsewhere than its spelling:
        // list them and check each one, resolved, like a path written out (S8.3).
        if (o.resolve && first_rule(deny_or_ask, any) >= 0) {
            std::string_view dir = gc.lexical();
            for (std::size_t i = 0; i < gc.size(); ++i)
                if (gc[i].kind == paths::candidate_kind::resolved && !gc[i].windows) {
                    dir = gc[i].path;
                    break;
                }
            const paths::glob_listing listed = paths::expand_glob(
                dir, g.rest, rules::detail::thread_scratch().expansion, [&](const paths::glob_expansion& x) {
                    // a name's spelling was matched above; a link, or what a reader takes from
                    // below a folder (grep -r, diff), is checked as the path written out
                    if (!x.via_link && !(in.recursive && !in.maybe_recursive) && !in.entries) return;
                    if (x.dotglob) {  // only with `dotglob`: ask
                        paths::build_candidates(x.path, o, gc);
                        const auto match = [&](const paths::pattern_set& set) { return set.match_any(gc.all(), true); };
                        ev.offer_rule(rules::rule_list::ask, first_rule(deny_or_ask, match), f);
                        if (in.recursive || in.entries) below(gc.all());
                        return;
                    }
                    path_input spelled = in;
                    spelled.path = x.path;
                    spelled.glob = spelled.tail_glob = spelled.opaque = false;
                    spelled.deny_only = true;  // the glob's own fact is the unknown one below
                    path_fact(ev, spelled);
                });
            if (listed != paths::glob_listing::complete)  // some names were not seen: any rule may apply
                any_rule_asks();
        }
        unknown_fact(true);
        return;
    }
    if (in.opaque || (!in.cwd_known && relative)) {
        // Known only at run time: deny and ask rules whose last name is literal fire on the
        // literal tail (S8.7), reduced to the names that really end the path (`$X/../.env`
        // ends with `.env`); the fact is an unknown path, never auto-allowed, and never covered
        // by a command's allow rule when a `..` climbs out of the tail.
        auto& names = rules::detail::thread_scratch().tail;
        bool climbed = false;
        const std::string_view tail = paths::path_tail_names(in.opaque ? in.suffix : p, names.data(), names.size(), climbed);
        if (in.opaque && in.tail_glob) {  // `$D/.en?`: the last name, as a glob
            auto& g = rules::detail::thread_scratch().glob;
            paths::split_glob_path(in.suffix, g);  // braces may hold `/`: split the tail as written
            if (!g.last.empty())
                glob_deny_and_ask([&](const paths::pattern_set& set, bool dot_rule) {
                    return set.match_last_name_glob(g.last, true, dot_rule);
                });
        } else if (!tail.empty()) {
            deny_and_ask([&](const paths::pattern_set& set) { return set.match_suffix(tail, true); });
        }
        // below a folder known only at run time (`grep -r x "$d"`, or an option `"$x"-R` with the
        // working directory searched): any deny or ask rule may apply
        if (in.recursive) any_rule_asks();
        unknown_fact(!climbed);
        return;
    }
    // Where the path leads is looked at by a deny or ask path rule, for a write (protected paths)
    // and for a read that no allow rule covers and no floor decides (`covered`: the roots). A path
    // no check looks at meets one check only, the floor of a made link, which needs no candidates:
    // it is not even normalised, unless it may be a UNC path (two leading separators), whose floor
    // needs its candidates. Its links are never read.
    const bool looked_at = deny_or_ask_path_rules_ || write || !in.covered;
    if (!looked_at && (p.empty() || (p[0] != '/' && p[0] != '\\'))) {
        if (in.links) floor(floor_reason::link_made, rules::decision_code::incomplete_analysis);
        return;
    }
    auto& s = rules::detail::thread_scratch();
    auto& cands = s.candidates;
    const bool resolve = env_.resolve_symlinks && looked_at;
    const paths::candidate_options o = candidates_in(path_cwd(in), resolve);
    paths::build_candidates(p, o, cands);
    deny_and_ask([&](const paths::pattern_set& set) {
        std::size_t best = set.match_any(cands.all(), true);
        if (in.directory_tool) {
            // A search of a folder reads what is below it: a pattern that matches any name below
            // every candidate (`dir/**`, `dir/*`) denies the search too.
            char child[paths::path_max + 2];
            for (const auto c : cands.all()) {
                if (c.size() + 2 > sizeof child) continue;
                std::memcpy(child, c.data(), c.size());
                std::size_t n = c.size();
                if (n == 0 || child[n - 1] != '/') child[n++] = '/';
                child[n++] = '\x01';
                const std::size_t i = set.match(std::string_view(child, n), true);
                if (i < best) best = i;
            }
        }
        return best;
    });
    if (in.recursive) below(cands.all());
    else if (in.entries && o.resolve && rules::detail::is_folder(cands.lexical()))  // `diff d real`
        any_rule_asks();
    if (in.deny_only) return;
    if (in.links) floor(floor_reason::link_made, rules::decision_code::incomplete_analysis);
    if (cands.unc()) floor(floor_reason::unc_path, rules::decision_code::protected_path);
    if (write && !danger) {
        bool prot = false;
        for (const auto c : cands.all()) prot = prot || is_protected(c);
        if (prot) floor(floor_reason::protected_path, rules::decision_code::protected_path);
    }
    if (write && !cands.ok()) floor(floor_reason::unknown_write, rules::decision_code::incomplete_analysis);
    if (in.covered) return;
    if (in.role_unknown) {  // a possible path is never auto-allowed (S6.8 Clarifications)
        ev.offer_fact(danger ? verdict::allow : verdict::ask, rules::decision_code::mode_baseline, baseline_[ev.m][b_out],
                      baseline_ni_[ev.m][b_out], -1, f);
        return;
    }
    const std::size_t fam = in.write ? 1 : 0;
    const auto& allow = ev.ctx.trusted ? path_sets_[0][fam] : allow_untrusted_paths_[fam];
    if (!allow.set.empty()) {
        const std::size_t i = allow.set.match_all(cands.lexical_and_resolved(), fold_allow_);
        if (i != paths::pattern_set::npos) {
            const auto id = allow.rule[i];
            ev.offer_fact(verdict::allow, rules::decision_code::allow_rule, rules_[id].reason(), rules_[id].reason(),
                          static_cast<std::int32_t>(id), f);
            return;
        }
    }
    const bool inside = inside_roots(cands, ev.ctx.trusted);
    const rules::permission_mode m = ev.mode;
    verdict v = verdict::ask;
    if (danger) v = verdict::allow;
    else if (!in.write && inside) v = verdict::allow;
    else if (in.write && inside && m == rules::permission_mode::workspace_write) v = verdict::allow;
    const std::size_t b = inside ? b_in : b_out;
    ev.offer_fact(v, rules::decision_code::mode_baseline, baseline_[ev.m][b], baseline_ni_[ev.m][b], -1, f);
}

// `ln -s TARGET LINK` with a relative TARGET: the link reads TARGET from the link's folder (LINK's
// folder, or LINK itself when it is a folder), not from the working directory.
inline void rules_policy::link_target(path_input& in, const shell::word& place, const shell::path_operand& op) const noexcept {
    const auto unknown_folder = [&] {  // the target's names end the path
        in.opaque = true;
        in.path = {};
        in.suffix = op.text;
    };
    if (!place.literal()) return unknown_folder();  // known only at run time
    std::string_view folder = op.link_place;
    bool into = op.into_folder || folder.ends_with('/');
    if (!into && env_.resolve_symlinks) {  // `ln -s ../.env real`: a link `real/.env` when real is a folder
        auto& cands = rules::detail::thread_scratch().candidates;
        paths::build_candidates(folder, candidates_in(path_cwd(in), false), cands);
        into = cands.ok() && rules::detail::is_folder(cands.lexical());
    }
    if (!into) {
        const std::size_t slash = folder.rfind('/');
        folder = slash == std::string_view::npos ? std::string_view{} : folder.substr(0, slash + 1);
    }
    auto& buf = rules::detail::thread_scratch().link;
    if (folder.size() + op.text.size() + 2 > buf.size()) return unknown_folder();  // too long for a path
    std::size_t n = folder.size();
    if (n > 0) {
        std::memcpy(buf.data(), folder.data(), n);
        if (buf[n - 1] != '/') buf[n++] = '/';
    }
    std::memcpy(buf.data() + n, op.text.data(), op.text.size());  // not empty: the caller checked
    in.path = std::string_view(buf.data(), n + op.text.size());
}

// The path operands and network destinations of one command (S6.8).
inline void rules_policy::shell_operands(evaluation& ev, const shell::analysis& a, const shell::command& c,
                                         std::string_view cwd, bool cwd_known, bool covered, bool links,
                                         std::uint16_t ordinal) const noexcept {
    // How a command reaches below its folders matters to deny and ask path rules, to the roots
    // (an uncovered search of the working directory) and to the floor of a made link; a covered
    // command in a policy without deny or ask path rules and without links has none of them.
    const bool below_matters = !covered || deny_or_ask_path_rules_ || links;
    const rules::detail::recursion rec =
        below_matters ? rules::detail::recursive_command(a, c) : rules::detail::recursion{};
    const bool recursive = rec.below;
    // the link maker's own paths exist before it runs
    const bool makes = links && (rules::detail::link_maker_name(c.name) || shell::detail::same_text(c.name, "cp"));
    // What every path of this command shares. Reading or writing a folder (grep -r, rg, du, cp -r;
    // rm -r, mv) reaches what is below it.
    const auto common = [&](path_input& in) {
        in.cwd = cwd;
        in.cwd_known = cwd_known;
        in.directory_tool = true;
        in.recursive = recursive;
        in.follows = rec.follows;
        in.entries = rec.entries;
        in.maybe_recursive = rec.unsure;
        in.links = links && !makes;
        in.covered = covered;
        in.deny_only = c.deny_only();
    };
    std::size_t operands = 0;
    const auto operand_fact = [&](const shell::path_operand& op, bool deny_only) {
        const shell::word& w = a.words()[op.word];
        path_input in;
        common(in);
        in.deny_only = in.deny_only || deny_only;
        in.set_word(w, op.text);
        in.write = op.role == shell::path_role::write || op.role == shell::path_role::read_write;
        in.role_unknown = op.role == shell::path_role::unknown;
        in.fact = {in.write ? rules::fact_kind::write : rules::fact_kind::read, w.begin, w.end, ordinal, c.depth};
        if (op.link_at >= 0 && w.literal() && !in.glob && !op.text.empty() && op.text[0] != '/' &&
            (w.flags & shell::word_flags::tilde) == 0)
            link_target(in, a.words()[static_cast<std::size_t>(op.link_at)], op);
        path_fact(ev, in);
        // `sed -i`, `<>`: the file is read as well as written.
        if (op.role == shell::path_role::read_write) {
            in.write = false;
            in.fact.kind = rules::fact_kind::read;
            path_fact(ev, in);
        }
        known_value_fact(ev, in, w, op.text);
    };
    const bool recognised = shell::for_each_path_operand(a, c, [&](const shell::path_operand& op) {
        ++operands;
        operand_fact(op, false);
    });
    // A program the operand tables do not know may read or write any file its words name
    // (`cpp -include .env`, `bc .env`, `git add .env`, `curl -o .env URL`): every word, the value
    // of `--opt=VALUE` and the file of `@FILE` are possible paths for deny and ask path rules
    // (never for allow: the command's own rule covers them). Programs that take no files (bash
    // builtins, the rest of the built-in read-only set) are left out.
    using shell::detail::prog;
    const auto p = static_cast<prog>(c.program);
    if (!recognised && !c.unresolvable() && !c.has(shell::command_flags::builtin) &&
        !(p >= prog::pwd && p <= prog::cd) && deny_or_ask_path_rules_) {
        const auto argv = a.argv(c);
        for (std::size_t k = 1; k < argv.size(); ++k) {
            std::string_view t = argv[k].text;
            if (argv[k].literal() && t.size() > 1 && t[0] == '-') {
                const std::size_t eq = t.find('=');
                if (eq != std::string_view::npos) {
                    t = t.substr(eq + 1);
                } else if (t[1] != '-' && t.size() > 2) {  // `-Ffile`, `-include.env`: a value attached to the option
                    for (std::size_t dot = t.find('.', 3), n = 0; dot != std::string_view::npos && n < 4;
                         dot = t.find('.', dot + 1), ++n)
                        operand_fact(shell::path_operand{c.first_word + static_cast<std::uint32_t>(k), shell::path_role::unknown,
                                                         t.substr(dot)},
                                     true);
                    t = t.substr(2);
                } else {
                    continue;  // an option
                }
            } else if (argv[k].literal() && t.size() > 1 && t[0] == '@') {
                t = t.substr(1);
            }
            if (argv[k].literal() && t.empty()) continue;
            operand_fact(shell::path_operand{c.first_word + static_cast<std::uint32_t>(k), shell::path_role::unknown, t}, true);
        }
    }
    if (recursive && ((operands == 0 && rec.searcher) || rec.searches_cwd)) {
        // `grep -r x`, `rg x`: a recursive search without a path searches the working directory
        path_input in;
        common(in);
        in.path = ".";
        in.fact = {rules::fact_kind::read, c.begin, c.end, ordinal, c.depth};
        path_fact(ev, in);
    }
    if (c.deny_only() || covered) return;
    const auto b = static_cast<std::size_t>(rules::detail::baseline::network);
    shell::for_each_network_target(a, c, [&](const shell::network_target& t) {
        const shell::word& w = a.words()[t.word];
        ev.offer_fact(ev.mode == rules::permission_mode::danger_full_access ? verdict::allow : verdict::ask,
                      rules::decision_code::mode_baseline, baseline_[ev.m][b], baseline_ni_[ev.m][b], -1,
                      {rules::fact_kind::network, w.begin, w.end, ordinal, c.depth});
    });
}

// git told by its own options to use another repository or working tree than the session's
// directory: `-C DIR` to another folder, `--git-dir`, `--work-tree`, or an option not known before
// it runs. (`-C .` or `-C` the session's folder itself is not elsewhere.)
inline bool rules_policy::git_elsewhere(const shell::analysis& a, const shell::command& c) const noexcept {
    const auto argv = a.argv(c);
    if (argv.size() < 2 || argv[1].text.empty() || argv[1].text[0] != '-') return false;  // no global option
    bool elsewhere = false;
    std::size_t dir = argv.size();
    shell::detail::git_subcommand(argv, elsewhere, &dir);
    if (elsewhere || dir >= argv.size()) return elsewhere;
    if (!argv[dir].literal()) return true;
    paths::normalize_options o;
    o.cwd = env_.cwd;
    o.home = env_.home;
    paths::path_buffer& p = rules::detail::thread_scratch().path;
    return !paths::normalize(argv[dir].text, o, p).ok() || p.view() != env_.cwd;
}

// How this policy's environment spells a path's candidates: relative paths against `cwd`, `~`
// against the home, links resolved when `resolve`.
inline paths::candidate_options rules_policy::candidates_in(std::string_view cwd, bool resolve) const noexcept {
    paths::candidate_options o;
    o.cwd = cwd;
    o.home = env_.home;
    o.resolve = resolve;
    if (resolve) o.canonical_dirs = canonical_roots_;
    return o;
}

// The directory a path fact's relative path is relative to: its command's, else the session's.
inline std::string_view rules_policy::path_cwd(const path_input& in) const noexcept {
    return in.cwd_known ? in.cwd : std::string_view(env_.cwd);
}

// Built-in read-only (S12): `cd DIR`, `git -C DIR` only inside the roots; git only in a trusted
// workspace (a repository's configuration can make git run programs). Out of line: most checked
// commands are decided by a rule before this is needed.
CLAW_NOINLINE inline bool rules_policy::shell_read_only(const evaluation& ev, const shell::analysis& a,
                                                        const shell::command& c, bool cwd_known,
                                                        std::string_view cwd) const noexcept {
    const rules::read_only_answer ro = rules::builtin_read_only(a, c);
    const bool git_allowed = ev.ctx.trusted || !shell::detail::same_text(c.name, "git");
    if (ro.what == rules::read_only::if_inside_roots && cwd_known) {
        const std::string_view dir =
            ro.path_word < 0 ? std::string_view(env_.home) : a.words()[static_cast<std::size_t>(ro.path_word)].text;
        auto& s = rules::detail::thread_scratch();
        paths::build_candidates(dir, candidates_in(cwd, env_.resolve_symlinks), s.candidates);
        return inside_roots(s.candidates, ev.ctx.trusted) && git_allowed;
    }
    return ro.what == rules::read_only::yes && git_allowed;
}

// A file command whose path operands (at least one) are all literal, inside the roots and not
// protected: the file-command baseline of the modes applies to it.
CLAW_NOINLINE inline bool rules_policy::filesystem_inside_roots(const evaluation& ev, const shell::analysis& a,
                                                                const shell::command& c,
                                                                std::string_view cwd) const noexcept {
    auto& s = rules::detail::thread_scratch();
    bool filesystem = true;
    std::size_t operands = 0;
    shell::for_each_path_operand(a, c, [&](const shell::path_operand& op) {
        const shell::word& w = a.words()[op.word];
        ++operands;
        if (!filesystem) return;
        if (!w.literal() || (w.flags & shell::word_flags::glob) != 0 || op.role == shell::path_role::unknown) {
            filesystem = false;
            return;
        }
        paths::build_candidates(w.text, candidates_in(cwd, env_.resolve_symlinks), s.candidates);
        if (!inside_roots(s.candidates, ev.ctx.trusted)) filesystem = false;
        for (const auto q : s.candidates.all()) filesystem = filesystem && !is_protected(q);
    });
    return filesystem && operands > 0;
}

inline void rules_policy::check_shell(evaluation& ev, std::string_view subject) const noexcept {
    using rules::detail::baseline;
    using rules::detail::floor_reason;
    using rules::fact_kind;
    auto& s = rules::detail::thread_scratch();
    shell::analysis& a = s.analysis;
    const bool danger = ev.mode == rules::permission_mode::danger_full_access;
    const auto floor_of = [&](floor_reason f) -> const std::string& { return floor_[static_cast<std::size_t>(f)]; };
    const auto floor_ni_of = [&](floor_reason f) -> const std::string& { return floor_ni_[static_cast<std::size_t>(f)]; };

    shell::analyze(subject, a);
    ev.complete = a.complete();
    const auto commands = a.commands();
    ev.commands = static_cast<std::uint16_t>(commands.size());
    cwd_choices dirs;
    const bool links = commands.size() > 1 && rules::detail::makes_links(a);
    // S13: a floor outranks every ask rule and every allowed or asked fact. When one is sure to
    // apply (an incomplete analysis, an unresolvable program, git in another directory), only what
    // outranks it is looked for: deny rules, ceilings and the first floor. The git floor (S6.7) is
    // found here, for the first command it applies to (a later one cannot be the first floor).
    bool floor_ahead = !ev.floor.empty() || !ev.complete;
    std::size_t git_floor = commands.size();
    for (std::size_t i = 0; i < commands.size() && git_floor == commands.size(); ++i) {
        const shell::command& c = commands[i];
        if (c.deny_only()) continue;
        floor_ahead = floor_ahead || c.unresolvable();
        if (!danger && shell::detail::same_text(c.name, "git") && (c.cwd != 0 || git_elsewhere(a, c))) git_floor = i;
    }
    floor_ahead = floor_ahead || git_floor < commands.size();

    for (std::size_t i = 0; i < commands.size(); ++i) {
        const shell::command& c = commands[i];
        const evaluation::fact_ref f{fact_kind::exec, c.begin, c.end, static_cast<std::uint16_t>(i + 1), c.depth};
        bool opaque = false;
        rules::detail::may_subject may = rules::detail::prepare_may(a, c);
        const std::int32_t denied = first_shell_rule(may, rules::rule_list::deny, ev.ctx, opaque);
        // A deny rule that applies only because the program is unknown follows the knob (S7.4).
        const bool soften = opaque && env_.opaque_program != verdict::deny;
        ev.offer_rule(soften ? rules::rule_list::ask : rules::rule_list::deny, denied, f, opaque);
        if (!floor_ahead)
            ev.offer_rule(rules::rule_list::ask, first_shell_rule(may, rules::rule_list::ask, ev.ctx, opaque), f,
                          opaque);

        command_cwds(a, c, dirs);
        // One directory known for sure; with several (a `cd` that may have failed), the checks
        // below that need one directory take it as unknown, and path facts are checked in each.
        const bool cwd_known = dirs.one();
        const std::string_view cwd = cwd_known ? dirs.dir[0] : std::string_view{};
        if (dirs.too_many)
            ev.offer_floor(floor_of(floor_reason::incomplete), floor_ni_of(floor_reason::incomplete),
                           rules::decision_code::incomplete_analysis, f);
        const auto check_operands = [&](bool covered, std::uint16_t ordinal) {
            if (!dirs.known) return shell_operands(ev, a, c, {}, false, covered, links, ordinal);
            for (const std::string_view d : dirs.all()) shell_operands(ev, a, c, d, true, covered, links, ordinal);
        };
        // S10.1: removal of a critical path, in every mode, in every directory the command may run in.
        rules::for_each_removal_target(a, c, [&](const rules::removal_target& t) {
            bool critical = t.variable_then_glob;
            const shell::word& w = a.words()[t.word];
            const bool absolute = !w.text.empty() && (w.text[0] == '/' || w.text[0] == '~');
            if (!critical && (t.literal || t.glob) && (dirs.known || absolute)) {
                std::string_view target = w.text;
                if (t.glob) {  // the directory the glob expands in
                    const std::size_t g = target.find_first_of("*?[");
                    const std::size_t slash = target.substr(0, g).rfind('/');
                    target = slash == std::string_view::npos ? std::string_view{} : target.substr(0, slash == 0 ? 1 : slash);
                }
                const std::string_view here = env_.cwd;
                for (const std::string_view d : dirs.known ? dirs.all() : std::span<const std::string_view>(&here, 1)) {
                    paths::normalize_options o;
                    o.cwd = d;
                    o.home = env_.home;
                    paths::path_buffer& p = s.path;
                    if (target.empty()) critical = critical || critical_target(o.cwd, ev.ctx.trusted);
                    else if (paths::normalize(target, o, p).ok()) critical = critical || critical_target(p.view(), ev.ctx.trusted);
                }
            }
            if (critical)
                ev.offer_floor(floor_of(floor_reason::critical_path), floor_ni_of(floor_reason::critical_path),
                               rules::decision_code::critical_path, {fact_kind::write, w.begin, w.end, f.command, f.depth});
        });
        const auto ordinal = static_cast<std::uint16_t>(i + 1);
        if (c.deny_only()) {
            check_operands(false, ordinal);
            continue;
        }
        // S6.7: git run in another directory than the session's, by a `cd` or by its own options
        // (`-C DIR`, `--git-dir`, `--work-tree`): that repository's configuration and hooks run.
        if (i == git_floor)
            ev.offer_floor(floor_of(floor_reason::cd_then_git), floor_ni_of(floor_reason::cd_then_git),
                           rules::decision_code::protected_path, f);
        if (c.unresolvable())
            ev.offer_floor(floor_of(floor_reason::opaque_program), floor_ni_of(floor_reason::opaque_program),
                           rules::decision_code::opaque_program, f);
        if (!rules::requires_allow(c)) {
            check_operands(floor_ahead, ordinal);
            continue;
        }
        if (floor_ahead) {  // no allow can matter; the read-only mode's ceiling still can
            if (ev.mode == rules::permission_mode::read_only && !shell_read_only(ev, a, c, cwd_known, cwd))
                ev.offer_ceiling(ceiling_exec_, f);
            check_operands(true, ordinal);
            continue;
        }
        // The built-in read-only set is needed by the read-only mode's ceiling and when no allow
        // rule covers the command (an allow rule explains an allow before the set does).
        const std::int32_t allow = ev.complete ? first_allow_shell_rule(a, c, ev.ctx) : -1;
        const bool read_only = (allow < 0 || ev.mode == rules::permission_mode::read_only) &&
                               shell_read_only(ev, a, c, cwd_known, cwd);
        if (ev.mode == rules::permission_mode::read_only && !read_only) ev.offer_ceiling(ceiling_exec_, f);
        if (allow >= 0) {
            ev.offer_fact(verdict::allow, rules::decision_code::allow_rule, rules_[static_cast<std::size_t>(allow)].reason(),
                          rules_[static_cast<std::size_t>(allow)].reason(), allow, f);
        } else if (read_only) {
            const auto b = static_cast<std::size_t>(baseline::exec_read_only);
            ev.offer_fact(verdict::allow, rules::decision_code::builtin_read_only, baseline_[ev.m][b], baseline_[ev.m][b], -1, f);
        } else {
            const bool filesystem = rules::detail::is_filesystem_command(c.name) && cwd_known &&
                                    !c.has(shell::command_flags::host_path) && filesystem_inside_roots(ev, a, c, cwd);
            const auto b = static_cast<std::size_t>(filesystem ? baseline::exec_filesystem : baseline::exec_other);
            verdict v = verdict::ask;
            if (danger) v = verdict::allow;
            else if (filesystem && ev.mode == rules::permission_mode::workspace_write) v = verdict::allow;
            ev.offer_fact(v, rules::decision_code::mode_baseline, baseline_[ev.m][b], baseline_ni_[ev.m][b], -1, f);
        }
        check_operands(allow >= 0, ordinal);
    }

    // Redirections: each target is a fact of its own, allowed independently (S7.3 d).
    for (const shell::redirect& rd : a.redirects()) {
        if (rd.target < 0 || rd.kind == shell::redirect_kind::duplicate || rd.kind == shell::redirect_kind::heredoc ||
            rd.kind == shell::redirect_kind::herestring)
            continue;
        const shell::word& w = a.words()[static_cast<std::size_t>(rd.target)];
        const shell::command* owner = rd.command >= 0 && static_cast<std::size_t>(rd.command) < commands.size()
                                          ? &commands[static_cast<std::size_t>(rd.command)]
                                          : nullptr;
        const auto ordinal = static_cast<std::uint16_t>(owner ? rd.command + 1 : 0);
        const std::uint8_t depth = owner ? owner->depth : 0;
        if ((rd.flags & shell::redirect_flags::network) != 0) {
            const auto b = static_cast<std::size_t>(baseline::network);
            ev.offer_fact(danger ? verdict::allow : verdict::ask, rules::decision_code::mode_baseline, baseline_[ev.m][b],
                          baseline_ni_[ev.m][b], -1, {fact_kind::network, w.begin, w.end, ordinal, depth});
            continue;
        }
        if ((rd.flags & shell::redirect_flags::sink) != 0) continue;
        path_input in;
        in.cwd = env_.cwd;
        if (owner) command_cwds(a, *owner, dirs);
        in.cwd_known = !owner || dirs.known;
        in.set_word(w, w.text);
        in.write = rd.writes();
        in.deny_only = owner && owner->deny_only();
        in.fact = {in.write ? fact_kind::write : fact_kind::read, w.begin, w.end, ordinal, depth};
        const std::string_view here = env_.cwd;
        for (const std::string_view d : owner && dirs.known ? dirs.all() : std::span<const std::string_view>(&here, 1)) {
            in.cwd = d;
            in.write = rd.writes();
            in.fact.kind = in.write ? fact_kind::write : fact_kind::read;
            path_fact(ev, in);
            known_value_fact(ev, in, w, w.text);
            if (rd.reads() && rd.writes()) {
                in.write = false;
                in.fact.kind = fact_kind::read;
                path_fact(ev, in);
                known_value_fact(ev, in, w, w.text);
            }
        }
    }

    if (!ev.complete) {
        const auto why = static_cast<std::size_t>(a.reason());
        ev.offer_floor(incomplete_[why], incomplete_ni_[why], rules::decision_code::incomplete_analysis, ev.whole);
        // Deny rules are never skipped: the conservative scan of the raw text (S6.10). (Ask rules
        // cannot outrank the floor just offered.)
        for (const std::uint32_t id : shell_sets_[static_cast<std::size_t>(rules::rule_list::deny)].ids()) {
            const compiled_rule& r = rules_[id];
            if (active(r, ev.ctx) && shell::scan_matches(subject, scan_views_[r.payload])) {
                ev.offer_rule(rules::rule_list::deny, static_cast<std::int32_t>(id), ev.whole);
                break;
            }
        }
    }
}

inline void rules_policy::check_path_tool(evaluation& ev, std::string_view subject, const rules::tool_info& tool) const noexcept {
    const bool write = tool.family == rules::path_family::edit || tool.kind == rules::tool_kind::edit;
    std::string_view path = subject;
    if (path.empty() && !tool.primary_required) path = env_.cwd;  // Grep, Glob, LS: the cwd by default
    if (path.empty()) {
        ev.malformed = malformed_[5];
        return;
    }
    if (path.find('\0') != std::string_view::npos) {  // a C API would stop at the NUL: another file
        ev.malformed = malformed_[5];
        return;
    }
    const bool covered = ev.bare_allow >= 0;
    path_input in;
    in.path = path;
    in.cwd = env_.cwd;
    in.write = write;
    in.covered = covered;
    in.directory_tool = !tool.primary_required;  // Grep, Glob, LS read what is below the path
    in.fact = {write ? rules::fact_kind::write : rules::fact_kind::read, ev.whole.begin, ev.whole.end, 0, 0};
    path_fact(ev, in);
    if (!tool.path_glob_parameter.empty() && ev.args) glob_pattern_folder(ev, in, path, tool.path_glob_parameter);
    if (covered) {
        const auto id = static_cast<std::size_t>(ev.bare_allow);
        ev.offer_fact(verdict::allow, rules::decision_code::allow_rule, rules_[id].reason(), rules_[id].reason(), ev.bare_allow,
                      {write ? rules::fact_kind::write : rules::fact_kind::read, ev.whole.begin, ev.whole.end, 0, 0});
    }
}

// A path-glob parameter (`tool_info::path_glob_parameter`, Glob's `pattern`) may lead out of the
// tool's folder (`/etc/*`, `../../home/u/.ssh/*`, `secrets/*`): the literal folder before its first
// wildcard (`paths::split_glob_path`) is checked too, as the folder of a directory tool. A pattern
// whose expansions are not confined below that folder (`..` after a wildcard) or that does not fit
// is an unknown path.
inline void rules_policy::glob_pattern_folder(evaluation& ev, path_input in, std::string_view path,
                                              std::string_view parameter) const noexcept {
    const rules::detail::json_member* m = ev.args->find(parameter);
    if (!m || m->type != rules::detail::json_type::string) return;
    std::array<char, paths::path_max> text;
    const std::size_t n = rules::detail::decode_json_string(m->raw, text.data(), text.size());
    paths::glob_path& g = rules::detail::thread_scratch().glob;
    if (n != rules::detail::npos) paths::split_glob_path(std::string_view(text.data(), n), g);
    paths::normalize_options o;
    o.cwd = env_.cwd;
    o.home = env_.home;
    bool known = n != rules::detail::npos && !g.unbounded;
    if (known && g.dir.empty()) return;  // below `path`: checked by the caller
    paths::path_buffer base;
    paths::path_buffer& folder = rules::detail::thread_scratch().cwd;
    known = known && paths::normalize(path, o, base).ok();
    o.cwd = base.view();
    known = known && paths::normalize(g.dir, o, folder).ok();
    in.opaque = !known;
    in.path = known ? folder.view() : std::string_view{};
    if (!known) in.suffix = {};
    path_fact(ev, in);
}

inline void rules_policy::check_web_fetch(evaluation& ev, std::string_view subject) const noexcept {
    using rules::detail::floor_reason;
    const domains::url_host url = domains::parse_url_host(subject);
    const evaluation::fact_ref f{rules::fact_kind::network, ev.whole.begin, ev.whole.end, 0, 0};
    const std::string_view host = url.host();
    if (url.ok() && !host.empty()) {
        // A non-ASCII host is also matched in its ASCII spelling (IDNA separators, full-width
        // forms, Punycode), so that `evil。example` meets a rule written for `evil.example`.
        char ascii_buf[CLAW_URL_HOST_MAX];
        const std::string_view ascii = url.non_ascii_host() ? domains::ascii_host(host, ascii_buf, sizeof ascii_buf)
                                                            : std::string_view{};
        for (const auto list : {rules::rule_list::deny, rules::rule_list::ask}) {
            const auto& d = domain_sets_[static_cast<std::size_t>(list)];
            if (d.set.empty()) continue;
            std::size_t i = d.set.match(host);
            if (!ascii.empty()) i = std::min(i, d.set.match(ascii));
            if (i != domains::domain_pattern_set::npos) ev.offer_rule(list, static_cast<std::int32_t>(d.rule[i]), f);
        }
    }
    if (url.non_http_scheme())
        ev.offer_floor(floor_[static_cast<std::size_t>(floor_reason::non_http_scheme)],
                       floor_ni_[static_cast<std::size_t>(floor_reason::non_http_scheme)],
                       rules::decision_code::protected_path, f);
    if (url.non_ascii_host())
        ev.offer_floor(floor_[static_cast<std::size_t>(floor_reason::non_ascii_host)],
                       floor_ni_[static_cast<std::size_t>(floor_reason::non_ascii_host)],
                       rules::decision_code::protected_path, f);
    if (!url.ok() || (host.empty() && !url.non_http_scheme())) {
        ev.malformed = malformed_[4];
        return;
    }
    std::int32_t allow = ev.bare_allow;
    const auto& d = ev.ctx.trusted ? domain_sets_[0] : allow_untrusted_domains_;
    if (!d.set.empty() && !url.non_http_scheme() && !url.non_ascii_host()) {
        const std::size_t i = d.set.match(host);
        if (i != domains::domain_pattern_set::npos && (allow < 0 || static_cast<std::int32_t>(d.rule[i]) < allow))
            allow = static_cast<std::int32_t>(d.rule[i]);
    }
    if (allow >= 0) {
        const auto id = static_cast<std::size_t>(allow);
        ev.offer_fact(verdict::allow, rules::decision_code::allow_rule, rules_[id].reason(), rules_[id].reason(), allow, f);
        return;
    }
    const auto b = static_cast<std::size_t>(rules::detail::baseline::network);
    ev.offer_fact(ev.mode == rules::permission_mode::danger_full_access ? verdict::allow : verdict::ask,
                  rules::decision_code::mode_baseline, baseline_[ev.m][b], baseline_ni_[ev.m][b], -1, f);
}

inline void rules_policy::check_other(evaluation& ev, const rules::tool_info* tool) const noexcept {
    const evaluation::fact_ref f{rules::fact_kind::tool, ev.whole.begin, ev.whole.end, 0, 0};
    const bool read_only = tool && tool->read_only;
    if (ev.mode == rules::permission_mode::read_only && !read_only) ev.offer_ceiling(ceiling_tool_, f);
    if (ev.bare_allow >= 0) {
        const auto id = static_cast<std::size_t>(ev.bare_allow);
        ev.offer_fact(verdict::allow, rules::decision_code::allow_rule, rules_[id].reason(), rules_[id].reason(), ev.bare_allow, f);
        return;
    }
    const auto b = static_cast<std::size_t>(read_only ? rules::detail::baseline::tool_read_only : rules::detail::baseline::tool_other);
    verdict v = verdict::ask;
    if (read_only || ev.mode == rules::permission_mode::danger_full_access) v = verdict::allow;
    ev.offer_fact(v, rules::decision_code::mode_baseline, baseline_[ev.m][b], baseline_ni_[ev.m][b], -1, f);
}

inline decision rules_policy::check(const tool_request& req, const rules::request_context& ctx,
                                    rules::decision_record* out) const noexcept {
    using rules::decision_code;
    const rules::permission_mode mode = ctx.trusted ? settings_.mode_trusted : settings_.mode_untrusted;
    evaluation ev(ctx, mode);
    bool overridden = false;
    const auto finish = [&](verdict v, decision_code code, std::string_view reason, std::int32_t rule,
                            const evaluation::fact_ref& f) {
        if (!out) return decision{v, reason};
        rules::decision_record& rec = *out;
        rec = rules::decision_record{};
        rec.mode = mode;
        rec.what = v;
        rec.code = code;
        rec.reason = reason;
        if (rule >= 0) {
            rec.has_rule = true;
            rec.rule = rule_at(static_cast<std::size_t>(rule));
        }
        rec.fact = f.kind;
        rec.begin = f.begin;
        rec.end = f.end;
        rec.command = f.command;
        rec.depth = f.depth;
        rec.commands = ev.commands;
        rec.complete = ev.complete;
        rec.overridden = overridden;
        return decision{v, reason};
    };

    // S4: which tool. S5: which subject.
    const rules::tool_info* tool = env_.tools.find(req.name);
    auto& s = rules::detail::thread_scratch();
    std::string_view subject = req.input;
    const rules::detail::json_args* args = nullptr;
    if (req.input.size() > CLAW_RULES_MAX_INPUT_BYTES)
        return finish(verdict::deny, decision_code::malformed_input, malformed_[3], -1, {});
    if (ctx.input_json) {
        if (!rules::detail::scan_json_args(req.input, s.args))
            return finish(verdict::deny, decision_code::malformed_input, malformed_[0], -1, {});
        args = &s.args;
        subject = {};
        if (tool && !tool->primary.empty()) {
            const rules::detail::json_member* m = s.args.find(tool->primary);
            if (!m) {
                if (tool->primary_required) return finish(verdict::deny, decision_code::malformed_input, malformed_[1], -1, {});
            } else if (m->type != rules::detail::json_type::string) {
                return finish(verdict::deny, decision_code::malformed_input, malformed_[2], -1, {});
            } else {
                const std::size_t n = rules::detail::decode_json_string(m->raw, s.subject.data(), s.subject.size());
                if (n == rules::detail::npos) return finish(verdict::deny, decision_code::malformed_input, malformed_[2], -1, {});
                subject = std::string_view(s.subject.data(), n);
            }
        }
        // S5.3: parameters that relax isolation.
        if (tool && mode != rules::permission_mode::danger_full_access)
            for (const auto& p : tool->isolation_parameters)
                if (const auto* m = s.args.find(p); m && shell::detail::same_text(m->raw, "true"))
                    ev.offer_floor(floor_[static_cast<std::size_t>(rules::detail::floor_reason::sandbox_escape)],
                                   floor_ni_[static_cast<std::size_t>(rules::detail::floor_reason::sandbox_escape)],
                                   decision_code::sandbox_escape, {});
    }
    ev.args = args;
    ev.whole = {rules::fact_kind::tool, 0, static_cast<std::uint32_t>(subject.size()), 0, 0};

    tool_rules(ev, tool, req.name, args, subject);
    if (tool) {
        switch (tool->kind) {
            case rules::tool_kind::shell: check_shell(ev, subject); break;
            case rules::tool_kind::read:
            case rules::tool_kind::edit: check_path_tool(ev, subject, *tool); break;
            case rules::tool_kind::web_fetch: check_web_fetch(ev, subject); break;
            default: check_other(ev, tool); break;
        }
    } else {
        check_other(ev, nullptr);
    }

    // S13: deny rules, ceilings, floors, ask rules, facts; then the override and interaction.
    if (!ev.malformed.empty()) return finish(verdict::deny, decision_code::malformed_input, ev.malformed, -1, ev.whole);
    if (ev.deny >= 0) {
        const auto& r = rules_[static_cast<std::size_t>(ev.deny)];
        return finish(verdict::deny, ev.deny_opaque ? decision_code::opaque_program : decision_code::deny_rule,
                      r.reason(), ev.deny, ev.deny_fact);
    }
    if (!ev.ceiling.empty()) return finish(verdict::deny, decision_code::mode_ceiling, ev.ceiling, -1, ev.ceiling_fact);
    verdict v = verdict::allow;
    decision_code code = decision_code::allow_rule;
    std::string_view reason, reason_ni;
    std::int32_t rule = -1;
    evaluation::fact_ref fact = ev.whole;
    bool ask_only_from_baseline = true;
    if (!ev.floor.empty()) {
        v = verdict::ask;
        code = ev.floor_code;
        reason = ev.floor;
        reason_ni = ev.floor_ni;
        fact = ev.floor_fact;
        ask_only_from_baseline = false;
    }
    if (ev.ask >= 0) {
        ask_only_from_baseline = false;
        if (v < verdict::ask) {
            const auto& r = rules_[static_cast<std::size_t>(ev.ask)];
            v = verdict::ask;
            code = ev.ask_opaque ? decision_code::opaque_program : decision_code::ask_rule;
            reason = r.reason();
            reason_ni = r.reason_noninteractive();
            rule = ev.ask;
            fact = ev.ask_fact;
        }
    }
    if (ev.fset && (ev.fv > v || reason.empty())) {
        v = ev.fv;
        code = ev.fcode;
        reason = ev.freason;
        reason_ni = ev.freason_ni;
        rule = ev.frule;
        fact = ev.ffact;
        if (ev.fv == verdict::deny) return finish(verdict::deny, decision_code::mode_ceiling, reason, rule, fact);
    }
    if (reason.empty()) reason = reason_ni = "nothing to run";
    // S11.4: an override may deny, ask, or lift an ask that came only from a mode baseline.
    if (ctx.has_override) {
        if (ctx.override_verdict == verdict::deny) {
            overridden = true;
            return finish(verdict::deny, decision_code::override_verdict, override_deny_, -1, fact);
        }
        if (ctx.override_verdict == verdict::ask && v == verdict::allow) {
            overridden = true;
            v = verdict::ask;
            code = decision_code::override_verdict;
            reason = override_ask_;
            reason_ni = override_ask_ni_;
            rule = -1;
        } else if (ctx.override_verdict == verdict::allow && v == verdict::ask && ask_only_from_baseline) {
            overridden = true;
            return finish(verdict::allow, decision_code::override_verdict, override_allow_, -1, fact);
        }
    }
    // S11.3: nobody to ask.
    if (v == verdict::ask && (!ctx.interactive || mode == rules::permission_mode::dont_ask))
        return finish(verdict::deny, decision_code::noninteractive, reason_ni, rule, fact);
    return finish(v, code, reason, rule, fact);
}

CLAW_END_NAMESPACE
