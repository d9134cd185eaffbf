// SPDX-License-Identifier: MIT
// Tool identity for the rules policy (RULES.md S4, S5.1): which tool a name means, what kind of
// rules apply to it, which input field is its subject and which parameters param rules may name.
// Names resolve ASCII-case-insensitively against canonical names and aliases; `mcp__S__T` names
// are MCP tools without registration.
#pragma once

#include <claw/config.hpp>
#include <claw/error.hpp>
#include <claw/paths/detail/string_index.hpp>
#include <claw/permissions/rules/vocabulary.hpp>
#include <claw/text/repr.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** Path rules apply to a family of tools: `Read(...)` to every reader, `Edit(...)` to every writer. */
enum class path_family : unsigned char { none, read, edit };

/**
 * What the policy knows of one tool.
 *
 * `primary` is the input field that holds the subject (`command`, `file_path`, `url`, ...); an
 * empty `primary` means the tool has no subject. `parameters` are the other top-level scalar
 * fields that param rules (`Bash(run_in_background:true)`) may name. `read_only` marks an MCP or
 * other tool that never changes anything (its mode baseline is `allow`).
 */
struct tool_info {
    std::string name;
    std::vector<std::string> aliases;
    tool_kind kind = tool_kind::other;
    capability klass = capability::other;
    std::string primary;
    bool primary_required = true;
    std::vector<std::string> parameters;
    bool read_only = false;
    path_family family = path_family::none;
    std::vector<std::string> isolation_parameters;  ///< boolean parameters that relax isolation when true (S5.3)
    /// A parameter holding a glob of paths below the primary folder (Glob's `pattern`): the folder
    /// its literal names reach is checked too, as the tool's own folder (empty: none).
    std::string path_glob_parameter;
};

namespace detail {
inline constexpr std::size_t max_tool_name = 256;

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

inline std::string ascii_lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

}  // namespace detail

/** A tool name of the form `mcp__<server>__<tool>`, split. */
struct mcp_name {
    std::string_view server;
    std::string_view tool;  ///< empty for `mcp__<server>` alone
};

/**
 * Splits `mcp__server__tool` (the prefix compared ASCII-case-insensitively): the server is the text
 * up to the next `__`, the tool everything after it. Returns false for names that are not MCP
 * names or have an empty server.
 */
constexpr bool split_mcp_name(std::string_view name, mcp_name& out) noexcept {
    if (name.size() < 6) return false;
    for (std::size_t i = 0; i < 5; ++i)
        if (detail::ascii_lower(name[i]) != "mcp__"[i]) return false;
    const std::string_view rest = name.substr(5);
    const std::size_t sep = rest.find("__");
    out.server = rest.substr(0, sep);
    out.tool = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep + 2);
    return !out.server.empty();
}

/** Raised when a tool cannot be registered (duplicate name, server name holding `__`). */
class tool_registry_error : public error {
public:
    explicit tool_registry_error(const std::string& message) : error(errc::invalid_argument, message) {}
};

/**
 * The tools the policy knows. `builtin()` holds the defaults of RULES.md (Clarifications and
 * S4.2): Bash, Read, Grep, Glob, LS, Edit, Write, MultiEdit, NotebookEdit, WebFetch and Agent,
 * with the inventory names (`BashTool`, `FileReadTool`, ...) and the Rust port's names (`bash`,
 * `read_file`, ...) as aliases.
 *
 * `find` is noexcept and allocation-free: one hash probe over the names and aliases.
 */
