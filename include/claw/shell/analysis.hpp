// SPDX-License-Identifier: MIT
// The fact model of the shell analysis (RULES.md S6.3-S6.8): words that are literal or opaque,
// one exec fact per reachable simple command (with its wrapper chain and nesting), assignments,
// redirections and the working directories established by `cd`. Everything lives in one
// fixed-capacity `analysis` object sized by the limits of <claw/shell/limits.hpp>; filling it
// never allocates, and running out of room marks the analysis incomplete instead of failing.
#pragma once

#include <claw/config.hpp>
#include <claw/shell/limits.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {

/** Properties of a word (bit flags in `word::flags`). */
namespace word_flags {
inline constexpr std::uint16_t opaque = 1u << 0;         ///< final value unknown (expansion, substitution, glob, brace)
inline constexpr std::uint16_t lit_or_opaque = 1u << 1;  ///< `text` on some paths, unknown on others (S6.4)
inline constexpr std::uint16_t may_split = 1u << 2;      ///< may become zero or several words (unquoted expansion, glob, brace, xargs input)
inline constexpr std::uint16_t glob = 1u << 3;           ///< contains an unquoted `*`, `?` or `[...]` (text keeps the pattern)
inline constexpr std::uint16_t brace = 1u << 4;          ///< contains an unquoted brace expansion
inline constexpr std::uint16_t tilde = 1u << 5;          ///< starts with an unquoted `~` prefix (text keeps `~`, home-relative)
inline constexpr std::uint16_t quoted = 1u << 6;         ///< some part was quoted or escaped
inline constexpr std::uint16_t substitution = 1u << 7;   ///< contains a command or process substitution
inline constexpr std::uint16_t synthetic = 1u << 8;      ///< not written in the text (the argument xargs appends)
inline constexpr std::uint16_t expansion = 1u << 9;      ///< contains a parameter, arithmetic or command expansion
}  // namespace word_flags

/**
 * One word after quote removal. A literal word's `text` is its exact final value; an opaque word's
 * `text` is its spelling in the source (for display only) and `suffix` is the literal text after
 * its last expansion (`"$D/.env"` has suffix `/.env`), for path rules (S8.7). A `lit_or_opaque`
 * word's `text` is its value on the paths where it is known (a propagated value, the WORD of
 * `${x:-WORD}`) and `suffix` the literal text after the part that is unknown on the other paths. `begin`/`end` locate the word in the analysed text
 * (for words of nested scripts: the outer word that holds the script).
 */
struct word {
    std::string_view text;
    std::string_view suffix;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint16_t flags = 0;

    constexpr bool literal() const noexcept { return (flags & (word_flags::opaque | word_flags::lit_or_opaque)) == 0; }
    constexpr bool opaque() const noexcept { return (flags & word_flags::opaque) != 0; }
    constexpr bool lit_or_opaque() const noexcept { return (flags & word_flags::lit_or_opaque) != 0; }
    constexpr bool may_split() const noexcept { return (flags & word_flags::may_split) != 0; }
    /**
     * May the word be, or expand to, an option (a word starting with `-`)? A literal word when it
     * starts with `-`; a word whose only unknown part is a glob or brace expansion unless it starts
     * with a written character other than `-` (`s*` never expands to `-R`, `*` may); any other
     * opaque word.
     */
    constexpr bool may_be_option() const noexcept {
        if (literal()) return !text.empty() && text[0] == '-';
        const bool pattern_only = (flags & (word_flags::glob | word_flags::brace)) != 0 &&
                                  (flags & (word_flags::expansion | word_flags::substitution | word_flags::lit_or_opaque |
                                            word_flags::synthetic)) == 0;
        return !pattern_only || text.empty() || std::string_view("-*?[{!@+\\\x01\x02").find(text[0]) != std::string_view::npos;
    }
};

