// SPDX-License-Identifier: MIT
// claw-cpp's built-in inventories: the usual agent tools and slash commands of the harness, each
// with its source hint and a one-line description in claw-cpp's own words. They let the CLI and the
// examples run with no inventory file; `--tools-file`/`--commands-file` or `load_inventory`
// replace them with the reference's snapshots. 47 tools, 44 commands.
#pragma once

#include <claw/config.hpp>

#include <claw/routing/inventory.hpp>

#include <vector>

CLAW_BEGIN_NAMESPACE
namespace detail {
inline const std::vector<module_entry>& builtin_tool_entries() {
    static const std::vector<module_entry> entries{
        {"AgentTool", "Starts a sub-agent with its own context to work on a delegated task", "tools/AgentTool/AgentTool.tsx"},
        {"BashTool", "Executes a shell command in the workspace and returns its output", "tools/BashTool/BashTool.tsx"},
        {"BashOutputTool", "Reads new output from a shell command running in the background", "tools/BashOutputTool/BashOutputTool.tsx"},
        {"KillShellTool", "Stops a background shell by its identifier", "tools/KillShellTool/KillShellTool.tsx"},
        {"PowerShellTool", "Executes a PowerShell command on Windows machines", "tools/PowerShellTool/PowerShellTool.tsx"},
        {"FileReadTool", "Returns the contents of a file with line numbers", "tools/FileReadTool/FileReadTool.ts"},
        {"FileEditTool", "Replaces one exact passage of a file with new text", "tools/FileEditTool/FileEditTool.ts"},
        {"MultiEditTool", "Applies several exact replacements to one file in order", "tools/MultiEditTool/MultiEditTool.ts"},
        {"FileWriteTool", "Creates a file or overwrites it with complete contents", "tools/FileWriteTool/FileWriteTool.ts"},
        {"GlobTool", "Lists paths that match a glob pattern, newest first", "tools/GlobTool/GlobTool.ts"},
        {"GrepTool", "Searches file contents for a regular expression", "tools/GrepTool/GrepTool.ts"},
        {"LSTool", "Lists the entries of a directory", "tools/LSTool/LSTool.tsx"},
        {"NotebookReadTool", "Shows the cells and outputs of a Jupyter notebook", "tools/NotebookReadTool/NotebookReadTool.ts"},
        {"NotebookEditTool", "Inserts, replaces or deletes a Jupyter notebook cell", "tools/NotebookEditTool/NotebookEditTool.ts"},
        {"WebFetchTool", "Downloads a web page and turns it into markdown for reading", "tools/WebFetchTool/WebFetchTool.ts"},
        {"WebSearchTool", "Queries a web search engine and returns result snippets", "tools/WebSearchTool/WebSearchTool.ts"},
        {"TodoWriteTool", "Records and updates the task checklist of the session", "tools/TodoWriteTool/TodoWriteTool.ts"},
        {"TodoReadTool", "Returns the current task checklist of the session", "tools/TodoReadTool/TodoReadTool.ts"},
        {"TaskCreateTool", "Adds a task to the shared task list", "tools/TaskCreateTool/TaskCreateTool.ts"},
        {"TaskGetTool", "Returns one task from the shared task list", "tools/TaskGetTool/TaskGetTool.ts"},
        {"TaskListTool", "Lists the tasks of the shared task list", "tools/TaskListTool/TaskListTool.ts"},
        {"TaskUpdateTool", "Changes the status or details of a task", "tools/TaskUpdateTool/TaskUpdateTool.ts"},
        {"TaskStopTool", "Cancels a running background task", "tools/TaskStopTool/TaskStopTool.ts"},
        {"TaskOutputTool", "Collects the output of a background task", "tools/TaskOutputTool/TaskOutputTool.ts"},
        {"EnterPlanModeTool", "Switches the session into read-only planning", "tools/EnterPlanModeTool/EnterPlanModeTool.ts"},
        {"ExitPlanModeTool", "Presents a plan for approval and leaves planning", "tools/ExitPlanModeTool/ExitPlanModeTool.ts"},
        {"EnterWorktreeTool", "Moves the session into a separate git worktree", "tools/EnterWorktreeTool/EnterWorktreeTool.ts"},
        {"ExitWorktreeTool", "Returns the session from a git worktree", "tools/ExitWorktreeTool/ExitWorktreeTool.ts"},
        {"MCPTool", "Forwards a call to a tool offered by a connected MCP server", "tools/MCPTool/MCPTool.ts"},
        {"ListMcpResourcesTool", "Lists the resources that connected MCP servers expose", "tools/ListMcpResourcesTool/ListMcpResourcesTool.ts"},
        {"ReadMcpResourceTool", "Fetches one resource from an MCP server", "tools/ReadMcpResourceTool/ReadMcpResourceTool.ts"},
        {"McpAuthTool", "Runs the sign-in flow for an MCP server that needs it", "tools/McpAuthTool/McpAuthTool.ts"},
        {"SkillTool", "Loads a skill and follows its instructions", "tools/SkillTool/SkillTool.ts"},
        {"SlashCommandTool", "Runs a slash command on the model's behalf", "tools/SlashCommandTool/SlashCommandTool.ts"},
        {"AskUserQuestionTool", "Asks the user a multiple-choice question and waits", "tools/AskUserQuestionTool/AskUserQuestionTool.tsx"},
        {"SleepTool", "Pauses for a number of seconds", "tools/SleepTool/SleepTool.ts"},
        {"ConfigTool", "Reads or changes a setting of the harness", "tools/ConfigTool/ConfigTool.ts"},
        {"LSPTool", "Asks a language server for definitions, references and diagnostics", "tools/LSPTool/LSPTool.ts"},
        {"REPLTool", "Evaluates code in a persistent interpreter session", "tools/REPLTool/REPLTool.ts"},
        {"SendMessageTool", "Sends a message to another agent of the team", "tools/SendMessageTool/SendMessageTool.ts"},
        {"TeamCreateTool", "Creates a team of cooperating agents", "tools/TeamCreateTool/TeamCreateTool.ts"},
        {"TeamDeleteTool", "Disbands a team of agents", "tools/TeamDeleteTool/TeamDeleteTool.ts"},
        {"ToolSearchTool", "Finds deferred tools by keyword and loads their schemas", "tools/ToolSearchTool/ToolSearchTool.ts"},
        {"ScheduleCronTool", "Schedules a prompt to run on a cron timetable", "tools/ScheduleCronTool/ScheduleCronTool.ts"},
        {"RemoteTriggerTool", "Starts a run of the agent on a remote machine", "tools/RemoteTriggerTool/RemoteTriggerTool.ts"},
        {"BriefTool", "Sends a short status summary to the user", "tools/BriefTool/BriefTool.ts"},
        {"SyntheticOutputTool", "Returns structured output in a requested schema", "tools/SyntheticOutputTool/SyntheticOutputTool.ts"},
    };
    return entries;
}

inline const std::vector<module_entry>& builtin_command_entries() {
    static const std::vector<module_entry> entries{
        {"add-dir", "Adds another directory the session may read and edit", "commands/add-dir/index.ts"},
        {"agents", "Lists and configures sub-agent definitions", "commands/agents/index.ts"},
        {"bashes", "Shows the shells running in the background", "commands/bashes/index.ts"},
        {"bug", "Files a report about a problem with the harness", "commands/bug/index.ts"},
        {"clear", "Starts over with an empty conversation", "commands/clear/index.ts"},
        {"compact", "Summarises the conversation to free context space", "commands/compact/index.ts"},
        {"config", "Opens the settings of the harness", "commands/config/index.ts"},
        {"context", "Shows how the context window is being used", "commands/context/index.ts"},
        {"cost", "Reports token usage and spend of the session", "commands/cost/index.ts"},
        {"doctor", "Diagnoses the installation and its settings", "commands/doctor/index.ts"},
        {"exit", "Leaves the interactive session", "commands/exit/index.ts"},
        {"export", "Writes the conversation to a file or the clipboard", "commands/export/index.ts"},
        {"feedback", "Sends feedback about the session", "commands/feedback/index.ts"},
        {"files", "Lists the files read into the context", "commands/files/index.ts"},
        {"help", "Lists the available commands and keys", "commands/help/index.ts"},
        {"hooks", "Manages hooks that run on lifecycle events", "commands/hooks/index.ts"},
        {"ide", "Connects the session to an editor integration", "commands/ide/index.ts"},
        {"init", "Writes a project memory file describing the codebase", "commands/init.ts"},
        {"install-github-app", "Sets up the GitHub app for pull request work", "commands/install-github-app/index.ts"},
        {"login", "Signs in to an account", "commands/login/index.tsx"},
        {"logout", "Signs out of the current account", "commands/logout/index.tsx"},
        {"mcp", "Lists, adds and removes MCP servers", "commands/mcp/index.ts"},
        {"memory", "Opens the memory files for editing", "commands/memory/index.ts"},
        {"model", "Chooses the model for the session", "commands/model/index.ts"},
        {"output-style", "Switches the style of the answers", "commands/output-style/index.ts"},
        {"permissions", "Edits the allow and deny rules for tools", "commands/permissions/index.tsx"},
        {"plugin", "Installs, enables and removes plugins", "commands/plugin/index.tsx"},
        {"plugin-marketplace", "Browses plugin marketplaces", "commands/plugin/marketplace.tsx"},
        {"pr-comments", "Fetches the review comments of a pull request", "commands/pr-comments/index.ts"},
        {"release-notes", "Shows what changed in recent versions", "commands/release-notes/index.ts"},
        {"resume", "Continues an earlier saved conversation", "commands/resume/index.ts"},
        {"review", "Reviews a pull request", "commands/review.ts"},
        {"rewind", "Restores the conversation and code to an earlier point", "commands/rewind/index.ts"},
        {"security-review", "Looks for security problems in pending changes", "commands/security-review.ts"},
        {"skills", "Loads skills from the project and user folders", "skills/loadSkillsDir.ts"},
        {"bundled-skills", "Registers the skills shipped with the harness", "skills/bundled/index.ts"},
        {"status", "Shows version, model, account and connection state", "commands/status/index.ts"},
        {"statusline", "Configures the status line under the prompt", "commands/statusline/index.ts"},
        {"terminal-setup", "Sets up key bindings for the terminal", "commands/terminal-setup/index.ts"},
        {"theme", "Changes the colour theme", "commands/theme/index.ts"},
        {"todos", "Shows the task checklist of the session", "commands/todos/index.ts"},
        {"upgrade", "Moves the account to a higher plan", "commands/upgrade/index.ts"},
        {"usage", "Shows plan limits and how much is used", "commands/usage/index.ts"},
        {"vim", "Toggles vim key bindings in the prompt", "commands/vim/index.ts"},
    };
    return entries;
}
}  // namespace detail

/**
 * The built-in tool inventory (47 tools, `BashTool` among them). Complexity: a copy of the
 * static entries and an index build, O(their text) each call. Never throws but allocation.
 */
[[nodiscard]] inline inventory builtin_tools() { return inventory(detail::builtin_tool_entries()); }

/** The built-in command inventory (44 slash commands). Complexity and exceptions: as `builtin_tools`. */
[[nodiscard]] inline inventory builtin_commands() { return inventory(detail::builtin_command_entries()); }

CLAW_END_NAMESPACE
