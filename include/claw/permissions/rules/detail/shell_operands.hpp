// SPDX-License-Identifier: MIT
// Per-program knowledge used by the shell pattern matchers: the "dangerous operands" that a
// wildcard of an allow rule never absorbs (RULES.md S7.3 e), including a small scanner for sed
// scripts that finds `e`/`w`/`r` commands and `s///e`/`s///w` flags. Long options count in every
// abbreviation GNU getopt_long accepts (`sort --out=F`, `sed --in-pl=.bak`): any `--P` whose P is a
// non-empty prefix of a dangerous option's name is that option (an ambiguous one too: fail closed).
// A value-taking letter counts anywhere in a short-option cluster (`tree -ifo F`), and a word with
// a glob or brace that may expand to an option (`sort a --o*` beside a file `--output=.envrc`) is
// dangerous for every program of the table (before `--`).
#pragma once

#include <claw/config.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/shell/detail/names.hpp>
#include <claw/shell/operands.hpp>

#include <array>
#include <bitset>
#include <cstddef>
#include <span>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace rules {
namespace detail {

using shell::detail::same_text;

constexpr bool starts_with(std::string_view s, std::string_view p) noexcept {
    if (s.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (s[i] != p[i]) return false;
    return true;
}

/** `--P`/`--P=V` with P a non-empty prefix of the long option `name` (see shell::detail::abbreviates). */
constexpr bool long_option(std::string_view word, std::string_view name) noexcept { return shell::detail::abbreviates(word, name); }

/**
 * True when a sed script may execute commands, write files or read files it names (`e`, `w`, `W`,
 * `r`, `R`, `s///e`, `s///w`): the file is not one of the command's words, so no path rule sees it.
 * Unsure = true.
 */
constexpr bool sed_script_dangerous(std::string_view s) noexcept {
    std::size_t i = 0;
    const std::size_t n = s.size();
    const auto skip_delimited = [&](char d) -> bool {  // from after the opening delimiter to after the closing one
        while (i < n && s[i] != d) {
            if (s[i] == '\\' && ++i >= n) return false;  // a trailing backslash: unterminated
            if (s[i] == '\n' && d != '\n') return false;
            ++i;
        }
        if (i >= n) return false;
        ++i;
        return true;
    };
    while (i < n) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '!') {
            ++i;
            continue;
        }
        // addresses
        if ((c >= '0' && c <= '9') || c == '$' || c == ',' || c == '~' || c == '+') {
            ++i;
            continue;
        }
        if (c == '/') {
            ++i;
            if (!skip_delimited('/')) return true;
            while (i < n && (s[i] == 'I' || s[i] == 'M')) ++i;
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= n) return true;
            const char d = s[i + 1];
            i += 2;
            if (!skip_delimited(d)) return true;
            continue;
        }
        ++i;
        switch (c) {
            case 'e': case 'w': case 'W': case 'r': case 'R': return true;
            case 's': {
                if (i >= n) return true;
                const char d = s[i++];
                if (d == '\n' || d == '\\') return true;
                if (!skip_delimited(d) || !skip_delimited(d)) return true;
                while (i < n && s[i] != ';' && s[i] != '\n' && s[i] != '}') {
                    if (s[i] == 'e' || s[i] == 'w' || s[i] == 'W') return true;
                    ++i;
                }
                break;
            }
            case 'y': {
                if (i >= n) return true;
                const char d = s[i++];
                if (!skip_delimited(d) || !skip_delimited(d)) return true;
                break;
            }
            case 'a': case 'i': case 'c': case 'b': case 't': case 'T': case ':': case 'v': {
                while (i < n && s[i] != '\n') {
                    if ((c == 'b' || c == 't' || c == 'T' || c == ':' || c == 'v') && s[i] == ';')
                        break;
                    ++i;
                }
                break;
            }
            case 'p': case 'P': case 'd': case 'D': case 'n': case 'N': case 'g': case 'G': case 'h': case 'H':
            case 'x': case 'l': case '=': case 'q': case 'Q': case 'z': case 'F': case '#':
                if (c == '#')
                    while (i < n && s[i] != '\n') ++i;
                if (c == 'q' || c == 'Q' || c == 'l')
                    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
                break;
            default: return true;
        }
    }
    return false;
}

/**
 * True when a `git config` word names a key whose value git runs or passes to a shell: aliases
 * (`alias.x '!cmd'`), pagers, editors, hooks, helpers, filters, external diff and text conversion
 * programs, ssh and gpg commands. ASCII case-insensitive, as git's keys are.
 */