/** How a command was reached (its nesting relative to `command::parent`). */
enum class origin : unsigned char {
    top,                   ///< a list, pipeline or compound-command element of the analysed text
    command_substitution,  ///< inside `$(...)`
    backtick,              ///< inside `` `...` ``
    process_substitution,  ///< inside `<(...)` or `>(...)`
    heredoc,               ///< a substitution in an unquoted here-document body
    eval,                  ///< the script of `eval` (arguments joined by spaces)
    shell_c,               ///< the script of `sh|bash|zsh|dash|ksh|mksh -c`, or a here-document fed to a shell
    trap,                  ///< the action of `trap`
    wrapper,               ///< the inner command of a wrapper (S6.5): parent is the wrapper
    env_split,             ///< the command of `env -S STRING`
    find_exec,             ///< the command of `find -exec|-execdir|-ok|-okdir`
    xargs,                 ///< the command run by `xargs` (one opaque argument appended)
    watch,                 ///< the script `watch` passes to `sh -c`
    env_runner,            ///< a possible inner command of an environment runner (deny/ask only)
    candidate,             ///< a possible argv0 after an unknown wrapper option (deny/ask only)
    data,                  ///< a substitution inside a literal value that bash may evaluate later
    loop_value,            ///< a `for` loop's body again, with the variable set to one of its written values (deny/ask only)
};

/** Properties of a command (bit flags in `command::flags`). */
namespace command_flags {
inline constexpr std::uint32_t deny_only = 1u << 0;        ///< for deny/ask matching only; allow skips it (Clarifications)
inline constexpr std::uint32_t unresolvable = 1u << 1;     ///< argv0 is opaque or missing (S6.3)
inline constexpr std::uint32_t wrapper = 1u << 2;          ///< argv0 is a wrapper of S6.5 with an inner command
inline constexpr std::uint32_t transparent = 1u << 3;      ///< a transparent wrapper: adds no fact for allow (S6.5)
inline constexpr std::uint32_t unknown_option = 1u << 4;   ///< the wrapper had an option the analyser does not know
inline constexpr std::uint32_t unsafe_prefix = 1u << 5;    ///< carries a prefix assignment outside the safe list (S6.6)
inline constexpr std::uint32_t after_unsafe = 1u << 6;     ///< follows a bare non-safe assignment in its scope (S6.6)
inline constexpr std::uint32_t nested = 1u << 7;           ///< inside a substitution or nested script at some level
inline constexpr std::uint32_t runs_script = 1u << 8;      ///< eval / sh -c / trap / watch: its script was analysed as nested commands
inline constexpr std::uint32_t builtin = 1u << 9;          ///< argv0 names a bash builtin or keyword-like command
inline constexpr std::uint32_t function_call = 1u << 10;   ///< argv0 names a function defined earlier in the text
inline constexpr std::uint32_t in_function = 1u << 11;     ///< inside a function body (runs when called)
inline constexpr std::uint32_t host_path = 1u << 12;       ///< argv0 contains a `/` (not resolved through PATH)
inline constexpr std::uint32_t stdin_script = 1u << 13;    ///< a shell reading its script from standard input
}  // namespace command_flags

/**
 * One reachable simple command: the exec fact of S6.8. `argv` (see `analysis::argv`) excludes
 * prefix assignments; `name` is the basename of a literal argv0 (empty when unresolvable). A
 * wrapper's inner command has `parent` = the wrapper's index and `via == origin::wrapper`; walking
 * `parent` links gives the wrapper chain and nesting path. `ordinal` is the index in
 * `analysis::commands()`, in the order bash would reach them (substitutions before the command
 * that contains them).
 */
struct command {
    std::uint32_t first_word = 0;
    std::uint32_t word_count = 0;
    std::uint32_t first_assignment = 0;
    std::uint32_t assignment_count = 0;
    std::uint32_t begin = 0;  ///< byte range of the command in the analysed text
    std::uint32_t end = 0;
    std::int32_t parent = -1;
    std::uint32_t flags = 0;
    std::uint16_t cwd = 0;     ///< index into `analysis::cwds()`: the working directory it runs in
    std::uint16_t ordinal = 0;
    std::uint8_t depth = 0;    ///< nesting depth (0 for the analysed text's own commands)
    origin via = origin::top;
    /** Implementation detail: `name` in the table of programs the analysis knows by name (0: none). */
    std::uint8_t program = 0;
    std::string_view name;