class tool_registry {
public:
    /**
     * Registers a tool. Every name is checked before anything changes, so a refused tool leaves
     * the registry as it was.
     * @throws tool_registry_error for a name or alias already taken (ASCII case ignored), a name
     *         of more than 256 bytes, or an MCP name whose server part holds `__`.
     */
    void add(tool_info t) {
        std::vector<std::string> names{t.name};
        names.insert(names.end(), t.aliases.begin(), t.aliases.end());
        std::vector<std::string> lowered;
        for (const auto& n : names) {
            if (n.empty() || n.size() > detail::max_tool_name)
                throw tool_registry_error("tool name " + text::repr(n) + " must be 1 to 256 bytes");
            mcp_name m;
            if (split_mcp_name(n, m) && m.tool.find("__") != std::string_view::npos)
                throw tool_registry_error("tool name " + text::repr(n) + ": an MCP server name must not contain '__'");
            std::string low = detail::ascii_lowered(n);
            if (find(n)) throw tool_registry_error("tool name " + text::repr(n) + " is already registered");
            // The same name twice in one tool (`Bash` and `bash`) is one entry.
            if (std::find(lowered.begin(), lowered.end(), low) == lowered.end()) lowered.push_back(std::move(low));
        }
        // The new index is built aside; nothing below it can throw once the room is reserved.
        const auto index = static_cast<std::uint32_t>(tools_.size());
        std::vector<std::pair<std::string, std::uint32_t>> entries = names_;
        for (auto& low : lowered) entries.emplace_back(std::move(low), index);
        paths::detail::string_index built;
        built.build(entries);
        tools_.reserve(tools_.size() + 1);
        tools_.push_back(std::move(t));
        names_.swap(entries);
        index_ = std::move(built);
    }

    /** The tool a name means (canonical name or alias, ASCII case ignored), or nullptr. */
    const tool_info* find(std::string_view name) const noexcept {
        const auto hit = index_.find(name);
        return hit.empty() ? nullptr : &tools_[hit.front()];
    }

    const std::vector<tool_info>& tools() const noexcept { return tools_; }

    /** The default registry (see the class comment). */
    static tool_registry builtin() {
        tool_registry r;
        r.add({"Bash", {"bash", "BashTool", "shell"}, tool_kind::shell, capability::exec, "command", true,
               {"timeout", "description", "run_in_background", "dangerouslyDisableSandbox"}, false, path_family::none,
               {"dangerouslyDisableSandbox"}, ""});
        r.add({"Read", {"read_file", "FileReadTool"}, tool_kind::read, capability::read, "file_path", true,
               {"offset", "limit"}, true, path_family::read, {}, ""});
        r.add({"Grep", {"GrepTool", "grep_search"}, tool_kind::read, capability::read, "path", false,
               {"pattern", "glob", "type", "output_mode"}, true, path_family::read, {}, ""});
        r.add({"Glob", {"GlobTool", "glob_search"}, tool_kind::read, capability::read, "path", false, {"pattern"}, true,
               path_family::read, {}, "pattern"});
        r.add({"LS", {"LSTool", "list_directory"}, tool_kind::read, capability::read, "path", false, {}, true,
               path_family::read, {}, ""});
        r.add({"Edit", {"edit_file", "FileEditTool"}, tool_kind::edit, capability::write, "file_path", true,
               {"old_string", "new_string", "replace_all"}, false, path_family::edit, {}, ""});
        r.add({"Write", {"write_file", "FileWriteTool"}, tool_kind::edit, capability::write, "file_path", true,
               {"content"}, false, path_family::edit, {}, ""});
        r.add({"MultiEdit", {"MultiEditTool"}, tool_kind::edit, capability::write, "file_path", true, {}, false,
               path_family::edit, {}, ""});
        r.add({"NotebookEdit", {"NotebookEditTool"}, tool_kind::edit, capability::write, "notebook_path", true,
               {"cell_id", "new_source", "cell_type", "edit_mode"}, false, path_family::edit, {}, ""});
        r.add({"WebFetch", {"WebFetchTool", "web_fetch"}, tool_kind::web_fetch, capability::network, "url", true,
               {"prompt"}, false, path_family::none, {}, ""});
        r.add({"Agent", {"AgentTool", "Task"}, tool_kind::agent, capability::other, "subagent_type", true,
               {"description", "prompt"}, false, path_family::none, {}, ""});
        return r;
    }

private:
    std::vector<tool_info> tools_;
    std::vector<std::pair<std::string, std::uint32_t>> names_;  // (lowered name or alias, tool)
    paths::detail::string_index index_;
};

}  // namespace rules
CLAW_END_NAMESPACE