constexpr bool git_config_runs(std::string_view key) noexcept {
    const auto has = [&](std::string_view part) {
        for (std::size_t i = 0; i + part.size() <= key.size(); ++i) {
            std::size_t j = 0;
            while (j < part.size() && shell::detail::ascii_lower(key[i + j]) == part[j]) ++j;
            if (j == part.size()) return true;
        }
        return false;
    };
    for (const std::string_view p : {"alias.", "pager", "editor", "hook", "helper", "filter.", "external", "textconv",
                                     "command", "program", "fsmonitor", "askpass", "proxy", "exec", "cmd", "tool."})
        if (has(p)) return true;
    return false;
}

inline constexpr std::size_t max_flagged_words = 1024;
using word_bits = std::bitset<max_flagged_words>;

/**
 * Marks the words of a git subcommand (at `sub`) that give git a command to run: `rebase
 * --exec/-x`, `bisect run`, `submodule foreach`, `filter-branch` and `instaweb` (all of it),
 * `--upload-pack`/`--receive-pack`/`--exec` (fetch, pull, clone -u, ls-remote, push, archive),
 * `difftool -x/--extcmd`, `grep -O/--open-files-in-pager`, `send-email --*-cmd`, `daemon
 * --access-hook`. A marked option's separate value is marked too, and so is every word of those
 * subcommands before `--` that is not literal (it may be such an option).
 */
inline void git_command_operands(std::span<const shell::word> argv, std::size_t sub, word_bits& out) noexcept {
    using shell::detail::option_table;
    const std::size_t n = argv.size();
    const std::string_view s = argv[sub].text;
    const auto mark_rest = [&](std::size_t from) {
        for (std::size_t k = from; k < n; ++k) out.set(k);
    };
    if (same_text(s, "filter-branch") || same_text(s, "instaweb")) return mark_rest(sub + 1);
    if (same_text(s, "bisect") || same_text(s, "submodule")) {
        for (std::size_t k = sub + 1; k < n; ++k)
            if (!argv[k].literal() || argv[k].text == (same_text(s, "bisect") ? "run" : "foreach")) return mark_rest(k);
        return;
    }
    // the options whose value is a command: every option of the table is one (`grep -O[PAGER]`
    // and `--open-files-in-pager[=PAGER]` take no separate value)
    option_table t{};
    if (same_text(s, "rebase")) t = {"x", "exec"};
    else if (same_text(s, "clone")) t = {"u", "upload-pack"};
    else if (same_text(s, "fetch") || same_text(s, "pull") || same_text(s, "ls-remote")) t = {"", "upload-pack"};
    else if (same_text(s, "push")) t = {"", "receive-pack exec"};
    else if (same_text(s, "archive")) t = {"", "exec"};
    else if (same_text(s, "difftool")) t = {"x", "extcmd"};
    else if (same_text(s, "grep")) t = {"", "", "open-files-in-pager"};
    else if (same_text(s, "send-email")) t = {"", "sendmail-cmd to-cmd cc-cmd header-cmd smtp-server"};
    else if (same_text(s, "daemon")) t = {"", "access-hook"};
    else return;
    std::size_t dashdash = n;
    for (std::size_t k = sub + 1; k < n && dashdash == n; ++k)
        if (argv[k].literal() && same_text(argv[k].text, "--")) dashdash = k;
    shell::detail::walk_options(
        argv.subspan(sub), t,
        [&](std::size_t k, std::string_view o, std::size_t v, std::string_view) {
            // a letter of the table (or grep's O), or a long name the table resolved (unknown ones keep their `--`)
            const bool command = o.size() == 1 ? t.short_with_arg.find(o[0]) != std::string_view::npos ||
                                                     (same_text(s, "grep") && same_text(o, "O"))
                                               : !starts_with(o, "--");
            if (!command) return;
            out.set(sub + k);
            if (v != std::string_view::npos) out.set(sub + v);
        },
        [&](std::size_t k) {
            if (!argv[sub + k].literal() && sub + k < dashdash) out.set(sub + k);
        });
}

/**
 * A word with an unquoted glob or brace that may expand to an option: a file named `--output=.envrc`
 * in the working directory turns `sort a --o*` into `sort a --output=.envrc` (word::may_be_option).
 */
