// SPDX-License-Identifier: MIT
// The path and network facts of known commands (RULES.md S6.8): which words of `cat`, `grep`,
// `cp`, `sed -i`, `dd of=`, ... are paths the command reads or writes, and which host a network
// command (`curl`, `ssh`, `git clone`, ...) talks to. Unknown programs produce no facts (S15).
// Noexcept and allocation-free: results are delivered to a callback.
//
// Operands per command (options and their arguments are never operands). A long option counts in
// any abbreviation GNU getopt_long accepts (`--out=F`, `--in-pl=.bak`, `--t DIR`); an abbreviation
// of several listed names counts as each of them (the program rejects it; fail closed):
//   read:        cat head tail less more wc diff cmp file stat du cut sort (and `sort -o F` writes F)
//                ls tree realpath readlink, and the starting points of find (and `-files0-from F`);
//                `diff --from-file=F`, `--to-file=F`, `-X F` read F; tree `-o F` (anywhere in a
//                cluster, `-ifo F`, `-ifoF`) writes F, its `--hintro`/`--houtro`/`--gitfile`/`--infofile` read theirs
//   read too:    nl tac rev od hexdump strings (and `@FILE`) paste comm join diff3 base32 base64 md5sum sha*sum b2sum
//                cksum sum fold fmt expand unexpand pr zcat bzcat xzcat zstdcat lzcat tsort ptx (and its
//                `-b`/`-i`/`-o` files), csplit (first operand; `-f PREFIX` written), date (`-f F`, `-r F`),
//                openssl (every word but options; `-out F` written; `file:F`); xxd (second operand
//                written), sdiff shuf iconv (`-o F` written), column look jq yq (`--rawfile N F`), the
//                z/bz/xz variants of grep less more diff cmp
//   gzip gunzip bzip2 bunzip2 xz unxz zstd unzstd lz4 lzma unlzma: operands read and written (replaced)
//   tar:         operands and `-f`/`-C`/`-T`/`-X` values: role unknown (the mode decides)
//   grep, rg:    the pattern is not a path unless `-e`/`-f`/`--regexp`/`--file` gives it; `-f F`, grep
//                `--exclude-from=F`, rg `--ignore-file F` read F
//   sed, awk:    the script is not a path unless `-e`/`-f` gives it; `-f F` reads F; sed `-i`/`--in-place`
//                in any spelling (`-i`, `-ni`, `-Ei`, `-i.bak`, `--in-place=.bak`) makes the files read+write
//   uniq:        first operand read, second (output) written
//   tr:          no path operands (it reads standard input only)
//   wc du:       also `--files0-from=F` read (du: `-X F`/`--exclude-from=F` too); sort: `--files0-from`,
//                `--random-source` read
//   cp, install: sources read, destination (last operand, or `-t DIR`) written; `install -d`: all written
//   mv:          sources and destination written (sources disappear)
//   ln:          the link (last operand, or in `-t DIR`) written, targets read; with `-s` (not `-r`)
//                a relative target is relative to the link's folder (`path_operand::link_at`)
//   rm rmdir touch mkdir tee truncate: operands written (`touch -r F`, `truncate -r F` read F)
//   dd:          `if=F` read, `of=F` written
//   git:         blame annotate diff show log whatchanged cat-file grep: every word after the
//                subcommand that is not an option is read (`REV:PATH`: PATH, `-O<orderfile>`, blame
//                `-S<revs-file>`); `--output=F` writes F (an opaque `--outp=$x`, `--o*`: an unknown file);
//                `git config -f F`, `--file`/`--blob` in any abbreviation (`--fil=F`, `--bl REV:F`) read F
//   network:     curl wget (URL operands), nc ncat telnet ftp (first operand), ssh (first operand,
//                `[user@]host`), scp sftp rsync (`[user@]host:path` operands), git clone|fetch|pull|push
//                (URL operand; a remote name gives no host)
// Operands that are opaque words keep their role: the caller sees `word::literal()` is false and
// treats the path as unknown (S8.7 uses the word's literal suffix). `path_role::unknown` is for
// roles the tables cannot tell (tar, git paths after -C).
#pragma once

#include <claw/config.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/shell/detail/names.hpp>
#include <claw/shell/detail/programs.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {

/** What a command does with a path operand. */
enum class path_role : unsigned char { read, write, read_write, unknown };

/**
 * One path operand: `word` indexes `analysis::words()`; `text` is the path as written in that word:
 * the whole word, or the value attached to an option (`of=F`, `--output=F`, `-oF`, `-tDIR`).
 */
struct path_operand {
    std::uint32_t word = 0;
    path_role role = path_role::read;
    std::string_view text;
    /**
     * A path relative to another folder than the working directory: the target of a symbolic link
     * (`ln -s TARGET LINK`, relative to the link's folder) or a path after `git -C DIR`.
     * `link_place` is the text naming that place (in the word `link_at`): a folder when
     * `into_folder` (`git -C DIR`, `ln -t DIR`, several targets), else the link itself, or a folder
     * the link goes into when it names an existing folder (the caller may look). `link_at` is -1
     * for every other operand.
     */
    std::int32_t link_at = -1;
    std::string_view link_place = {};
    bool into_folder = false;
};

/** One network fact: the word naming the destination and its host (empty when not literal). */
struct network_target {
    std::uint32_t word = 0;
    std::string_view host;
};

