// SPDX-License-Identifier: MIT
// Small name tables and character helpers of the shell analysis: bash builtins, reserved words,
// shells that take `-c`, environment runners, and ASCII helpers that never depend on the locale.
#pragma once

#include <claw/config.hpp>
#include <claw/shell/detail/programs.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

CLAW_BEGIN_NAMESPACE
namespace shell {
namespace detail {

constexpr bool is_blank(int c) noexcept { return c == ' ' || c == '\t'; }
inline constexpr auto meta_table = [] {
    std::array<bool, 257> t{};
    for (const char c : std::string_view(" \t\n;&|()<>")) t[static_cast<unsigned char>(c)] = true;
    return t;
}();
constexpr bool is_meta(int c) noexcept { return c >= 0 && meta_table[static_cast<std::size_t>(c)]; }
constexpr bool is_digit(int c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(int c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_name_start(int c) noexcept { return is_alpha(c) || c == '_'; }
inline constexpr auto name_char_table = [] {
    std::array<bool, 257> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = is_name_start(c) || is_digit(c);
    return t;
}();
constexpr bool is_name_char(int c) noexcept { return c >= 0 && name_char_table[static_cast<std::size_t>(c)]; }
constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_name(std::string_view s) noexcept {
    if (s.empty() || !is_name_start(static_cast<unsigned char>(s[0]))) return false;
    for (const char c : s)
        if (!is_name_char(static_cast<unsigned char>(c))) return false;
    return true;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/**
 * `a == b` without a library call. The check path compares words of a few bytes with names
 * hundreds of times per command; GCC leaves `std::string_view::compare` out of line in large
 * functions, and its call plus `memcmp` costs about forty instructions per comparison of equal
 * lengths. Use this, not `==`, on the check path.
 */
constexpr bool same_text(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/** True when `name` (not empty) is one of the space-separated words of `list`. */
constexpr bool in_words(std::string_view list, std::string_view name) noexcept {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < list.size();) {
        std::size_t j = list.find(' ', i);
        if (j == std::string_view::npos) j = list.size();
        if (same_text(list.substr(i, j - i), name)) return true;
        i = j + 1;
    }
    return false;
}

constexpr int hex_value(int c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/**
 * Decodes the body of bash's `$'...'` starting at `pos` (just after the opening quote) up to the
 * closing quote, as bash does: `put(value, known)` for each character, `known` false for a `\u`/
 * `\U` code point of 0x80 or more (its bytes depend on the locale). An escape bash does not know
 * is the backslash and the character. Returns the position after the closing quote, or npos when
 * the text ends first.
 */
template <class Put>
constexpr std::size_t decode_ansi_c(std::string_view text, std::size_t pos, Put&& put) noexcept {
    const std::size_t end = text.size();
    const auto digits = [&](int base, int most) {
        unsigned v = 0;
        int n = 0;
        while (n < most && pos < end && (base == 8 ? text[pos] >= '0' && text[pos] <= '7'
                                                   : hex_value(static_cast<unsigned char>(text[pos])) >= 0)) {
            v = v * static_cast<unsigned>(base) + static_cast<unsigned>(hex_value(static_cast<unsigned char>(text[pos++])));
            ++n;
        }
        return std::pair{v, n};
    };
    for (;;) {
        if (pos >= end) return std::string_view::npos;
        const char c = text[pos++];
        if (c == '\'') return pos;
        if (c != '\\') {
            put(static_cast<unsigned char>(c), true);
            continue;
        }
        if (pos >= end) return std::string_view::npos;
        const char e = text[pos++];
        switch (e) {
            case 'a': put(7u, true); break;
            case 'b': put(8u, true); break;
            case 'e': case 'E': put(27u, true); break;
            case 'f': put(12u, true); break;
            case 'n': put(10u, true); break;
            case 'r': put(13u, true); break;
            case 't': put(9u, true); break;
            case 'v': put(11u, true); break;
            case '\\': case '\'': case '"': case '?': put(static_cast<unsigned char>(e), true); break;
            case 'x': case 'u': case 'U': {
                const auto [v, n] = digits(16, e == 'x' ? 2 : e == 'u' ? 4 : 8);
                if (n == 0) {
                    put(static_cast<unsigned char>('\\'), true);
                    put(static_cast<unsigned char>(e), true);
                } else {
                    put(v, e == 'x' || v < 0x80);
                }
                break;
            }
            case 'c': {  // a control character
                if (pos >= end) return std::string_view::npos;
                const char x = text[pos++];
                if (x == '\\' && pos < end && text[pos] == '\\') ++pos;
                put(static_cast<unsigned>(static_cast<unsigned char>(x)) & 0x1Fu, true);
                break;
            }
            default:
                if (e >= '0' && e <= '7') {
                    --pos;
                    put(digits(8, 3).first, true);
                } else {
                    put(static_cast<unsigned char>('\\'), true);
                    put(static_cast<unsigned char>(e), true);
                }
                break;
        }
    }
}

constexpr std::string_view basename_of(std::string_view s) noexcept {
    const std::size_t slash = s.rfind('/');
    return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

// What a file that `source`/`.` reads may be, from its literal name after lexical normalisation
// (`/dev//stdin`, `/dev/./stdin`, `/dev/fd/../stdin` and `../../dev/stdin` all name the standard
// input): the standard input, another descriptor or process file (`/dev/fd/3`, `/proc/1/fd/0`:
// unknown text), or an ordinary file. A name too long to normalise counts as a descriptor.
enum class sourced_file : unsigned char { ordinary, standard_input, descriptor };
inline sourced_file classify_sourced_file(std::string_view t) noexcept {
    char buf[512];
    if (t.size() >= sizeof buf) return sourced_file::descriptor;
    const bool absolute = !t.empty() && t[0] == '/';
    std::size_t n = 0, fixed = 0;  // fixed: leading `..` names of a relative path
    for (std::size_t i = 0; i < t.size();) {
        std::size_t e = t.find('/', i);
        if (e == std::string_view::npos) e = t.size();
        const std::string_view name = t.substr(i, e - i);
        i = e + 1;
        if (name.empty() || name == ".") continue;
        if (name == "..") {
            if (n > fixed) {
                while (n > fixed && buf[n - 1] != '/') --n;
                if (n > fixed) --n;  // the separator
                continue;
            }
            if (absolute) continue;  // `/..` is `/`
            if (n != 0) buf[n++] = '/';
            buf[n++] = '.';
            buf[n++] = '.';
            fixed = n;
            continue;
        }
        if (n != 0 || absolute) buf[n++] = '/';
        for (const char c : name) buf[n++] = c;
    }
    const std::string_view v(buf, n);
    const auto ends = [&](std::string_view suffix) {
        return v == suffix || (v.size() > suffix.size() && v.substr(v.size() - suffix.size()) == suffix &&
                               v[v.size() - suffix.size() - 1] == '/');
    };
    if (absolute) {
        if (v == "/dev/stdin" || v == "/dev/fd/0" || v == "/proc/self/fd/0" || v == "/proc/thread-self/fd/0")
            return sourced_file::standard_input;
        if (v == "/dev/null") return sourced_file::ordinary;
        if (v.substr(0, 5) == "/dev/" || v.substr(0, 6) == "/proc/") return sourced_file::descriptor;
        return sourced_file::ordinary;
    }
    // relative: the working directory may be `/` or below it
    if (ends("dev/stdin") || ends("dev/fd/0") || ends("self/fd/0")) return sourced_file::standard_input;
    if (v.find("dev/") != std::string_view::npos || v.find("proc/") != std::string_view::npos || v.substr(0, 3) == "fd/" ||
        v.find("/fd/") != std::string_view::npos)
        return sourced_file::descriptor;
    return sourced_file::ordinary;
}

template <std::size_t N>
constexpr bool in_list(std::string_view s, const std::array<std::string_view, N>& list) noexcept {
    for (const std::string_view e : list)
        if (e == s) return true;
    return false;
}

/**
 * True when setting (`set`) or unsetting the shell option `option` (`shopt -s/-u`, `bash -O/+O`)
 * changes how later text parses or what a glob expands to, which the analysis does not follow:
 * set, `extglob` and `expand_aliases` (parsing), `globstar` (`**` descends), `nullglob` (an
 * unmatched glob vanishes), `dotglob` (`*` matches dot files); unset, `globskipdots` (`.*` matches
 * `..`).
 */
constexpr bool changes_globbing(std::string_view option, bool set) noexcept {
    if (!set) return option == "globskipdots";
    return option == "extglob" || option == "expand_aliases" || option == "globstar" || option == "nullglob" ||
           option == "dotglob";
}

inline constexpr std::array<std::string_view, 56> bash_builtins{
    ":",       ".",       "[",      "alias",   "bg",     "bind",    "break",  "builtin",  "caller", "cd",
    "command", "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo", "enable",
    "eval",    "exec",    "exit",   "export",  "false",  "fc",      "fg",     "getopts",  "hash",   "help",
    "history", "jobs",    "kill",   "let",     "local",  "logout",  "mapfile", "popd",    "printf", "pushd",
    "pwd",     "read",    "readarray", "readonly", "return", "set", "shift",  "shopt",    "source", "suspend",
    "test",    "times",   "trap",   "true",    "type",   "typeset"};
inline constexpr std::array<std::string_view, 4> more_builtins{"ulimit", "umask", "unalias", "unset"};

/** Builtins that may change shell variables: constant propagation forgets everything after them. */
inline constexpr std::array<std::string_view, 17> variable_builtins{
    "declare", "typeset", "local",  "export", "readonly", "read", "mapfile", "readarray", "let",
    "unset",   "getopts", "source", ".",      "set",      "shopt", "wait",   "printf"};

inline constexpr std::array<std::string_view, 9> shells{"sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "rbash", "yash"};

inline constexpr std::array<std::string_view, 22> reserved_words{
    "!", "case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select",
    "then", "until", "while", "{", "}", "time", "[[", "]]"};

/** The wrappers of S6.5; their option grammars are `wrapper_specs` (commands.hpp), in this order. */
inline constexpr std::array<std::string_view, 20> wrapper_names{
    "timeout", "time", "nice",    "nohup", "stdbuf", "noglob",   "env",   "sudo", "doas",    "setsid",
    "ionice",  "chrt", "taskset", "flock", "watch",  "unbuffer", "xargs", "exec", "command", "builtin"};

/** The environment runners of S6.5; their subcommands are `runner_specs` (commands.hpp), in this order. */
inline constexpr std::array<std::string_view, 16> runner_names{
    "npx",    "pnpx",    "bunx",   "uvx",    "devbox", "direnv", "mise", "docker",
    "podman", "kubectl", "poetry", "bundle", "uv",     "pipx",   "pnpm", "yarn"};

/** Categories of command names the analysis treats specially (`name_entry::bits`). */
namespace name_bits {
inline constexpr unsigned builtin = 1u << 0;
inline constexpr unsigned variable_builtin = 1u << 1;
inline constexpr unsigned shell = 1u << 2;
inline constexpr unsigned special = 1u << 3;  // wrapper, runner, find, ... : look further
inline constexpr unsigned reserved = 1u << 4;
inline constexpr unsigned wrapper = 1u << 5;
inline constexpr unsigned runner = 1u << 6;
static_assert(runner < 256, "the classes fit in a byte (the analysis keeps one per command)");
}  // namespace name_bits

struct name_entry {
    std::string_view name;
    unsigned bits;
    prog program;           // the name in the table of known programs (programs.hpp), or `prog::none`
    std::uint8_t spec = 0;  // a wrapper's index in `wrapper_names`, a runner's in `runner_names`
};

// Every name the analysis looks up when it meets a command: the classes above and the known
// programs, so that a command's name is looked up once for both.
inline constexpr auto name_table = [] {
    std::array<name_entry, 320> t{};
    std::size_t n = 0;
    const auto entry_of = [&](std::string_view s) -> name_entry& {  // (names are never empty)
        for (std::size_t i = 0; i < n; ++i)
            if (t[i].name.size() == s.size() && t[i].name[0] == s[0] && t[i].name == s) return t[i];
        t[n] = name_entry{s, 0, prog::none, 0};
        return t[n++];
    };
    const auto add = [&](std::string_view s, unsigned b) { entry_of(s).bits |= b; };
    for (const auto s : bash_builtins) add(s, name_bits::builtin);
    for (const auto s : more_builtins) add(s, name_bits::builtin);
    add("wait", name_bits::builtin);
    for (const auto s : variable_builtins) add(s, name_bits::variable_builtin);
    for (const auto s : shells) add(s, name_bits::shell);
    for (const auto s : reserved_words) add(s, name_bits::reserved);
    // wrappers and runners, and the other names the analysis looks further at
    const auto add_specs = [&](const auto& names, unsigned b) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            name_entry& e = entry_of(names[i]);
            e.bits |= b | name_bits::special;
            e.spec = static_cast<std::uint8_t>(i);
        }
    };
    add_specs(wrapper_names, name_bits::wrapper);
    add_specs(runner_names, name_bits::runner);
    for (const std::string_view s :
         {"find",   "eval",     "trap",   "cd",  "pushd",   "popd",      "source",  ".",       "alias",
          "shopt",  "hash",     "enable", "set", "mapfile", "readarray", "declare", "typeset", "local",
          "export", "readonly", "test",   "[",   "sdiff",   "diff3",     "install"})
        add(s, name_bits::special);
    // the known programs: a name with a class above gets its program, any other name an entry
    for (std::size_t p = 1; p < prog_names.size(); ++p) entry_of(prog_names[p]).program = static_cast<prog>(p);
    return std::pair{t, n};
}();

// first byte x length filter: most program names are rejected without a string comparison
inline constexpr auto name_filter = [] {
    std::array<std::uint32_t, 256> f{};
    for (std::size_t i = 0; i < name_table.second; ++i) {
        const std::string_view n = name_table.first[i].name;
        f[static_cast<unsigned char>(n[0])] |= std::uint32_t{1} << (n.size() < 31 ? n.size() : 31);
    }
    return f;
}();

constexpr std::size_t name_hash(std::string_view s) noexcept {
    std::size_t h = s.size();
    for (const char c : s) h = h * 33 + static_cast<unsigned char>(c);
    return h ^ (h >> 7);
}

// Open addressing over the name table (slot: entry index + 1), under a third full.
inline constexpr std::size_t name_slots = 1024;
inline constexpr auto name_index = [] {
    static_assert(name_table.first.size() < 65535, "name_index stores entry indexes in 16 bits");
    std::array<std::uint16_t, name_slots> t{};
    for (std::size_t i = 0; i < name_table.second; ++i) {
        std::size_t h = name_hash(name_table.first[i].name) & (name_slots - 1);
        while (t[h] != 0) h = (h + 1) & (name_slots - 1);
        t[h] = static_cast<std::uint16_t>(i + 1);
    }
    return t;
}();

/** The entry of a command name, or null for a name the analysis does not know. O(1), no allocation. */
constexpr const name_entry* find_name(std::string_view s) noexcept {
    if (s.empty() || s.size() >= 31 ||
        (name_filter[static_cast<unsigned char>(s[0])] & (std::uint32_t{1} << s.size())) == 0)
        return nullptr;
    for (std::size_t i = name_hash(s) & (name_slots - 1); name_index[i] != 0; i = (i + 1) & (name_slots - 1)) {
        const name_entry& e = name_table.first[name_index[i] - 1u];
        if (e.name.size() != s.size()) continue;
        std::size_t k = 0;
        while (k < s.size() && e.name[k] == s[k]) ++k;
        if (k == s.size()) return &e;
    }
    return nullptr;
}

/**
 * True when `s` is spelled like a reserved word (`reserved_words`): the same answer as the
 * `reserved` bit of its `name_entry`, by length and spelling, for the lexer's test of every plain word.
 */
constexpr bool reserved_word(std::string_view s) noexcept {
    switch (s.size()) {
        case 1: return s[0] == '!' || s[0] == '{' || s[0] == '}';
        case 2:
            return same_text(s, "do") || same_text(s, "fi") || same_text(s, "if") || same_text(s, "in") ||
                   same_text(s, "[[") || same_text(s, "]]");
        case 3: return same_text(s, "for");
        case 4:
            return same_text(s, "case") || same_text(s, "done") || same_text(s, "elif") || same_text(s, "else") ||
                   same_text(s, "esac") || same_text(s, "then") || same_text(s, "time");
        case 5: return same_text(s, "until") || same_text(s, "while");
        case 6: return same_text(s, "coproc") || same_text(s, "select");
        case 8: return same_text(s, "function");
        default: return false;
    }
}
static_assert([] {
    for (const name_entry& e : name_table.first)
        if (!e.name.empty() && reserved_word(e.name) != ((e.bits & name_bits::reserved) != 0)) return false;
    for (const std::string_view w : reserved_words)
        if (!reserved_word(w)) return false;
    return !reserved_word("fo") && !reserved_word("donee") && !reserved_word("[") && !reserved_word("");
}());

template <std::size_t N>
constexpr bool all_filled(const std::array<std::string_view, N>& list) noexcept {
    for (const std::string_view e : list)
        if (e.empty()) return false;
    return true;
}
static_assert(all_filled(bash_builtins) && all_filled(more_builtins) && all_filled(variable_builtins) &&
                  all_filled(shells) && all_filled(reserved_words) && all_filled(wrapper_names) &&
                  all_filled(runner_names),
              "a name table has an empty slot");
static_assert([] {  // `spec` is an index in one list only
    for (std::size_t i = 0; i < name_table.second; ++i)
        if ((name_table.first[i].bits & name_bits::wrapper) && (name_table.first[i].bits & name_bits::runner))
            return false;
    return true;
}());

static_assert(find_name("eval")->bits & name_bits::builtin);
static_assert(find_name("sudo")->bits == (name_bits::special | name_bits::wrapper));
static_assert(find_name("fi")->bits == name_bits::reserved);
static_assert(find_name("git")->bits == 0 && find_name("git")->program == prog::git);
static_assert([] {  // every name is found through the hash index, with its program
    for (std::size_t i = 0; i < name_table.second; ++i)
        if (find_name(name_table.first[i].name) != &name_table.first[i]) return false;
    for (std::size_t i = 1; i < prog_names.size(); ++i)
        if (find_name(prog_names[i])->program != static_cast<prog>(i)) return false;
    return find_name("gitk") == nullptr && find_name("") == nullptr && find_name("Git") == nullptr;
}());

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE
