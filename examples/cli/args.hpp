// SPDX-License-Identifier: MIT
// claw-port's command line, read as Python's argparse reads it: subcommands, long options with
// unique-prefix abbreviations and `--x=v`, values that start with '-' when argparse takes them as
// values (negative numbers, text holding a space), `--`, and one-line usage errors.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace claw_port {

/** A usage error: claw-port prints it on one line and exits 2. */
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class arg_kind { flag, integer, text, append };

struct option_spec {
    std::string_view name;  // "--limit"
    arg_kind kind;
    std::string_view help;
    std::string_view default_text = {};
};

/**
 * A command. A positional whose name ends in "..." takes every remaining argument: "ID..." at
 * least one, "[ID...]" any number. A command with `subcommands` (a command group, such as
 * `sessions`) reads its first positional as the subcommand's name; the subcommand's own
 * positionals and options follow.
 */
struct command_spec {
    std::string_view name;
    std::string_view help;
    std::vector<std::string_view> positionals;
    std::vector<option_spec> options;
    std::vector<command_spec> subcommands = {};
    std::string_view details = {};  ///< more text for the command's --help
};

struct parsed_args {
    const command_spec* group = nullptr;    // the command group (`sessions`), or nullptr
    const command_spec* command = nullptr;  // the command, or the group's subcommand
    std::vector<std::string> positionals;
    std::map<std::string, std::string, std::less<>> values;            // text and integer options
    std::map<std::string, std::vector<std::string>, std::less<>> lists;  // append options
    std::map<std::string, bool, std::less<>> flags;
    bool help = false;

    bool flag(std::string_view name) const { return flags.contains(name); }
    std::optional<std::string> text(std::string_view name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::vector<std::string> list(std::string_view name) const {
        const auto it = lists.find(name);
        return it == lists.end() ? std::vector<std::string>{} : it->second;
    }
};

/** The program's options and commands. */
struct program_spec {
    std::vector<option_spec> global_options;
    std::vector<command_spec> commands;
};

/** Reads `argv` (without the program name). @throws usage_error */
parsed_args parse(const std::vector<std::string>& argv, const program_spec& program);

/** Python's int() on a command-line value, saturating at the 64-bit range; nullopt if invalid. */
std::optional<long long> python_int(std::string_view s);

/** The value of an integer option, or its default. */
long long integer_option(const parsed_args& a, std::string_view name);

/**
 * The help text of the program (`command == nullptr`), of one command, of a command group
 * (`command` is the group) or of a group's subcommand (`group` set).
 */
std::string help_text(const command_spec* group, const command_spec* command, const program_spec& program);

}  // namespace claw_port