namespace detail {
struct option_table {
    std::string_view short_with_arg;  // letters taking an argument
    std::string_view long_with_arg;   // space-separated names taking an argument (--name X or --name=X)
    std::string_view long_other = {};  // space-separated names that matter but take no required argument
    // tree's parsing: each value-taking letter of a cluster takes the next word (`-ifo F`, `-Lo 2 F`),
    // and is also reported with the rest of the cluster (`-oF`, as later versions read it)
    bool each_letter_next = false;
};

/** The options of awk (gawk's included) that take an argument: `-e`/`--source` give program text. */
inline constexpr option_table awk_options{"fvFeE", "file assign field-separator source exec"};

/** Options of git log, show and whatchanged whose value is the next word (`-n 20`, `--author NAME`). */
inline constexpr std::string_view git_log_value_options[] = {
    "-n", "--max-count", "--skip", "--author", "--committer", "--grep", "--since", "--after", "--until", "--before"};

/** Is `w` one of `list`? */
constexpr bool one_of(std::string_view w, std::span<const std::string_view> list) noexcept {
    for (const std::string_view x : list)
        if (same_text(w, x)) return true;
    return false;
}

/**
 * True when `word` is `--P` or `--P=VALUE` where P is a non-empty prefix of the long option `name`
 * (no dashes). GNU getopt_long accepts every unambiguous abbreviation of a long option; an
 * ambiguous one makes the program fail, so counting it as `name` over-approximates safely.
 */
constexpr bool abbreviates(std::string_view word, std::string_view name) noexcept {
    if (word.size() < 3 || word[0] != '-' || word[1] != '-') return false;
    std::string_view p = word.substr(2);
    p = p.substr(0, p.find('='));
    return !p.empty() && p.size() <= name.size() && name.substr(0, p.size()) == p;
}

/**
 * `abbreviates` for a word that may not be literal: an opaque word (`--output=$HOME/x`,
 * `"--outp"=$x`, `--o*`, `--$x`) counts when its spelling, quotes ignored, is `--`, then a prefix
 * of `name`, then `=`, the end, or a part whose value is unknown (`$`, a backquote, a glob or brace
 * character): it may become that option, and the value after `=` is unknown (fail closed).
 */
constexpr bool may_abbreviate(const word& w, std::string_view name) noexcept {
    if (w.literal()) return abbreviates(w.text, name);
    const std::string_view s = w.text;
    std::size_t dashes = 0, matched = 0;
    for (const char c : s) {
        if (c == '"' || c == '\'' || c == '\\') continue;
        if (dashes < 2) {
            if (c != '-') return false;
            ++dashes;
            continue;
        }
        if (c == '$' || c == '`' || c == '*' || c == '?' || c == '[' || c == '{') return true;
        if (c == '=') return matched > 0;
        if (matched >= name.size() || name[matched] != c) return false;
        ++matched;
    }
    return matched > 0;
}

/**
 * Calls `f(full_name, takes_argument)` for every name of the space-separated lists of `t` that the
 * long option `name` (no dashes, non-empty) stands for: the exact name when it is listed, else every
 * listed name it abbreviates (GNU getopt_long; several names = an ambiguous abbreviation, which the
 * program rejects, reported as all of them to fail closed). Returns how many names were reported.
 */
template <class F>
constexpr std::size_t resolve_long(const option_table& t, std::string_view name, F&& f) noexcept {
    const auto each = [&](auto&& g) {
        for (int which = 0; which < 2; ++which) {
            const std::string_view list = which == 0 ? t.long_with_arg : t.long_other;
            std::size_t i = 0;
            while (i < list.size()) {
                std::size_t j = list.find(' ', i);
                if (j == std::string_view::npos) j = list.size();
                if (j > i) g(list.substr(i, j - i), which == 0);
                i = j + 1;
            }
        }
    };
    bool exact = false;
    each([&](std::string_view full, bool) { exact = exact || full == name; });
    std::size_t n = 0;
    each([&](std::string_view full, bool arg) {
        if (exact ? full == name : (name.size() <= full.size() && full.substr(0, name.size()) == name)) {
            f(full, arg);
            ++n;
        }
    });
    return n;
}

// The index of git's subcommand in `w` (w.size() when there is none), after its global options;
// `elsewhere` is set when one of them moves the repository or the working tree (`-C DIR`,
// `--git-dir`, `--work-tree`) or is not literal. With `folder`, one `-C DIR` alone does not set
// `elsewhere`: *folder is then the index of DIR (paths are relative to it), else w.size().
inline std::size_t git_subcommand(std::span<const word> w, bool& elsewhere, std::size_t* folder = nullptr) noexcept {
    std::size_t k = 1;
    std::size_t dir = w.size();
    bool moved = false;
    while (k < w.size() && !w[k].text.empty() && w[k].text[0] == '-') {
        const std::string_view g = w[k].text;
        if (detail::same_text(g, "-C")) {
            if (dir != w.size() || k + 1 >= w.size()) moved = true;  // several: relative to each other
            dir = k + 1;
        } else if (detail::same_text(g.substr(0, 9), "--git-dir") ||
                   detail::same_text(g.substr(0, 11), "--work-tree") || !w[k].literal()) {
            moved = true;
        }
        k += (detail::same_text(g, "-C") || detail::same_text(g, "-c")) ? std::size_t{2} : std::size_t{1};
    }
    if (moved || (dir != w.size() && !folder)) elsewhere = true;
    if (folder) *folder = moved ? w.size() : dir;
    return k < w.size() ? k : w.size();
}

/**
 * Walks argv[1..]: calls opt(index, letter-or-name, value-index-or-npos, attached value) for options,
 * operand(index) for operands. Stops option parsing at `--`. A long option is reported by the full
 * name(s) of `t` it spells or abbreviates (`--out=F` of sort is `output`); one that names nothing of
 * `t` is reported as written, with its leading `--`, so it never compares equal to a letter or a
 * listed name. `--name X` consumes X only for a name of `long_with_arg` (required argument).
 */
template <class Opt, class Operand>
constexpr void walk_options(std::span<const word> w, const option_table& t, Opt&& opt, Operand&& operand) noexcept {
    bool options = true;
    for (std::size_t k = 1; k < w.size(); ++k) {
        const std::string_view s = w[k].text;
        if (options && w[k].literal() && detail::same_text(s, "--")) {
            options = false;
            continue;
        }
        if (options && w[k].literal() && s.size() > 2 && s[0] == '-' && s[1] == '-') {
            const std::size_t eq = s.find('=');
            const std::string_view name = s.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2);
            const std::string_view attached = eq == std::string_view::npos ? std::string_view{} : s.substr(eq + 1);
            bool takes_arg = false;
            if (!name.empty()) resolve_long(t, name, [&](std::string_view, bool arg) { takes_arg = takes_arg || arg; });
            const bool next = eq == std::string_view::npos && takes_arg && k + 1 < w.size();
            const std::size_t n = name.empty() ? 0 : resolve_long(t, name, [&](std::string_view full, bool) {
                opt(k, full, next ? k + 1 : std::string_view::npos, attached);
            });
            if (n == 0) opt(k, s.substr(0, eq), std::string_view::npos, attached);
            if (next) ++k;
            continue;
        }
        if (options && w[k].literal() && s.size() > 1 && s[0] == '-') {
            std::size_t next = k + 1;  // the word the next value-taking letter takes (each_letter_next)
            for (std::size_t j = 1; j < s.size(); ++j) {
                const std::string_view letter = s.substr(j, 1);
                if (t.short_with_arg.find(s[j]) != std::string_view::npos && t.each_letter_next) {
                    opt(k, letter, next < w.size() ? next : std::string_view::npos,
                        j + 1 < s.size() ? s.substr(j + 1) : std::string_view{});
                    if (next < w.size()) ++next;
                    continue;
                }
                if (t.short_with_arg.find(s[j]) != std::string_view::npos) {
                    if (j + 1 < s.size()) {
                        opt(k, letter, std::string_view::npos, s.substr(j + 1));
                    } else if (k + 1 < w.size()) {
                        opt(k, letter, k + 1, std::string_view{});
                        ++k;
                    }
                    break;
                }
                opt(k, letter, std::string_view::npos, std::string_view{});
            }
            if (t.each_letter_next) k = next - 1;
            continue;
        }
        operand(k);
    }
}

constexpr std::string_view url_host(std::string_view s) noexcept {
    const std::size_t scheme = s.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = s.substr(scheme + 3);
    const std::size_t end = rest.find_first_of("/?#");
    rest = rest.substr(0, end);
    const std::size_t at = rest.rfind('@');
    if (at != std::string_view::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        return close == std::string_view::npos ? std::string_view{} : rest.substr(1, close - 1);
    }
    return rest.substr(0, rest.find(':'));
}

constexpr std::string_view remote_host(std::string_view s) noexcept {  // [user@]host:path, host::module
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    if (s.find('/') < colon) return {};  // a local path containing ':'
    std::string_view h = s.substr(0, colon);
    const std::size_t at = h.rfind('@');
    return at == std::string_view::npos ? h : h.substr(at + 1);
}
}  // namespace detail

/**
 * Calls `f(path_operand)` for every path operand of the exec fact `c` when its program is one of
 * the recognised file commands (see the table at the top of this header); returns false (and calls
 * nothing) for any other program. noexcept if `f` is; O(words); no allocation.
 */
template <class F>
bool for_each_path_operand(const analysis& a, const command& c, F&& f) noexcept {
    if (c.unresolvable()) return false;
    const std::span<const word> w = a.argv(c);
    using detail::prog;
    const auto p = static_cast<prog>(c.program);
    if (p == prog::none) return false;
    const auto base = c.first_word;
    const auto emit = [&](std::size_t k, path_role r) { f(path_operand{static_cast<std::uint32_t>(base + k), r, w[k].text}); };
    // An option's value: the next word, or the text attached to the option word `k`.
    const auto emit_value = [&](std::size_t k, std::size_t v, std::string_view attached, path_role r) {
        if (v != std::string_view::npos) emit(v, r);
        else if (!attached.empty()) f(path_operand{static_cast<std::uint32_t>(base + k), r, attached});
    };
    const auto simple = [&](detail::option_table t, path_role r) {
        detail::walk_options(w, t, [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                             [&](std::size_t k) { emit(k, r); });
    };
    // `simple`, and the values of the options `values` names (letters and long names, separated by
    // spaces) get `value_role`; those `outputs` names are written.
    const auto valued = [&](detail::option_table t, path_role r, std::string_view values, path_role value_role,
                            std::string_view outputs = {}) {
        detail::walk_options(w, t,
                             [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                                 if (detail::in_words(outputs, o)) emit_value(k, v, at, path_role::write);
                                 else if (detail::in_words(values, o)) emit_value(k, v, at, value_role);
                             },
                             [&](std::size_t k) { emit(k, r); });
    };
    switch (p) {
        // Only options of the program itself take an argument: a name listed for another program
        // would swallow an operand through an abbreviation (`cat --l .env`).
        case prog::cat:
        case prog::less:
        case prog::more: return simple({"", ""}, path_role::read), true;
        case prog::diff:
            // `--from-file=F`/`--to-file=F` compare F with every operand; `-X F` reads patterns from F
            return valued({"X", "label from-file to-file exclude-from starting-file"}, path_role::read,
                          "from-file to-file X exclude-from", path_role::read),
                   true;
        // Readers of every operand (an option's value, when the table does not know the option,
        // counts as an operand: reading it is harmless, missing a path is not).
        case prog::nl: return simple({"bdfhilnsvw", "body-numbering section-delimiter footer-numbering header-numbering line-increment join-blank-lines number-format number-separator starting-line-number number-width"}, path_role::read), true;
        case prog::tac: return simple({"s", "separator"}, path_role::read), true;
        case prog::rev: return simple({"", ""}, path_role::read), true;
        case prog::od: return simple({"AjNSt", "address-radix skip-bytes read-bytes strings format"}, path_role::read), true;
        case prog::hexdump:  // `-f F` reads formats from F (and prints F's lines it cannot parse)
            detail::walk_options(
                w, {"efns", ""},
                [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                    if (detail::same_text(o, "f")) emit_value(k, v, at, path_role::read);
                },
                [&](std::size_t k) { emit(k, path_role::read); });
            return true;
        case prog::strings:
            // `@FILE` reads more options (and operands) from FILE
            detail::walk_options(w, {"ntTe", "bytes radix target encoding output-separator"},
                                 [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                                 [&](std::size_t k) {
                                     const std::string_view t = w[k].text;
                                     if (w[k].literal() && t.size() > 1 && t[0] == '@')
                                         f(path_operand{static_cast<std::uint32_t>(base + k), path_role::read, t.substr(1)});
                                     emit(k, path_role::read);
                                 });
            return true;
        case prog::paste: return simple({"d", "delimiters"}, path_role::read), true;
        case prog::comm: return simple({"", "output-delimiter"}, path_role::read), true;
        case prog::join: return simple({"aejotv12", ""}, path_role::read), true;
        case prog::diff3: return simple({"L", "label diff-program"}, path_role::read), true;
        case prog::base32: case prog::base64: return simple({"w", "wrap"}, path_role::read), true;
        case prog::md5sum: case prog::sha1sum: case prog::sha224sum: case prog::sha256sum: case prog::sha384sum:
        case prog::sha512sum: case prog::b2sum: case prog::sum: return simple({"l", "length"}, path_role::read), true;
        case prog::cksum: return simple({"al", "algorithm length"}, path_role::read), true;
        case prog::fold: return simple({"w", "width"}, path_role::read), true;
        case prog::fmt: return simple({"dgpw", "goal prefix width"}, path_role::read), true;
        case prog::expand: case prog::unexpand: return simple({"t", "tabs"}, path_role::read), true;
        case prog::pr: return simple({"hlowNWS", "header length indent width first-line-number page-width sep-string"}, path_role::read), true;
        case prog::zcat: case prog::bzcat: case prog::xzcat: case prog::zstdcat: case prog::lzcat: case prog::tsort:
            return simple({"", ""}, path_role::read), true;
        case prog::ptx:  // `-b F`, `-i F`, `-o F` read word lists; a second operand is the output
            return valued({"bFgiMoSWw", "break-file flag-truncation gap-size ignore-file macro-name only-file sentence-regexp word-regexp width"},
                          path_role::read, "b break-file i ignore-file o only-file", path_role::read),
                   true;
        case prog::csplit: {  // the first operand is read, the rest are patterns; `-f PREFIX` names the output
            bool first = true;
            detail::walk_options(
                w, {"bfn", "suffix-format prefix digits"},
                [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                    if (detail::same_text(o, "f") || detail::same_text(o, "prefix"))
                        emit_value(k, v, at, path_role::write);
                },
                [&](std::size_t k) {
                    if (first) emit(k, path_role::read);
                    first = false;
                });
            return true;
        }
        case prog::date:  // `-f F` reads dates from F, `-r F` reads F's time; operands are formats
            detail::walk_options(
                w, {"dfrsI", "date file reference set iso-8601 rfc-3339 resolution"},
                [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                    if (detail::same_text(o, "f") || detail::same_text(o, "file") || detail::same_text(o, "r") ||
                        detail::same_text(o, "reference"))
                        emit_value(k, v, at, path_role::read);
                },
                [](std::size_t) {});
            return true;
        case prog::openssl:
            // Options differ per subcommand: `-out F` writes F; every other word may be a file it
            // reads (`-in F`, `-inkey F`, `-CAfile F`; a subcommand name or value read as a path is harmless)
            for (std::size_t k = 1; k < w.size(); ++k) {
                const std::string_view t = w[k].text;
                if (w[k].literal() && detail::same_text(t, "-out") && k + 1 < w.size()) emit(++k, path_role::write);
                else if (w[k].literal() && t.size() > 1 && t[0] == '-' && t.find('=') != std::string_view::npos)  // `-in=F`
                    f(path_operand{static_cast<std::uint32_t>(base + k), t.starts_with("-out=") ? path_role::write : path_role::read,
                                   t.substr(t.find('=') + 1)});
                else if (w[k].literal() && t.starts_with("file:"))  // `-passin file:F`
                    f(path_operand{static_cast<std::uint32_t>(base + k), path_role::read, t.substr(5)});
                else if (!w[k].literal() || t.empty() || t[0] != '-') emit(k, path_role::read);
            }
            return true;
        case prog::column:  // `-t`/`--table` takes no argument (util-linux 2.38)
            return simple({"nONlEHRTWripcos", "table-name table-order table-columns table-columns-limit table-noextreme table-hide table-right table-truncate table-wrap tree tree-id tree-parent output-width columns output-separator separator", "table"},
                          path_role::read),
                   true;
        case prog::look: return simple({"t", "terminate"}, path_role::read), true;  // the string is harmless as a path
        case prog::jq: case prog::yq: {
            // the filter is read as a path too (harmless); `--rawfile N F`, `--slurpfile N F`, `--from-file F` read F
            for (std::size_t k = 1; k < w.size(); ++k) {
                const std::string_view t = w[k].text;
                if (w[k].literal() && (detail::same_text(t, "--rawfile") || detail::same_text(t, "--slurpfile")) &&
                    k + 2 < w.size()) {
                    emit(k + 2, path_role::read);
                    k += 2;
                } else if (!w[k].literal() || t.empty() || t[0] != '-' || detail::same_text(t, "-")) {
                    emit(k, path_role::read);
                } else if (w[k].literal() && (detail::same_text(t, "-f") || detail::same_text(t, "--from-file")) &&
                           k + 1 < w.size()) {
                    emit(++k, path_role::read);
                }
            }
            return true;
        }
        case prog::zgrep: case prog::zegrep: case prog::zfgrep: case prog::bzgrep: case prog::xzgrep: case prog::zstdgrep:
            return simple({"efABCmd", "regexp file after-context before-context context max-count label"}, path_role::read), true;
        case prog::zless: case prog::zmore: case prog::bzless: case prog::bzmore: case prog::xzless: case prog::xzmore:
        case prog::zdiff: case prog::zcmp: case prog::bzdiff: case prog::bzcmp: case prog::xzdiff: case prog::xzcmp:
            return simple({"", ""}, path_role::read), true;
        case prog::gzip: case prog::gunzip: case prog::bzip2: case prog::bunzip2: case prog::xz: case prog::unxz:
        case prog::zstd: case prog::unzstd: case prog::lz4: case prog::lzma: case prog::unlzma:
            // each operand is read, and replaced by its (de)compressed form unless -c/--stdout; `-o F` writes F
            return valued({"SoDTFCM", "suffix output dict threads format check memlimit files files0 patch-from"},
                          path_role::read_write, "D dict files files0 patch-from", path_role::read, "o output"),
                   true;
        case prog::tar:
            // create, list, extract, append: which operands are read or written depends on the mode and
            // `-C` moves them: every operand and file option value has an unknown role (never allowed)
            return valued({"fCbHKLNgTVX", "file directory blocking-factor format starting-file tape-length newer-mtime newer listed-incremental files-from label exclude-from exclude to-command checkpoint-action use-compress-program"},
                          path_role::unknown, "f file C directory T files-from X exclude-from g listed-incremental",
                          path_role::unknown),
                   true;
        case prog::xxd: {  // the second operand is the output
            int n = 0;
            detail::walk_options(w, {"cglsoCn", "cols groupsize len seek name"},
                                 [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                                 [&](std::size_t k) { emit(k, n++ == 1 ? path_role::write : path_role::read); });
            return true;
        }
        // `-o F` writes F
        case prog::sdiff:
            return valued({"oIwW", "output ignore-matching-lines width tabsize diff-program"}, path_role::read, "",
                          path_role::read, "o output"),
                   true;
        case prog::shuf:
            return valued({"inoe", "input-range head-count output random-source"}, path_role::read, "random-source",
                          path_role::read, "o output"),
                   true;
        case prog::iconv:
            return valued({"fto", "from-code to-code output"}, path_role::read, "", path_role::read, "o output"), true;
        case prog::cmp: return simple({"in", "ignore-initial bytes"}, path_role::read), true;
        case prog::head: return simple({"nc", "lines bytes"}, path_role::read), true;  // `head --s F` is --silent
        case prog::tail: return simple({"ncs", "lines bytes pid sleep-interval max-unchanged-stats"}, path_role::read), true;
        default: break;
    }
    if (p == prog::file)
        return valued({"mfFeP", "magic-file files-from separator exclude parameter"}, path_role::read,
                      "m f magic-file files-from", path_role::read),
               true;
    if (p == prog::stat) return simple({"c", "format printf"}, path_role::read), true;
    if (p == prog::ls) return simple({"ITw", "ignore hide tabsize width format sort time-style quoting-style indicator-style"}, path_role::read), true;
    if (p == prog::tree) {
        // tree 2.1.0 parses its own options: every letter of a cluster that takes a value takes the
        // next word (`-ifo F`, `-Lo 2 F`), later versions take the rest of the cluster (`-oF`,
        // `-ifoF`). Both readings count: `-o`'s value is written, the next word is read as well (it
        // is a folder operand under the second reading). A long option's value is `--X V` or `--X=V`;
        // `--hintro`, `--houtro`, `--gitfile`, `--infofile` read theirs.
        static constexpr detail::option_table t{
            "LPIoHT", "filelimit timefmt charset sort hintro houtro gitfile infofile", {}, true};
        detail::walk_options(
            w, t,
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view attached) {
                if (o.size() == 1) {
                    if (o[0] == 'o' && !attached.empty())
                        f(path_operand{static_cast<std::uint32_t>(base + k), path_role::write, attached});
                    if (o[0] == 'o' && v != std::string_view::npos) emit(v, path_role::write);
                    if (v != std::string_view::npos) emit(v, path_role::read);
                } else if (detail::in_words("hintro houtro gitfile infofile", o)) {
                    emit_value(k, v, attached, path_role::read);
                }
            },
            [&](std::size_t k) { emit(k, path_role::read); });
        return true;
    }
    if (p == prog::realpath || p == prog::readlink) return simple({"", "relative-to relative-base"}, path_role::read), true;
    if (p == prog::git) {
        // Subcommands that print the files or blobs they name: working-tree files (`git blame .env`,
        // `git diff --no-index a b`, `git grep x -- .env`), blobs `REV:PATH` and `:N:PATH` (`git show
        // HEAD:.env`), `-L RANGE:PATH`, and the file of `git config -f F`. Revisions and option values
        // are taken as paths too: reading them is harmless, missing a path is not. After `-C DIR`,
        // `--git-dir`, `--work-tree`, several `-C`, or a pathspec with magic or wildcards (`'.e*'`,
        // `:(icase)x`) the path is not known here: its role is unknown (never allowed); after one
        // `-C DIR` a relative path is relative to DIR (`path_operand::link_place`).
        bool elsewhere = false;
        std::size_t dir = w.size();
        const std::size_t k = detail::git_subcommand(w, elsewhere, &dir);
        if (k >= w.size()) return false;
        const std::string_view sub = w[k].text;
        // the path in word j; after `-C DIR` a relative path is relative to DIR, and after other
        // moves its role is unknown
        const auto git_path = [&](std::size_t j, path_role role, std::string_view text) {
            path_operand op{static_cast<std::uint32_t>(base + j), elsewhere ? path_role::unknown : role, text};
            if (dir < w.size()) {
                op.link_at = static_cast<std::int32_t>(base + dir);
                op.link_place = w[dir].text;
                op.into_folder = true;
            }
            f(op);
        };
        if (detail::same_text(sub, "config")) {
            for (std::size_t j = k + 1; j < w.size(); ++j) {
                const std::string_view t = w[j].text;
                // git's parse-options takes any unambiguous abbreviation: `--fil F`, `--bl=REV:F`
                const bool file = detail::abbreviates(t, "file"), blob = detail::abbreviates(t, "blob");
                const std::size_t eq = t.find('=');
                if ((detail::same_text(t, "-f") || file || blob) && eq == std::string_view::npos && j + 1 < w.size()) {
                    const std::string_view v = w[j + 1].text;
                    const std::size_t colon = blob ? v.find(':') : std::string_view::npos;
                    git_path(j + 1, path_role::read, colon == std::string_view::npos ? v : v.substr(colon + 1));
                } else if ((file || blob) && eq != std::string_view::npos) {
                    std::string_view v = t.substr(eq + 1);
                    if (blob && v.find(':') != std::string_view::npos) v = v.substr(v.find(':') + 1);
                    git_path(j, path_role::read, v);
                } else if (t.size() > 2 && t[0] == '-' && t[1] == 'f') {
                    git_path(j, path_role::read, t.substr(2));
                }
            }
            return true;
        }
        using detail::same_text;
        if (!same_text(sub, "blame") && !same_text(sub, "annotate") && !same_text(sub, "diff") &&
            !same_text(sub, "show") && !same_text(sub, "log") && !same_text(sub, "cat-file") &&
            !same_text(sub, "grep") && !same_text(sub, "whatchanged"))
            return false;
        const bool log_family = same_text(sub, "log") || same_text(sub, "show") || same_text(sub, "whatchanged");
        for (std::size_t j = k + 1; j < w.size(); ++j) {
            std::string_view t = w[j].text;
            if (!w[j].literal() && detail::may_abbreviate(w[j], "output")) {  // `--output=$F`, `--o*`: an unknown file
                git_path(j, path_role::write, t);
                continue;
            }
            if (w[j].literal() && detail::abbreviates(t, "output")) {  // `--output=F`, `--output F` write F
                const std::size_t eq = t.find('=');
                if (eq != std::string_view::npos) git_path(j, path_role::write, t.substr(eq + 1));
                else if (j + 1 < w.size()) {
                    ++j;
                    git_path(j, path_role::write, w[j].text);
                }
                continue;
            }
            if (w[j].literal() && t.size() > 2 && t[0] == '-' && t[1] == '-' && t.find('=') != std::string_view::npos) {
                // `--contents=F` (blame), and any other option's value: possibly a file it reads
                git_path(j, path_role::read, t.substr(t.find('=') + 1));
                continue;
            }
            if (w[j].literal() && detail::same_text(t, "--contents") && j + 1 < w.size()) {
                ++j;
                git_path(j, path_role::read, w[j].text);
                continue;
            }
            if (log_family && w[j].literal() && j + 1 < w.size() && detail::one_of(t, detail::git_log_value_options)) {
                ++j;  // `-n 20`, `--author NAME`: a value, not a path
                continue;
            }
            if (w[j].literal() && t.size() > 2 && t[0] == '-' &&
                (t[1] == 'O' || (t[1] == 'S' && (same_text(sub, "blame") || same_text(sub, "annotate"))))) {
                // attached values that name a file: `-O<orderfile>`, blame's `-S<revs-file>`
                git_path(j, path_role::read, t.substr(2));
                continue;
            }
            if (w[j].literal() && !t.empty() && t[0] == '-') {
                if (t.size() <= 2 || t[1] != 'L') continue;  // `-L1,5:FILE`: FILE after the range
                t = t.substr(2);
            }
            if (w[j].literal()) {
                if (t.size() > 2 && t[0] == ':' && t[1] >= '0' && t[1] <= '3' && t[2] == ':') t = t.substr(3);  // `:N:PATH`
                else if (t.size() > 1 && t[0] == ':' && t[1] != '(' && t[1] != '!' && t[1] != '^' && t[1] != '/')
                    t = t.substr(1);  // `:PATH` (the index)
                else if (!t.empty() && t[0] != ':' && t.find(':') != std::string_view::npos) t = t.substr(t.rfind(':') + 1);
                if (t.empty()) continue;
            }
            const bool pattern = w[j].literal() && (t[0] == ':' || t.find_first_of("*?[") != std::string_view::npos);
            git_path(j, pattern ? path_role::unknown : path_role::read, t);
        }
        return true;
    }
    if (p == prog::find) {
        // The starting points: the words before the first expression word.
        for (std::size_t k = 1; k < w.size(); ++k) {
            const std::string_view t = w[k].text;
            if (w[k].literal() && (t.starts_with("-") || detail::same_text(t, "(") || detail::same_text(t, "!") ||
                                   detail::same_text(t, ")"))) {
                if (detail::same_text(t, "-H") || detail::same_text(t, "-L") || detail::same_text(t, "-P") ||
                    t.starts_with("-O") || detail::same_text(t, "-D"))
                    continue;  // options before paths
                break;
            }
            emit(k, path_role::read);
        }
        // `-files0-from F` (findutils 4.9) reads the starting points from F
        for (std::size_t k = 1; k + 1 < w.size(); ++k)
            if (w[k].literal() && detail::same_text(w[k].text, "-files0-from")) emit(k + 1, path_role::read);
        return true;
    }
    if (p == prog::wc || p == prog::du) {
        // `--files0-from=F` reads the names from F; du `-X F`/`--exclude-from=F` reads patterns from F.
        if (p == prog::wc) return valued({"", "files0-from"}, path_role::read, "files0-from", path_role::read), true;
        return valued({"dBtX", "max-depth block-size threshold exclude-from exclude time-style files0-from", "time"},
                      path_role::read, "files0-from exclude-from X", path_role::read),
               true;
    }
    if (p == prog::cut) return simple({"bcdf", "bytes characters delimiter fields output-delimiter"}, path_role::read), true;
    if (p == prog::tr) return true;
    if (p == prog::sort)
        return valued({"ktoST", "key field-separator output buffer-size temporary-directory compress-program files0-from random-source"},
                      path_role::read, "files0-from random-source", path_role::read, "o output"),
               true;
    if (p == prog::uniq) {
        int n = 0;
        detail::walk_options(w, {"fsw", "skip-fields skip-chars check-chars"},
                             [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                             [&](std::size_t k) { emit(k, n++ == 0 ? path_role::read : path_role::write); });
        return true;
    }
    if (p == prog::grep || p == prog::egrep || p == prog::fgrep || p == prog::rg) {
        bool pattern_given = false;
        // rg's `--ignore` is a flag: listed, so that it does not abbreviate `--ignore-file`
        const detail::option_table t = p == prog::rg ? detail::option_table{"efgtTmABCjM", "regexp file glob type type-not max-count "
                                                                            "after-context before-context context threads max-columns "
                                                                            "pre pre-glob type-add iglob ignore-file", "ignore"}
                                                 : detail::option_table{"efmABCdD", "regexp file max-count after-context before-context context directories devices include exclude exclude-dir exclude-from label"};
        for (std::size_t k = 1; k < w.size(); ++k) {
            const std::string_view s = w[k].text;
            if (detail::same_text(s, "--")) break;
            if (detail::same_text(s, "-e") || detail::same_text(s, "-f") || detail::abbreviates(s, "regexp") ||
                detail::abbreviates(s, "file") ||
                (s.size() > 2 && s[0] == '-' && s[1] != '-' &&
                 (s.find('e') != std::string_view::npos || s.find('f') != std::string_view::npos)))
                pattern_given = true;
        }
        bool first = true;
        detail::walk_options(
            w, t,
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                // `--exclude-from=F` (grep), `--ignore-file F` (rg) read patterns from F
                if (detail::same_text(o, "f") || detail::same_text(o, "file") || detail::same_text(o, "exclude-from") ||
                    detail::same_text(o, "ignore-file"))
                    emit_value(k, v, at, path_role::read);
            },
            [&](std::size_t k) {
                if (first && !pattern_given) {
                    first = false;
                    return;
                }
                emit(k, path_role::read);
            });
        return true;
    }
    if (p == prog::sed || p == prog::awk || p == prog::gawk || p == prog::mawk) {
        const bool sed = p == prog::sed;
        bool in_place = false, script_given = false;
        // gawk: `-e`/`--source` give program text, `-E`/`--exec` a program file
        const detail::option_table t = sed ? detail::option_table{"efl", "expression file line-length", "in-place"}
                                           : detail::awk_options;
        detail::walk_options(
            w, t,
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                if (detail::same_text(o, "e") || detail::same_text(o, "expression") ||
                    (!sed && detail::same_text(o, "source")))
                    script_given = true;
                if (detail::same_text(o, "f") || detail::same_text(o, "file") ||
                    (!sed &&
                     (detail::same_text(o, "E") || detail::same_text(o, "exec")))) {  // sed -E: extended regexps
                    script_given = true;
                    emit_value(k, v, at, path_role::read);
                }
                if (sed && (detail::same_text(o, "i") || detail::same_text(o, "in-place"))) in_place = true;
            },
            [](std::size_t) {});
        // `-i.bak`: the letters after i are its suffix, reported above as attached to `i` only when i
        // is the last flag; scan clusters for an `i` before any argument letter as well
        if (sed)
            for (std::size_t k = 1; k < w.size(); ++k) {
                const std::string_view s = w[k].text;
                if (detail::same_text(s, "--")) break;
                if (s.size() > 1 && s[0] == '-' && s[1] != '-')
                    for (std::size_t j = 1; j < s.size(); ++j) {
                        if (s[j] == 'i') in_place = true;
                        if (s[j] == 'i' || s[j] == 'e' || s[j] == 'f' || s[j] == 'l') break;
                    }
                if (detail::abbreviates(s, "in-place")) in_place = true;
            }
        bool first = true;
        detail::walk_options(w, t, [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                             [&](std::size_t k) {
                                 if (first && !script_given) {
                                     first = false;
                                     return;
                                 }
                                 if (!sed && w[k].literal() && w[k].text.find('=') != std::string_view::npos &&
                                     detail::is_name(w[k].text.substr(0, w[k].text.find('='))))
                                     return;  // awk var=value operand
                                 emit(k, in_place ? path_role::read_write : path_role::read);
                             });
        return true;
    }
    if (p == prog::cp || p == prog::install || p == prog::mv || p == prog::ln) {
        std::size_t target = std::string_view::npos, target_word = 0;
        std::string_view target_attached;
        bool dirs = false, symbolic = false, relative = false;
        std::size_t last = 0, count = 0;
        // `--backup[=CONTROL]` takes its argument only after `=`: `cp --backup SRC DST` copies SRC
        const detail::option_table t = p == prog::install ? detail::option_table{"mogtS", "mode owner group target-directory suffix strip-program", "directory backup"}
                                       : p == prog::ln    ? detail::option_table{"tS", "target-directory suffix", "backup symbolic relative"}
                                                          : detail::option_table{"tS", "target-directory suffix", "backup"};
        detail::walk_options(
            w, t,
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                if (detail::same_text(o, "t") || detail::same_text(o, "target-directory")) {
                    target = v != std::string_view::npos ? v : (at.empty() ? target : k);
                    target_word = k;
                    if (v == std::string_view::npos) target_attached = at;
                }
                if (p == prog::install && (detail::same_text(o, "d") || detail::same_text(o, "directory"))) dirs = true;
                if (p == prog::ln && (detail::same_text(o, "s") || detail::same_text(o, "symbolic"))) symbolic = true;
                if (p == prog::ln && (detail::same_text(o, "r") || detail::same_text(o, "relative")))
                    relative = true;  // made from the cwd
            },
            [&](std::size_t k) {
                last = k;
                ++count;
            });
        if (target != std::string_view::npos) emit_value(target_word, target == target_word ? std::string_view::npos : target,
                                                         target_attached, path_role::write);
        detail::walk_options(w, t, [](std::size_t, std::string_view, std::size_t, std::string_view) {},
                             [&](std::size_t k) {
                                 const bool dest = target == std::string_view::npos && k == last && count > 1;
                                 path_role r = path_role::read;
                                 if (dirs || dest || p == prog::mv) r = path_role::write;
                                 path_operand op{static_cast<std::uint32_t>(base + k), r, w[k].text};
                                 if (symbolic && !relative && !dest) {
                                     if (target != std::string_view::npos) {  // `-t DIR` (attached: the option word)
                                         op.link_at = static_cast<std::int32_t>(base + target);
                                         op.link_place = target == target_word ? target_attached : w[target].text;
                                         op.into_folder = true;
                                     } else if (count > 1) {
                                         op.link_at = static_cast<std::int32_t>(base + last);
                                         op.link_place = w[last].text;
                                         op.into_folder = count > 2;
                                     }
                                 }
                                 f(op);
                             });
        return true;
    }
    if (p == prog::rm || p == prog::rmdir || p == prog::touch || p == prog::mkdir || p == prog::tee || p == prog::truncate) {
        // per program: tee's `--output-error[=MODE]` takes its argument only after `=`
        detail::walk_options(
            w,
            p == prog::mkdir      ? detail::option_table{"m", "mode"}
            : p == prog::touch    ? detail::option_table{"drt", "date reference time"}
            : p == prog::truncate ? detail::option_table{"sr", "size reference"}
                                  : detail::option_table{"", ""},
            [&](std::size_t k, std::string_view o, std::size_t v, std::string_view at) {
                if (detail::same_text(o, "r") || detail::same_text(o, "reference"))
                    emit_value(k, v, at, path_role::read);
            },
            [&](std::size_t k) { emit(k, path_role::write); });
        return true;
    }
    if (p == prog::dd) {
        for (std::size_t k = 1; k < w.size(); ++k) {
            const std::string_view s = w[k].text;
            if (detail::same_text(s.substr(0, 3), "of="))
                emit_value(k, std::string_view::npos, s.substr(3), path_role::write);
            else if (detail::same_text(s.substr(0, 3), "if="))
                emit_value(k, std::string_view::npos, s.substr(3), path_role::read);
        }
        return true;
    }
    return false;
}

/**
 * Calls `f(network_target)` for the destinations of a network command (curl wget nc ncat ssh scp
 * rsync ftp sftp telnet, git clone|fetch|pull|push); returns false for other programs. A command of
 * these programs with no recognisable destination still returns true (the caller records a
 * network fact without host). noexcept if `f` is; no allocation.
 */
template <class F>
bool for_each_network_target(const analysis& a, const command& c, F&& f) noexcept {
    if (c.unresolvable()) return false;
    const std::span<const word> w = a.argv(c);
    using detail::prog;
    const auto p = static_cast<prog>(c.program);
    if (p == prog::none) return false;
    const auto base = c.first_word;
    const auto emit = [&](std::size_t k, std::string_view host) {
        f(network_target{static_cast<std::uint32_t>(base + k), w[k].literal() ? host : std::string_view{}});
    };
    const auto none = [](std::size_t, std::string_view, std::size_t, std::string_view) {};
    if (p == prog::curl || p == prog::wget) {
        detail::walk_options(w, {p == prog::curl ? "dDeEHoOrTuUxXAbcFmwyYzKQ" : "oOaAdeiPtTUwQ", "data data-raw header output user proxy request referer cookie form config user-agent output-document output-file tries timeout wait"},
                             none, [&](std::size_t k) {
                                 std::string_view h = detail::url_host(w[k].text);
                                 if (h.empty() && w[k].literal()) h = w[k].text.substr(0, w[k].text.find_first_of("/:"));
                                 emit(k, h);
                             });
        return true;
    }
    if (p == prog::nc || p == prog::ncat || p == prog::telnet || p == prog::ftp || p == prog::ssh || p == prog::sftp) {
        bool first = true;
        const detail::option_table t = p == prog::ssh ? detail::option_table{"bcDEeFIiJLlmOopQRSWw", ""}
                                                  : detail::option_table{"pswiqcxXIOT", ""};
        detail::walk_options(w, t, none, [&](std::size_t k) {
            if (!first) return;
            first = false;
            std::string_view h = w[k].text;
            const std::size_t at = h.rfind('@');
            if (at != std::string_view::npos) h = h.substr(at + 1);
            if (p == prog::sftp) h = detail::remote_host(w[k].text).empty() ? h : detail::remote_host(w[k].text);
            emit(k, h);
        });
        return true;
    }
    if (p == prog::scp || p == prog::rsync) {
        detail::walk_options(w, {p == prog::scp ? "cFiJloPS" : "eBfT", "rsh filter exclude include exclude-from include-from"}, none,
                             [&](std::size_t k) {
                                 std::string_view h = detail::url_host(w[k].text);
                                 if (h.empty()) h = detail::remote_host(w[k].text);
                                 if (!h.empty() || !w[k].literal()) emit(k, h);
                             });
        return true;
    }
    if (p == prog::git) {
        bool elsewhere = false;
        const std::size_t k = detail::git_subcommand(w, elsewhere);
        if (k >= w.size()) return false;
        const std::string_view sub = w[k].text;
        if (!detail::same_text(sub, "clone") && !detail::same_text(sub, "fetch") && !detail::same_text(sub, "pull") &&
            !detail::same_text(sub, "push"))
            return false;
        for (std::size_t j = k + 1; j < w.size(); ++j) {
            const std::string_view s = w[j].text;
            if (!s.empty() && s[0] == '-') continue;
            std::string_view h = detail::url_host(s);
            if (h.empty()) h = detail::remote_host(s);
            emit(j, h);
            break;
        }
        return true;
    }
    return false;
}

}  // namespace shell
CLAW_END_NAMESPACE