    constexpr bool has(std::uint32_t f) const noexcept { return (flags & f) != 0; }
    constexpr bool deny_only() const noexcept { return has(command_flags::deny_only); }
    constexpr bool unresolvable() const noexcept { return has(command_flags::unresolvable); }
};

/** An assignment `NAME=value`, `NAME+=value`, `NAME[i]=value` or `NAME=(...)`. */
struct assignment {
    std::string_view name;      ///< without subscript
    std::uint32_t value = 0;    ///< index of the value word in `analysis::words()`
    std::int32_t command = -1;  ///< the command it prefixes, or -1 for a bare assignment statement
    bool append = false;        ///< `+=`
    bool array = false;         ///< subscripted or compound array assignment
    bool safe = false;          ///< name in the safe list of the options (S6.6)
};

/** The kind of a redirection, by its operator. */
enum class redirect_kind : unsigned char {
    read,        ///< `<`
    write,       ///< `>`, `>|`, `&>`, `>&word`
    append,      ///< `>>`, `&>>`
    read_write,  ///< `<>`
    duplicate,   ///< `<&N`, `>&N`, `<&-`, `>&-` (no file)
    heredoc,     ///< `<<`, `<<-` (data, no file)
    herestring,  ///< `<<<` (data, no file)
};

/** Properties of a redirection target (bit flags in `redirect::flags`). */
namespace redirect_flags {
inline constexpr std::uint8_t network = 1u << 0;  ///< `/dev/tcp/...` or `/dev/udp/...`
inline constexpr std::uint8_t sink = 1u << 1;     ///< `/dev/null`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`: not a file fact
inline constexpr std::uint8_t quoted_heredoc = 1u << 2;  ///< here-document with a quoted delimiter (body is data)
}  // namespace redirect_flags

/** One redirection. `target` indexes `analysis::words()` (-1 for none). */
struct redirect {
    std::int32_t command = -1;  ///< the simple command it belongs to, or -1 (compound command, bare redirect)
    std::int32_t target = -1;
    std::int32_t fd = -1;       ///< explicit descriptor, or -1 for the operator's default
    redirect_kind kind = redirect_kind::read;
    std::uint8_t flags = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::string_view data;  ///< a here-document's body (raw, as written)

    constexpr bool reads() const noexcept { return kind == redirect_kind::read || kind == redirect_kind::read_write; }
    constexpr bool writes() const noexcept {
        return kind == redirect_kind::write || kind == redirect_kind::append || kind == redirect_kind::read_write;
    }
};

/**
 * A working directory established by `cd` (S6.7). Entry 0 is the caller's cwd. A `known` entry is
 * `dir` resolved against `parent`'s directory (`dir` may be absolute or start with `~`);
 * `may_fail` means the `cd` might have failed and the command might run in `parent` instead.
 * An unknown entry (non-literal `cd`, `cd -`, `pushd`, a `cd` on some paths only) makes relative
 * paths unknown.
 */
struct working_directory {
    std::string_view dir;
    std::int32_t parent = -1;
    bool known = true;
    bool may_fail = false;
};

/** Why an analysis is incomplete. */
enum class incomplete_reason : unsigned char {
    none,
    too_long_for_allow,  ///< longer than CLAW_SHELL_MAX_ALLOW_BYTES: analysed, but never allowable
    too_long,            ///< longer than CLAW_SHELL_MAX_BYTES: not analysed
    syntax,              ///< the text does not parse (unterminated quote, unexpected token, ...)
    too_many_commands,
    too_deep,
    too_many_words,
    too_many_redirects,
    too_many_assignments,
    text_capacity,
    unsupported,  ///< a construct that changes how bash parses later text (alias, extglob, hash -p, ...)
    /// analysed, but never allowable: a value the command does not know (read input, command output,
    /// a loop over a glob, positional parameters) reaches a place where bash evaluates a value as
    /// code (arithmetic, array subscripts, `${!x}`, `${x@P}`, `declare -n`, ...), where a subscript
    /// such as `a[$(cmd)]` runs a command
    evaluated_data,
};