constexpr bool pattern_may_be_option(const shell::word& w) noexcept {
    return !w.literal() && (w.flags & (shell::word_flags::glob | shell::word_flags::brace)) != 0 && w.may_be_option();
}

/** Marks the words of argv[from..] before a literal `--` that pattern_may_be_option. */
inline void mark_pattern_options(std::span<const shell::word> argv, std::size_t from, word_bits& out) noexcept {
    for (std::size_t k = from; k < argv.size(); ++k) {
        if (argv[k].literal() && same_text(argv[k].text, "--")) return;
        if (pattern_may_be_option(argv[k])) out.set(k);
    }
}

/**
 * What the spelling of an opaque word (not lit-or-opaque: its text is its spelling) tells of its
 * value's start. A word spelled `--NAME=...` with NAME written out (letters, digits, `-`) is the
 * option NAME whatever its value (the program's own checks judge the dangerous names); a word
 * whose value starts with a written character other than `-` (`"origin/$b"`, `./$f`) is no option.
 */
constexpr bool spelled_as_known(const shell::word& w) noexcept {
    if (!w.opaque() || w.lit_or_opaque()) return false;
    const std::string_view t = w.text;
    const auto plain = [](char c) {
        return shell::detail::is_alpha(static_cast<unsigned char>(c)) || shell::detail::is_digit(c) || c == '_' ||
               c == '/' || c == '.' || c == ',' || c == ':' || c == '+' || c == '=' || c == '@' || c == '%';
    };
    if (t.size() >= 4 && t[0] == '-' && t[1] == '-') {
        for (std::size_t i = 2; i < t.size(); ++i) {
            if (t[i] == '=') return i > 2;
            if (!shell::detail::is_alpha(static_cast<unsigned char>(t[i])) && !shell::detail::is_digit(t[i]) &&
                t[i] != '-')
                return false;
        }
        return false;
    }
    std::size_t i = 0;
    while (i < t.size() && (t[i] == '"' || t[i] == '\'')) ++i;
    return i < t.size() && plain(t[i]);
}

/**
 * Marks the words of argv[from..] before a literal `--` (every word when `all`) whose value is not
 * known and may be an option (word::may_be_option): `find . $x` may be `find . -delete`, `sort
 * "$x"` may be `sort -o F`. The one exception is a word that cannot split and is the separate value
 * of an option of `takes_value` written just before it (`find . -name "$x"`, `sort -k "$k" f`):
 * the program reads it as that value; and a word whose spelling shows what it is (spelled_as_known).
 */
inline void mark_unknown_options(std::span<const shell::word> argv, std::size_t from, word_bits& out, bool all,
                                 std::span<const std::string_view> takes_value) noexcept {
    for (std::size_t k = from; k < argv.size(); ++k) {
        const shell::word& w = argv[k];
        if (!all && w.literal() && same_text(w.text, "--")) return;
        if (w.literal() || !w.may_be_option() || spelled_as_known(w)) continue;
        const bool value =
            !w.may_split() && k > from && argv[k - 1].literal() && shell::detail::one_of(argv[k - 1].text, takes_value);
        if (!value) out.set(k);
    }
}

// The options whose value is the next word, for mark_unknown_options.
inline constexpr std::string_view find_value_primaries[] = {
    "-name",   "-iname",    "-path", "-ipath",  "-wholename", "-iwholename", "-regex",  "-iregex", "-lname", "-ilname",
    "-type",   "-xtype",    "-user", "-group",  "-uid",       "-gid",        "-perm",   "-size",   "-newer", "-anewer",
    "-cnewer", "-samefile", "-inum", "-links",  "-maxdepth",  "-mindepth",   "-mtime",  "-mmin",   "-atime", "-amin",
    "-ctime",  "-cmin",     "-used", "-fstype", "-printf",    "-regextype",  "-context"};
inline constexpr std::string_view sort_value_options[] = {
    "-k",         "-t",          "-S", "-T", "--key", "--field-separator", "--buffer-size", "--temporary-directory",
    "--parallel", "--batch-size"};
inline constexpr std::string_view tree_value_options[] = {"-L", "-P", "-I", "--filelimit", "--charset", "--timefmt"};

/**
 * Marks the words of `argv` (argv[0] is the program) that an allow wildcard must not absorb
 * (S7.3 e). Words beyond `max_flagged_words` make the result "unsure" (returns false: the caller
 * must not allow through wildcards at all).
 */
inline bool dangerous_operands(std::string_view program, std::span<const shell::word> argv, word_bits& out) noexcept {
    out.reset();
    if (argv.size() > max_flagged_words) return false;
    const std::size_t n = argv.size();
    if (same_text(program, "find")) {
        for (std::size_t k = 1; k < n; ++k) {
            const std::string_view t = argv[k].text;
            if (same_text(t, "-exec") || same_text(t, "-execdir") || same_text(t, "-ok") || same_text(t, "-okdir") ||
                same_text(t, "-delete") || same_text(t, "-fls") || starts_with(t, "-fprint"))
                out.set(k);
        }
        // find has no `--` that ends its expression; the primaries that take one value
        mark_unknown_options(argv, 1, out, true, find_value_primaries);
    } else if (same_text(program, "git")) {
        // git's own options before the subcommand (`-c core.pager=...`; `git switch -c b` is not one),
        // and `git config` keys whose values git runs later (`alias.x '!cmd'`, `core.pager`, ...).
        // A subcommand word whose value is unknown may be such an option too (`git $x log`).
        bool elsewhere = false;
        const std::size_t sub = shell::detail::git_subcommand(argv, elsewhere);
        for (std::size_t k = 1; k < n && k <= sub; ++k) {
            const std::string_view t = argv[k].text;
            // `git --help log` runs man (or the configured help viewer)
            if ((k < sub && (same_text(t, "-c") || starts_with(t, "--config-env") || starts_with(t, "--exec-path") ||
                             long_option(t, "config-env") || long_option(t, "exec-path") || long_option(t, "help"))) ||
                (!argv[k].literal() && argv[k].may_be_option()))
                out.set(k);
        }
        if (sub < n && same_text(argv[sub].text, "config"))
            for (std::size_t k = sub + 1; k < n; ++k)
                if (!argv[k].literal() || git_config_runs(argv[k].text)) out.set(k);
        if (sub < n) git_command_operands(argv, sub, out);
        // `git SUB --help` runs man (or help.format's viewer), whatever the subcommand
        for (std::size_t k = sub + 1; k < n; ++k) {
            if (argv[k].literal() && same_text(argv[k].text, "--")) break;
            if (shell::detail::may_abbreviate(argv[k], "help")) out.set(k);
        }
        // `bundle create FILE` writes FILE: none of its unknown words is absorbed
        if (sub < n && same_text(argv[sub].text, "bundle")) {
            for (std::size_t k = sub + 1; k < n; ++k)
                if (!argv[k].literal()) out.set(k);
        }
        // log, show, diff, whatchanged, format-patch: `--output=F` writes F (format-patch also with
        // `-o DIR`). A literal one names its file (a path fact); one whose value or spelling is
        // unknown (`--output=$HOME/x`, `--o*`), or a word that may be such an option, is never absorbed.
        if (sub < n && (same_text(argv[sub].text, "log") || same_text(argv[sub].text, "show") ||
                        same_text(argv[sub].text, "diff") || same_text(argv[sub].text, "whatchanged") ||
                        same_text(argv[sub].text, "format-patch"))) {
            for (std::size_t k = sub + 1; k < n; ++k) {
                if (argv[k].literal() && same_text(argv[k].text, "--")) break;
                if (!argv[k].literal() && shell::detail::may_abbreviate(argv[k], "output")) out.set(k);
            }
            mark_unknown_options(argv, sub + 1, out, false, shell::detail::git_log_value_options);
        }
    } else if (same_text(program, "awk") || same_text(program, "gawk") || same_text(program, "mawk")) {
        // awk's program runs commands through `system(...)`, `print | "cmd"` and `"cmd" | getline`:
        // a program text that may do so (or is not literal) is never absorbed
        const auto runs = [](std::string_view text, bool literal) {
            return !literal || text.find("system") != std::string_view::npos || text.find('|') != std::string_view::npos;
        };
        bool program_given = false;  // by -f, -e, --source or --exec
        shell::detail::walk_options(
            argv, shell::detail::awk_options,
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                const bool text = same_text(o, "e") || same_text(o, "source");
                if (text || same_text(o, "f") || same_text(o, "file") || same_text(o, "E") || same_text(o, "exec"))
                    program_given = true;
                if (!text) return;
                if (v != std::string_view::npos && runs(argv[v].text, argv[v].literal())) out.set(v);
                if (v == std::string_view::npos && runs(at, true)) out.set(k);
            },
            [](std::size_t) {});
        mark_pattern_options(argv, 1, out);
        bool first = true;
        shell::detail::walk_options(
            argv, shell::detail::awk_options, [](std::size_t, std::string_view, std::size_t, std::string_view) {},
            [&](std::size_t k) {  // the first operand is the program text unless an option gave it
                if (first && !program_given && runs(argv[k].text, argv[k].literal())) out.set(k);
                first = false;
            });
    } else if (same_text(program, "sort")) {
        mark_unknown_options(argv, 1, out, false, sort_value_options);
        for (std::size_t k = 1; k < n; ++k) {
            const std::string_view t = argv[k].text;
            if (starts_with(t, "--output") || starts_with(t, "--compress-program") || long_option(t, "output") ||
                long_option(t, "compress-program"))
                out.set(k);
            if (t.size() > 1 && t[0] == '-' && t[1] != '-') {
                for (std::size_t j = 1; j < t.size(); ++j) {
                    if (t[j] == 'o') {
                        out.set(k);
                        break;
                    }
                    if (t[j] == 'k' || t[j] == 't' || t[j] == 'S' || t[j] == 'T') break;
                }
            }
        }
    } else if (same_text(program, "tree")) {
        // `-o` anywhere in a cluster (`-ifo F`, `-ifoF`: tree takes the next word or the rest of
        // the cluster, depending on its version); `-R` with `-H` writes 00Tree.html in every folder
        std::size_t html = n, rerun = n;
        for (std::size_t k = 1; k < n; ++k) {
            const std::string_view t = argv[k].text;
            if (argv[k].literal() && same_text(t, "--")) break;
            if (!argv[k].literal() || t.size() < 2 || t[0] != '-' || t[1] == '-') continue;
            for (std::size_t j = 1; j < t.size(); ++j) {
                if (t[j] == 'o') out.set(k);
                if (t[j] == 'H') html = k;
                if (t[j] == 'R') rerun = k;
            }
        }
        if (html < n && rerun < n) {
            out.set(html);
            out.set(rerun);
        }
        mark_unknown_options(argv, 1, out, false, tree_value_options);
    } else if (same_text(program, "sed")) {
        bool has_script_option = false;
        bool options_done = false;
        for (std::size_t k = 1; k < n; ++k) {
            const std::string_view t = argv[k].text;
            if (!argv[k].literal()) {
                out.set(k);
                continue;
            }
            if (!options_done && same_text(t, "--")) {
                options_done = true;
                continue;
            }
            if (!options_done && starts_with(t, "--")) {
                if (starts_with(t, "--in-place") || starts_with(t, "--file") || long_option(t, "in-place") || long_option(t, "file"))
                    out.set(k);
                if (long_option(t, "line-length") && t.find('=') == std::string_view::npos) {
                    ++k;  // `--line-length N`: N is not the script
                    continue;
                }
                if (starts_with(t, "--expression") || long_option(t, "expression")) {
                    has_script_option = true;
                    if (t.find('=') != std::string_view::npos) {
                        if (sed_script_dangerous(t.substr(t.find('=') + 1))) out.set(k);
                    } else if (k + 1 < n) {
                        if (sed_script_dangerous(argv[k + 1].text) || !argv[k + 1].literal()) out.set(k + 1);
                        ++k;
                    }
                }
                continue;
            }
            if (!options_done && t.size() > 1 && t[0] == '-') {
                for (std::size_t j = 1; j < t.size(); ++j) {
                    const char c = t[j];
                    if (c == 'i') {
                        out.set(k);
                        break;
                    }
                    if (c == 'f') {
                        out.set(k);
                        break;
                    }
                    if (c == 'e') {
                        has_script_option = true;
                        if (j + 1 < t.size()) {
                            if (sed_script_dangerous(t.substr(j + 1))) out.set(k);
                        } else if (k + 1 < n) {
                            if (sed_script_dangerous(argv[k + 1].text) || !argv[k + 1].literal()) out.set(k + 1);
                            ++k;
                        }
                        break;
                    }
                    if (c == 'l' || c == 's') {
                        if (c == 'l' && j + 1 == t.size()) ++k;
                        if (c == 'l') break;
                    }
                }
                continue;
            }
            if (!has_script_option) {
                if (sed_script_dangerous(t)) out.set(k);
                has_script_option = true;  // the first operand was the script; the rest are files
            }
        }
    }
    return true;
}

}  // namespace detail
}  // namespace rules
CLAW_END_NAMESPACE