/** A short English description of an incomplete reason. */
constexpr std::string_view describe(incomplete_reason r) noexcept {
    switch (r) {
        case incomplete_reason::none: return "complete";
        case incomplete_reason::too_long_for_allow: return "command longer than the allow-analysis limit";
        case incomplete_reason::too_long: return "command longer than the hard limit";
        case incomplete_reason::syntax: return "syntax error";
        case incomplete_reason::too_many_commands: return "too many simple commands";
        case incomplete_reason::too_deep: return "nesting too deep";
        case incomplete_reason::too_many_words: return "too many words";
        case incomplete_reason::too_many_redirects: return "too many redirections";
        case incomplete_reason::too_many_assignments: return "too many assignments";
        case incomplete_reason::text_capacity: return "analysis text buffer full";
        case incomplete_reason::unsupported: return "construct that changes later parsing";
        case incomplete_reason::evaluated_data: return "a value only known at run time is evaluated as code";
    }
    return "unknown";
}

namespace detail {
class analyzer;
}

/**
 * The result of analysing one shell command: every simple command bash could run for it, with
 * their words, assignments, redirections and working directories. Fixed capacity (about 300 KiB
 * with the default limits: put it in static, thread-local or heap storage that the caller owns,
 * not on a small stack); `analyze()` refills it without allocating. Views (`word::text`,
 * `command::name`, ...) point into the analysed text, into this object, or (synthetic words such
 * as the `echo` that a bare `xargs` runs) into static storage: they stay valid while the text and
 * the object live and the object is not reused.
 */
class analysis {
public:
    analysis() noexcept = default;
    analysis(const analysis&) = delete;
    analysis& operator=(const analysis&) = delete;

    /** True when the whole text was analysed within every limit: only then may allow rules apply. */
    bool complete() const noexcept { return reason_ == incomplete_reason::none; }
    incomplete_reason reason() const noexcept { return reason_; }
    /** Byte offset where the analysis stopped (syntax error, limit), or the text's size. */
    std::uint32_t stop_offset() const noexcept { return stop_offset_; }
    /** The analysed text. */
    std::string_view text() const noexcept { return text_; }

    std::span<const command> commands() const noexcept { return {commands_.data(), command_count_}; }
    std::span<const word> words() const noexcept { return {words_.data(), word_count_}; }
    std::span<const assignment> assignments() const noexcept { return {assignments_.data(), assignment_count_}; }
    std::span<const redirect> redirects() const noexcept { return {redirects_.data(), redirect_count_}; }
    std::span<const working_directory> cwds() const noexcept { return {cwds_.data(), cwd_count_}; }

    /** The argv of a command (assignments excluded). */
    std::span<const word> argv(const command& c) const noexcept { return {words_.data() + c.first_word, c.word_count}; }
    /** The prefix assignments of a command. */
    std::span<const assignment> assignments(const command& c) const noexcept {
        return {assignments_.data() + c.first_assignment, c.assignment_count};
    }

private:
    friend class detail::analyzer;
    std::string_view text_;
    incomplete_reason reason_ = incomplete_reason::none;
    std::uint32_t stop_offset_ = 0;
    std::size_t command_count_ = 0;
    std::size_t word_count_ = 0;
    std::size_t assignment_count_ = 0;
    std::size_t redirect_count_ = 0;
    std::size_t cwd_count_ = 0;
    std::size_t text_used_ = 0;
    std::size_t scratch_top_ = limits::max_words;  // words_ doubles as a stack growing down from the end
    std::array<command, limits::max_commands> commands_;
    std::array<word, limits::max_words> words_;
    std::array<assignment, limits::max_assignments> assignments_;
    std::array<redirect, limits::max_redirects> redirects_;
    std::array<working_directory, limits::max_cwds> cwds_;
    std::array<char, limits::text_capacity> buffer_;
};

}  // namespace shell
CLAW_END_NAMESPACE
