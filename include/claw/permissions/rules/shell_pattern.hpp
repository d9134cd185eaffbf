// SPDX-License-Identifier: MIT
// Command patterns of `Bash(...)` rules (RULES.md S7) in namespace `claw::rules`: compiling the
// specifier text (lexed like a command, `:*` rewritten to ` *`), and two noexcept, allocation-free
// matchers over one exec fact of a shell analysis: `must_match` (allow: S7.3) and `may_match`
// (deny/ask: S7.4). Also the built-in read-only set (S12) and the operands of `rm`/`rmdir` that
// the critical-path floor looks at (S10.1). Nothing here reads settings or decides verdicts.
#pragma once

#include <claw/config.hpp>
#include <claw/detail/ascii_word.hpp>
#include <claw/error.hpp>
#include <claw/permissions/rules/detail/shell_operands.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/shell/detail/names.hpp>
#include <claw/shell/detail/programs.hpp>
#include <claw/shell/options.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace rules {

/** A `Bash(...)` specifier that cannot be compiled. `what()` names the specifier and the cause. */
class shell_pattern_error : public error {
public:
    shell_pattern_error(std::string_view specifier, const std::string& cause)
        : error(make_error_code(errc::invalid_argument), "shell pattern '" + std::string(specifier) + "': " + cause) {}
};

/** Kinds of pattern elements (S7.1). */
enum class element_kind : unsigned char {
    literal,  ///< LIT: one word, compared exactly
    star,     ///< STAR: an unquoted `*` word: zero or more whole words
    glob,     ///< GLOB: a word with an unquoted `*`: matches within one word
};

/** One element of a compiled pattern. `wild[i]` is true where `text[i]` is an unquoted `*`. */
struct pattern_element {
    element_kind kind = element_kind::literal;
    std::string text;
    std::vector<bool> wild;
    bool cluster = false;  ///< a `-[A-Za-z]+` word before `--` (short-option cluster, S7.4)
    bool tilde = false;    ///< starts with an unquoted `~`: home-relative, like the command word it must equal
};

/** Options of `must_match`. */
struct allow_match_options {
    /** Absolute paths that count as their program name (`/usr/bin/git` for `git`), S7.3. */
    std::span<const std::string_view> host_executables = {};
};

/** Result of `may_match`. */
enum class may_result : unsigned char {
    no,              ///< the rule does not apply to this command
    yes,             ///< the rule applies
    opaque_program,  ///< applies only because argv0 is unresolvable (apply the `deny_opaque_program` knob)
};

namespace detail {
inline constexpr std::size_t max_elements = 62;

constexpr bool glob_match(std::string_view pat, const std::vector<bool>& wild, std::string_view s, bool fold) noexcept {
    // iterative wildcard match with single-star backtracking: O(|pat| * |s|) worst case
    std::size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
    const auto eq = [fold](char a, char b) {
        return fold ? shell::detail::ascii_lower(a) == shell::detail::ascii_lower(b) : a == b;
    };
    while (i < s.size()) {
        if (p < pat.size() && wild[p]) {
            star_p = p++;
            star_i = i;
        } else if (p < pat.size() && eq(pat[p], s[i])) {
            ++p;
            ++i;
        } else if (star_p != std::string_view::npos) {
            p = star_p + 1;
            i = ++star_i;
        } else {
            return false;
        }
    }
    while (p < pat.size() && wild[p]) ++p;
    return p == pat.size();
}

constexpr bool is_cluster(std::string_view t) noexcept {
    if (t.size() < 2 || t[0] != '-') return false;
    for (std::size_t i = 1; i < t.size(); ++i)
        if (!shell::detail::is_alpha(static_cast<unsigned char>(t[i]))) return false;
    return true;
}

constexpr std::uint64_t letter_bit(char c) noexcept {
    return c >= 'a' && c <= 'z' ? (std::uint64_t{1} << (c - 'a')) : (std::uint64_t{1} << (26 + (c - 'A')));
}
constexpr std::uint64_t letters_of(std::string_view t) noexcept {
    std::uint64_t m = 0;
    for (std::size_t i = 1; i < t.size(); ++i) m |= letter_bit(t[i]);
    return m;
}

// An exec fact prepared once for may-matching against many patterns (S7.4). What its words
// after argv0 hold is summarised on first use (`summarise`): most commands reach no pattern.
struct may_subject {
    std::span<const shell::word> argv;
    bool any_program = false;   // no words, or argv0 may split: it may stand for any prefix of a pattern
    bool unresolvable = false;  // argv0 is unknown: it matches any first element
    std::string_view program;   // basename of argv0
    bool hashed = false;        // the program's key in the sets' name tables is computed (the same in each)
    std::uint64_t program_head = 0;
    std::uint64_t program_hash = 0;
    bool ready = false;            // the fields below are computed
    std::size_t dashdash = 0;      // index of the first literal `--` after argv0, or argv.size()
    std::uint64_t letters = 0;     // cluster letters of the words before it
    bool unknown_letters = false;  // a word before it is not literal, or argv0 may split
    bool split = false;            // a word after argv0 may split
    std::size_t opaque_words = 0;  // words after argv0 that are not literal

    void summarise() noexcept {
        if (ready) return;
        ready = true;
        dashdash = argv.size();
        unknown_letters = any_program;
        for (std::size_t k = 1; k < argv.size(); ++k) {
            const shell::word& w = argv[k];
            if (!w.literal()) {
                ++opaque_words;
                split = split || w.may_split();
            }
            if (k > dashdash) continue;
            if (w.literal() && w.text.size() == 2 && w.text[0] == '-' && w.text[1] == '-') {
                dashdash = k;
                continue;
            }
            if (!w.literal()) unknown_letters = true;
            if ((w.literal() || w.lit_or_opaque()) && is_cluster(w.text)) letters |= letters_of(w.text);
        }
    }
};

inline may_subject prepare_may(const shell::analysis& a, const shell::command& c) noexcept {
    may_subject s;
    s.argv = a.argv(c);
    s.any_program = s.argv.empty() || s.argv[0].may_split();
    s.unresolvable = c.unresolvable();
    // a literal argv0's basename is the command's name (an unresolvable one is never looked up)
    if (!s.any_program) s.program = s.unresolvable ? shell::detail::basename_of(s.argv[0].text) : c.name;
    return s;
}

// An exec fact prepared once for must-matching against many patterns (S7.3). The dangerous
// operands (S7.3 e) are computed on first use: most commands never reach a pattern.
struct must_subject {
    std::span<const shell::word> argv;
    std::string_view program;
    bool eligible = false;  // allowable at all: literal argv0, not deny-only, no unsafe assignment
    bool table = false;     // a program with a dangerous-operand table
    bool ready = false;     // `sure` and `danger` computed
    bool sure = true;       // the dangerous operands could be computed
    std::optional<word_bits> danger;  // set by `prepare` for a program with a table (128 bytes: not cleared per check)

    void prepare() noexcept {
        if (ready) return;
        ready = true;
        if (table) sure = dangerous_operands(program, argv, danger.emplace());
    }
};

inline void prepare_must(const shell::analysis& a, const shell::command& c, must_subject& s) noexcept {
    using shell::command_flags::after_unsafe;
    using shell::command_flags::unsafe_prefix;
    s.argv = a.argv(c);
    s.program = c.name;
    s.eligible = !c.deny_only() && !c.unresolvable() && !c.has(unsafe_prefix) && !c.has(after_unsafe) &&
                 !s.argv.empty() && s.argv[0].literal();
    using shell::detail::prog;
    const auto p = static_cast<prog>(c.program);
    s.table = p == prog::find || p == prog::git || p == prog::sed || p == prog::sort || p == prog::tree ||
              p == prog::awk || p == prog::gawk || p == prog::mawk;
    s.ready = !s.table;
}
}  // namespace detail

class shell_pattern_set;

/**
 * A compiled `Bash(...)` command pattern. Immutable after `compile`; matching never allocates.
 *
 * @code
 * const auto p = claw::rules::shell_pattern::compile("git push *");
 * const auto& a = claw::shell::analyze("git push --force origin && echo ok");
 * for (const auto& c : a.commands()) if (p.may_match(a, c) != claw::rules::may_result::no) ...
 * @endcode
 */
class shell_pattern {
public:
    /**
     * Compiles the specifier text as written between the parentheses of `Bash(...)`. It is lexed like
     * a command (spaces separate words; quotes and backslashes quote, so `\(`, `\)`, `\\` and `\*`
     * are literal characters; no expansion). A trailing `:*` is rewritten to ` *` (S3.3). Throws
     * `shell_pattern_error` for an empty pattern, an unterminated quote, an unquoted operator
     * (`;` `&` `|` `<` `>` `(` `)`: a pattern is one command) or more than 62 elements. Bytes are
     * compared as bytes (invalid UTF-8 is not an error).
     */
    static shell_pattern compile(std::string_view specifier) {
        shell_pattern p;
        p.text_ = std::string(specifier);
        std::string s(specifier);
        if (s.size() >= 2 && s.compare(s.size() - 2, 2, ":*") == 0) {
            std::size_t bs = 0;
            for (std::size_t i = s.size() - 2; i-- > 0 && s[i] == '\\';) ++bs;
            if (bs % 2 == 0) s.replace(s.size() - 2, 2, " *");
        }
        // lexing
        std::size_t i = 0;
        const std::size_t n = s.size();
        while (true) {
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
            if (i >= n) break;
            pattern_element e;
            bool any = false;
            while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') {
                const char c = s[i];
                if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')')
                    throw shell_pattern_error(specifier, std::string("unquoted '") + c + "': a pattern is a single command");
                any = true;
                if (c == '\\') {
                    if (i + 1 < n && s[i + 1] == '\n') {
                        i += 2;
                        continue;
                    }
                    if (i + 1 < n) {
                        e.text.push_back(s[i + 1]);
                        e.wild.push_back(false);
                        i += 2;
                    } else {
                        e.text.push_back('\\');
                        e.wild.push_back(false);
                        ++i;
                    }
                    continue;
                }
                if (c == '\'') {
                    const std::size_t close = s.find('\'', i + 1);
                    if (close == std::string::npos) throw shell_pattern_error(specifier, "unterminated single quote");
                    for (std::size_t k = i + 1; k < close; ++k) {
                        e.text.push_back(s[k]);
                        e.wild.push_back(false);
                    }
                    i = close + 1;
                    continue;
                }
                if (c == '"') {
                    ++i;
                    bool closed = false;
                    while (i < n) {
                        if (s[i] == '"') {
                            closed = true;
                            ++i;
                            break;
                        }
                        if (s[i] == '\\' && i + 1 < n &&
                            (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`')) {
                            e.text.push_back(s[i + 1]);
                            e.wild.push_back(false);
                            i += 2;
                            continue;
                        }
                        e.text.push_back(s[i]);
                        e.wild.push_back(false);
                        ++i;
                    }
                    if (!closed) throw shell_pattern_error(specifier, "unterminated double quote");
                    continue;
                }
                if (c == '~' && e.text.empty()) e.tilde = true;
                e.text.push_back(c);
                e.wild.push_back(c == '*');
                ++i;
            }
            if (!any) continue;
            bool has_wild = false;
            for (const bool w : e.wild) has_wild = has_wild || w;
            if (shell::detail::same_text(e.text, "*") && e.wild[0]) e.kind = element_kind::star;
            else if (has_wild) e.kind = element_kind::glob;
            p.elements_.push_back(std::move(e));
        }
        if (p.elements_.empty()) throw shell_pattern_error(specifier, "empty pattern");
        if (p.elements_.size() > detail::max_elements)
            throw shell_pattern_error(specifier, "more than 62 words");
        // clusters (S7.4): -[A-Za-z]+ literal words after the first, before a literal `--`
        for (std::size_t k = 1; k < p.elements_.size(); ++k) {
            pattern_element& e = p.elements_[k];
            if (e.kind != element_kind::literal) continue;
            if (shell::detail::same_text(e.text, "--")) break;
            if (detail::is_cluster(e.text)) {
                e.cluster = true;
                p.cluster_letters_ |= detail::letters_of(e.text);
            }
        }
        const pattern_element& last = p.elements_.back();
        p.absorbing_ = last.kind == element_kind::glob && last.wild.back();
        p.exact_ = true;
        for (const auto& e : p.elements_) p.exact_ = p.exact_ && e.kind == element_kind::literal;
        const pattern_element& first = p.elements_.front();
        if (first.kind == element_kind::literal) {
            std::string_view b = shell::detail::basename_of(first.text);
            for (const char c : b) p.key_.push_back(shell::detail::ascii_lower(c));
        }
        return p;
    }

    /** The specifier as given to `compile`. */
    const std::string& text() const noexcept { return text_; }
    std::span<const pattern_element> elements() const noexcept { return elements_; }
    /** The first element. */
    const pattern_element& first() const noexcept { return elements_.front(); }
    /** Index key: the lower-cased basename of a literal first element; empty for STAR/GLOB first (S15). */
    std::string_view index_key() const noexcept { return key_; }
    /** True when the pattern has no wildcard: it matches one exact word list. */
    bool exact() const noexcept { return exact_; }

    /**
     * Allow semantics (S7.3): true when this pattern covers the exec fact `c` of `a`. argv0 must be
     * literal and matched by the first element (a literal by equality, or an absolute path listed in
     * `options.host_executables` whose basename equals it; a glob by glob match; `*` by anything);
     * other words compare exactly and case-sensitively; an opaque (or lit-or-opaque) word is
     * consumed only by STAR; wildcards never absorb the dangerous operands of S7.3 (e). A command
     * with a non-safe prefix assignment or after a non-safe bare assignment is never matched (S6.6);
     * deny-only and unresolvable commands are never matched. Whether a command needs coverage at
     * all (transparent wrappers do not) is `requires_allow`. O(words x elements), noexcept, no allocation.
     */
    bool must_match(const shell::analysis& a, const shell::command& c, const allow_match_options& options = {}) const noexcept {
        detail::must_subject s;
        detail::prepare_must(a, c, s);
        return must_match(s, options);
    }

    /**
     * Deny/ask semantics (S7.4): whether this pattern may match the exec fact `c` (deny-only facts
     * included). argv0 is compared by basename, ASCII-case-insensitively; an unresolvable argv0 matches
     * any first element, and one that may split (or an unknown script with no words) any prefix of the
     * pattern (result `opaque_program`); short-option clusters (`-[A-Za-z]+` before `--`)
     * are canonicalised: the pattern's letters must be a subset of the command's, and the remaining
     * words are matched with STAR/GLOB; an opaque word matches any single element (or none, since it
     * may be a cluster), a word that may split matches any run of elements, a lit-or-opaque word both
     * as its literal and as opaque. O(words x elements), noexcept, no allocation.
     */
    may_result may_match(const shell::analysis& a, const shell::command& c) const noexcept {
        detail::may_subject s = detail::prepare_may(a, c);
        s.summarise();
        return may_match(s);
    }

private:
    friend class shell_pattern_set;

    bool must_match(detail::must_subject& s, const allow_match_options& options) const noexcept {
        using namespace shell;
        if (!s.eligible) return false;
        const std::span<const word> argv = s.argv;
        const std::size_t m = elements_.size();
        const std::uint64_t accept_bit = std::uint64_t{1} << m;
        const std::uint64_t absorb_bit = std::uint64_t{1} << 63;
        // word 0 against element 0 only
        std::uint64_t state = 0;
        const pattern_element& e0 = elements_[0];
        const std::string_view w0 = argv[0].text;
        bool first_ok = false;
        if (e0.kind == element_kind::star) {
            first_ok = true;
            state = 1;  // STAR stays at element 0
        } else if (e0.kind == element_kind::glob) {
            first_ok = detail::glob_match(e0.text, e0.wild, w0, false);
            if (first_ok) state = (m == 1 && absorbing_) ? (absorb_bit | 2) : 2;
        } else {
            first_ok = shell::detail::same_text(w0, e0.text);
            if (!first_ok && !w0.empty() && w0.front() == '/' && shell::detail::basename_of(w0) == e0.text)
                for (const std::string_view h : options.host_executables) first_ok = first_ok || h == w0;
            if (first_ok) state = 2;
        }
        if (!first_ok) return false;
        if (exact_) {  // one word list: every word literal and equal (no wildcard, no dangerous operand)
            if (argv.size() != m) return false;
            for (std::size_t k = 1; k < m; ++k) {
                const word& w = argv[k];
                const pattern_element& e = elements_[k];
                if (!w.literal() || !shell::detail::same_text(w.text, e.text) || e.tilde != ((w.flags & shell::word_flags::tilde) != 0))
                    return false;
            }
            return true;
        }
        state = close(state);
        for (std::size_t k = 1; k < argv.size() && state != 0; ++k) {
            const word& w = argv[k];
            const bool literal = w.literal();
            bool wildcard_ok = true;
            if (s.table) {
                s.prepare();
                wildcard_ok = s.sure && !(s.danger && s.danger->test(k));
            }
            std::uint64_t next = 0;
            for (std::size_t j = 0; j < m; ++j) {
                if (!(state >> j & 1)) continue;
                const pattern_element& e = elements_[j];
                switch (e.kind) {
                    case element_kind::star:
                        if (wildcard_ok) next |= std::uint64_t{1} << j;
                        break;
                    case element_kind::literal:
                        if (literal && shell::detail::same_text(w.text, e.text) && e.tilde == ((w.flags & shell::word_flags::tilde) != 0))
                            next |= std::uint64_t{1} << (j + 1);
                        break;
                    case element_kind::glob:
                        if (literal && wildcard_ok && detail::glob_match(e.text, e.wild, w.text, false)) {
                            next |= std::uint64_t{1} << (j + 1);
                            if (j + 1 == m && absorbing_) next |= absorb_bit;
                        }
                        break;
                }
            }
            if ((state & absorb_bit) && literal && wildcard_ok) next |= absorb_bit;
            state = close(next);
        }
        return (state & (accept_bit | absorb_bit)) != 0;
    }

    // `s` is summarised.
    may_result may_match(const detail::may_subject& s) const noexcept {
        using namespace shell;
        const std::span<const word> argv = s.argv;
        const std::size_t m = elements_.size();
        const std::uint64_t accept_bit = std::uint64_t{1} << m;
        const std::uint64_t absorb_bit = std::uint64_t{1} << 63;
        if (!s.unknown_letters && (cluster_letters_ & ~s.letters) != 0) return may_result::no;
        // argv0
        bool opaque_program = false;
        std::uint64_t state = 0;
        const pattern_element& e0 = elements_[0];
        if (s.any_program) {
            // nothing or a splitting word as the program: it may stand for any prefix of the pattern
            opaque_program = true;
            for (std::size_t j = 0; j <= m; ++j) state |= std::uint64_t{1} << j;
            if (absorbing_) state |= absorb_bit;
        } else if (s.unresolvable) {
            opaque_program = true;
            state = e0.kind == element_kind::star ? 1 : (m == 1 && absorbing_ ? (absorb_bit | 2) : 2);
        } else {
            const std::string_view b = s.program;
            bool ok = false;
            if (e0.kind == element_kind::star) {
                ok = true;
                state = 1;
            } else if (e0.kind == element_kind::glob) {
                ok = detail::glob_match(e0.text, e0.wild, b, true) || detail::glob_match(e0.text, e0.wild, argv[0].text, true);
                if (ok) state = (m == 1 && absorbing_) ? (absorb_bit | 2) : 2;
            } else {
                ok = shell::detail::iequals(b, shell::detail::basename_of(e0.text));
                if (ok) state = 2;
            }
            if (!ok) return may_result::no;
        }
        state = close_skip_clusters(state);
        for (std::size_t k = 1; k < argv.size() && state != 0; ++k) {
            const word& w = argv[k];
            const bool before_dd = k < s.dashdash;
            if (before_dd && w.literal() && detail::is_cluster(w.text)) continue;  // clusters are checked as sets
            std::uint64_t next = 0;
            if (w.may_split()) {
                // any run of elements: every state at or after the lowest reachable one
                for (std::size_t j = 0; j <= m; ++j)
                    if (state >> j & 1) {
                        for (std::size_t q = j; q <= m; ++q) next |= std::uint64_t{1} << q;
                        break;
                    }
                next |= state & absorb_bit;
                if (absorbing_ && (next & (std::uint64_t{1} << (m - 1)))) next |= absorb_bit;
            } else {
                const bool opaque = !w.literal();
                if (opaque && before_dd) next |= state;  // it may have been a cluster
                for (std::size_t j = 0; j < m; ++j) {
                    if (!(state >> j & 1)) continue;
                    const pattern_element& e = elements_[j];
                    switch (e.kind) {
                        case element_kind::star:
                            next |= std::uint64_t{1} << j;
                            break;
                        case element_kind::literal:
                            if (opaque || shell::detail::same_text(w.text, e.text)) next |= std::uint64_t{1} << (j + 1);
                            if (w.lit_or_opaque() && shell::detail::same_text(w.text, e.text)) next |= std::uint64_t{1} << (j + 1);
                            break;
                        case element_kind::glob:
                            if (opaque || detail::glob_match(e.text, e.wild, w.text, false)) {
                                next |= std::uint64_t{1} << (j + 1);
                                if (j + 1 == m && absorbing_) next |= absorb_bit;
                            }
                            break;
                    }
                }
                if (state & absorb_bit) next |= absorb_bit;
            }
            state = close_skip_clusters(next);
        }
        if ((state & (accept_bit | absorb_bit)) == 0) return may_result::no;
        return opaque_program ? may_result::opaque_program : may_result::yes;
    }

    std::vector<pattern_element> elements_;
    std::string text_;
    std::string key_;
    std::uint64_t cluster_letters_ = 0;
    bool absorbing_ = false;
    bool exact_ = false;

    // epsilon closure: a STAR may match zero words
    std::uint64_t close(std::uint64_t s) const noexcept {
        for (std::size_t j = 0; j < elements_.size(); ++j)
            if ((s >> j & 1) && elements_[j].kind == element_kind::star) s |= std::uint64_t{1} << (j + 1);
        return s;
    }
    // closure for may_match: STARs and the pattern's cluster elements (matched as letter sets) are skipped
    std::uint64_t close_skip_clusters(std::uint64_t s) const noexcept {
        for (std::size_t j = 0; j < elements_.size(); ++j)
            if ((s >> j & 1) && (elements_[j].kind == element_kind::star || elements_[j].cluster))
                s |= std::uint64_t{1} << (j + 1);
        return s;
    }
};

namespace detail {
// Open-addressing table from (tag, byte string) to a value, for the pattern set's index. Inserting
// allocates (load time); `find` does not. A folded lookup compares ASCII-case-insensitively with
// keys that were stored in lower case.
template <class T>
class shell_key_table {
public:
    // The first min(n, 8) bytes of `p` as one number (claw::detail::short_word), ASCII letters
    // lower-cased when `fold`. Keys and probes are read the same way.
    static std::uint64_t chunk(const char* p, std::size_t n, bool fold) noexcept {
        const std::uint64_t x = claw::detail::short_word(p, n);
        return fold ? claw::detail::ascii_fold_word(x) : x;
    }
    static constexpr std::uint64_t byte_swap(std::uint64_t x) noexcept {
#if defined(__GNUC__) || defined(__clang__)
        return __builtin_bswap64(x);
#else
        std::uint64_t r = 0;
        for (int i = 0; i < 8; ++i, x >>= 8) r = (r << 8) | (x & 0xff);
        return r;
#endif
    }
    // `head` is chunk(key, fold): the whole key when it has at most 8 bytes.
    static std::uint64_t hash(std::uint32_t tag, std::string_view key, std::uint64_t head, bool fold) noexcept {
        // One multiplication per eight bytes. A product's top byte depends on every bit of its
        // operands; byte-swapped, it is in the low bits that pick the slot.
        std::uint64_t h = (head ^ (std::uint64_t{tag} * 0xc2b2ae3d27d4eb4full) ^ key.size()) * 0x9e3779b97f4a7c15ull;
        for (std::size_t i = 8; i < key.size(); i += 8)
            h = (h ^ (h >> 29) ^ chunk(key.data() + i, key.size() - i, fold)) * 0x9e3779b97f4a7c15ull;
        return byte_swap(h);
    }

    /** The value of (tag, key), default-constructed when new; `inserted` says which. */
    T& at(std::uint32_t tag, std::string_view key, bool& inserted) {
        if ((entries_.size() + 1) * 2 > slots_.size()) grow();  // at most half full: misses stop early
        const std::uint64_t head = chunk(key.data(), key.size(), false);
        const std::uint64_t h = hash(tag, key, head, false);
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = static_cast<std::size_t>(h) & mask;
        for (; slots_[i] != 0; i = (i + 1) & mask) {
            entry& e = entries_[slots_[i] - 1];
            if (e.hash == h && e.tag == tag && stored(e) == key) {
                inserted = false;
                return e.value;
            }
        }
        entries_.push_back(entry{h, head, tag, pool_.size(), key.size(), T{}});
        pool_.append(key);
        slots_[i] = static_cast<std::uint32_t>(entries_.size());
        inserted = true;
        return entries_.back().value;
    }

    /** The value of (tag, key) or null. noexcept, no allocation. */
    const T* find(std::uint32_t tag, std::string_view key, bool fold = false) const noexcept {
        if (slots_.empty()) return nullptr;
        const std::uint64_t head = chunk(key.data(), key.size(), fold);
        return find(tag, key, head, hash(tag, key, head, fold), fold);
    }
    /** `find` with the key's `head` and `h` = hash(tag, key, head, fold) computed by the caller. */
    const T* find(std::uint32_t tag, std::string_view key, std::uint64_t head, std::uint64_t h,
                  bool fold) const noexcept {
        if (slots_.empty()) return nullptr;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask; slots_[i] != 0; i = (i + 1) & mask) {
            const entry& e = entries_[slots_[i] - 1];
            // for a given size, chunk() is one-to-one: a key of at most 8 bytes is equal when its head is
            if (e.hash != h || e.head != head || e.tag != tag || e.size != key.size()) continue;
            const char* const stored_at = pool_.data() + e.at;
            bool same = true;
            for (std::size_t k = 8; k < key.size() && same; k += 8)
                same = chunk(stored_at + k, key.size() - k, false) == chunk(key.data() + k, key.size() - k, fold);
            if (same) return &e.value;
        }
        return nullptr;
    }

private:
    struct entry {
        std::uint64_t hash;
        std::uint64_t head;  // chunk() of the key's first bytes
        std::uint32_t tag;
        std::size_t at, size;  // the key in pool_
        T value;
    };
    std::vector<entry> entries_;
    std::vector<std::uint32_t> slots_;  // entry index + 1; 0 is empty
    std::string pool_;

    std::string_view stored(const entry& e) const noexcept { return std::string_view(pool_).substr(e.at, e.size); }
    void grow() {
        std::vector<std::uint32_t> slots(slots_.empty() ? 16 : slots_.size() * 2, 0);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            std::size_t i = static_cast<std::size_t>(entries_[k].hash) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = static_cast<std::uint32_t>(k + 1);
        }
        slots_ = std::move(slots);
    }
};
}  // namespace detail

/**
 * An ordered set of `Bash(...)` patterns answering "which is the first pattern that matches this
 * exec fact?" in time independent of the number of patterns for realistic rule sets (RULES.md S15).
 *
 * Patterns are added with strictly ascending ids (a rule's position in evaluation order). The
 * answers are exactly those of trying every pattern in id order with `shell_pattern::may_match`
 * or `must_match`; the index only skips patterns that cannot match:
 *  - by program: the lower-cased basename of a literal first element (deny/ask), the exact first
 *    element (allow), plus a bucket for first elements that are `*` or a word glob;
 *  - by literal words: every literal element after the first that is not a short-option cluster
 *    (deny/ask) or every literal element after the first (allow) must be consumed by a command
 *    word. Allow consumes a literal element only with an equal literal word, so a pattern is found
 *    under one of its literal elements. Deny/ask also lets an opaque word consume one element: with
 *    no opaque word after argv0 one key is enough, with one opaque word a pattern is found under
 *    one of two keys (or is tried whatever the words when it has a single key), and with two or
 *    more opaque words, a word that may split, or an argv0 that may split, every pattern of the
 *    program (or of the set) is tried.
 * An unresolvable argv0 matches any first element: it uses a bucket of every pattern, still
 * indexed by literal words. Keys prefer words that do not start with `-` and, among those, later
 * words (`git push origin *` is found under `origin`, then `push`).
 *
 * Lookups are noexcept and allocation-free: one hash probe per literal word of the command and
 * bucket, then the candidates in ascending id order, stopping at the first match. Adding allocates.
 *
 * @code
 * claw::rules::shell_pattern_set deny;
 * deny.add(3, claw::rules::shell_pattern::compile("git push --force *"));
 * deny.add(7, claw::rules::shell_pattern::compile("rm -rf *"));
 * const auto& a = claw::shell::analyze("rm -fr build");
 * const auto hit = deny.first_may_match(a, a.commands()[0]);  // hit.id == 7
 * @endcode
 */
class shell_pattern_set {
public:
    /** No pattern. */
    static constexpr std::uint32_t npos = 0xffffffffu;

    /** Answer of `first_may_match`: the lowest matching id (or `npos`) and how it matched. */
    struct may_hit {
        std::uint32_t id = npos;
        bool opaque_program = false;  ///< it matched only because argv0 is unresolvable (S7.4 knob)
        bool found() const noexcept { return id != npos; }
    };

    shell_pattern_set() = default;

    /**
     * Adds `pattern` with `id`, which must be greater than every id added before (otherwise
     * `claw::error` with `errc::invalid_argument`). Allocates; if it throws `std::bad_alloc` the set
     * must not be used any more.
     */
    void add(std::uint32_t id, shell_pattern pattern) {
        if (!ids_.empty() && id <= ids_.back())
            throw error(make_error_code(errc::invalid_argument),
                        "shell_pattern_set: pattern ids must be added in ascending order (" + std::to_string(id) +
                            " after " + std::to_string(ids_.back()) + ")");
        if (groups_.empty()) groups_.resize(2);
        const auto ord = static_cast<std::uint32_t>(patterns_.size());
        const pattern_element& e0 = pattern.first();
        std::uint32_t may_group = wild_group, must_group = wild_group;
        if (e0.kind == element_kind::literal) {
            may_group = group_of(may_names, pattern.index_key());
            must_group = group_of(must_names, e0.text);
        }
        index_may(may_group, ord, pattern);
        index_may(all_group, ord, pattern);
        index_must(must_group, ord, pattern);
        patterns_.push_back(std::move(pattern));
        ids_.push_back(id);
    }

    std::size_t size() const noexcept { return patterns_.size(); }
    bool empty() const noexcept { return patterns_.empty(); }
    /** The ids in the order they were added. */
    std::span<const std::uint32_t> ids() const noexcept { return ids_; }
    /** The pattern added `k`-th (0-based). */
    const shell_pattern& operator[](std::size_t k) const noexcept { return patterns_[k]; }

    /**
     * The lowest id whose pattern may match the exec fact `c` (deny/ask, S7.4), among the ids for
     * which `accept(id)` is true, with the pattern's `opaque_program` answer. Equal to trying every
     * accepted pattern in id order. noexcept (if `accept` is), no allocation.
     */
    template <class Accept>
    may_hit first_may_match(const shell::analysis& a, const shell::command& c, Accept&& accept) const noexcept {
        detail::may_subject s = detail::prepare_may(a, c);
        return first_may_match(s, std::forward<Accept>(accept));
    }

    /**
     * `first_may_match` of a subject prepared once (`detail::prepare_may`) for several sets; the
     * subject is summarised here when a pattern is tried.
     */
    template <class Accept>
    may_hit first_may_match(detail::may_subject& s, Accept&& accept) const noexcept {
        std::uint32_t best = npos;
        bool opaque = false;
        const auto try_list = [&](const std::vector<std::uint32_t>& list) {
            for (const std::uint32_t ord : list) {
                if (ord >= best) return;
                if (!accept(ids_[ord])) continue;
                const may_result r = patterns_[ord].may_match(s);
                if (r == may_result::no) continue;
                best = ord;
                opaque = r == may_result::opaque_program;
                return;
            }
        };
        if (s.any_program) {
            if (!patterns_.empty()) s.summarise();
            for (std::uint32_t ord = 0; ord < patterns_.size() && ord < best; ++ord) {
                if (!accept(ids_[ord])) continue;
                const may_result r = patterns_[ord].may_match(s);
                if (r == may_result::no) continue;
                best = ord;
                opaque = r == may_result::opaque_program;
            }
            return {best == npos ? npos : ids_[best], opaque};
        }
        if (groups_.empty()) return {};
        const auto query = [&](std::uint32_t g) {
            const group& grp = groups_[g];
            if (grp.may_all.empty()) return;  // (the lists are tested before the calls: most are empty)
            s.summarise();
            const std::size_t opaque_words = s.opaque_words;
            if (s.split || opaque_words >= 2) {
                try_list(grp.may_all);
                return;
            }
            if (!grp.may_nokey.empty()) try_list(grp.may_nokey);
            if (opaque_words == 1 && !grp.may_onekey.empty()) try_list(grp.may_onekey);
            if (grp.may_keyed == 0) return;
            for (std::size_t k = 1; k < s.argv.size(); ++k) {
                const shell::word& w = s.argv[k];
                if (!w.literal() || (k < s.dashdash && detail::is_cluster(w.text))) continue;  // consumes no element
                if ((grp.key_bits & key_bit(w.text)) == 0) continue;
                const word_lists* l = words_.find(g, w.text);
                if (!l) continue;
                if (opaque_words == 0) {
                    if (!l->single.empty()) try_list(l->single);
                    if (!l->best.empty()) try_list(l->best);
                } else {
                    if (!l->best.empty()) try_list(l->best);
                    if (!l->second.empty()) try_list(l->second);
                }
            }
        };
        if (s.unresolvable) {
            query(all_group);
        } else {
            if (!s.hashed) {
                s.hashed = true;
                s.program_head = name_table::chunk(s.program.data(), s.program.size(), true);
                s.program_hash = name_table::hash(may_names, s.program, s.program_head, true);
            }
            if (const std::uint32_t* g = names_.find(may_names, s.program, s.program_head, s.program_hash, true))
                query(*g);
            if (!groups_[wild_group].may_all.empty()) query(wild_group);  // (most sets have no wildcard program)
        }
        return {best == npos ? npos : ids_[best], opaque};
    }

    /** `first_may_match` over every pattern. */
    may_hit first_may_match(const shell::analysis& a, const shell::command& c) const noexcept {
        return first_may_match(a, c, [](std::uint32_t) noexcept { return true; });
    }

    /**
     * The lowest id whose pattern must-matches the exec fact `c` (allow, S7.3) under `options`,
     * among the ids for which `accept(id)` is true, or `npos`. Equal to trying every accepted
     * pattern in id order. noexcept (if `accept` is), no allocation.
     */
    template <class Accept>
    std::uint32_t first_must_match(const shell::analysis& a, const shell::command& c, const allow_match_options& options,
                                   Accept&& accept) const noexcept {
        detail::must_subject s;
        detail::prepare_must(a, c, s);
        if (!s.eligible || groups_.empty()) return npos;
        std::uint32_t best = npos;
        const auto try_list = [&](const std::vector<std::uint32_t>& list) {
            for (const std::uint32_t ord : list) {
                if (ord >= best) return;
                if (!accept(ids_[ord])) continue;
                if (!patterns_[ord].must_match(s, options)) continue;
                best = ord;
                return;
            }
        };
        const auto query = [&](std::uint32_t g) {
            const group& grp = groups_[g];
            if (!grp.must_nokey.empty()) try_list(grp.must_nokey);
            if (grp.must_keyed == 0) return;
            for (std::size_t k = 1; k < s.argv.size(); ++k) {
                if (!s.argv[k].literal() || (grp.key_bits & key_bit(s.argv[k].text)) == 0) continue;
                if (const word_lists* l = words_.find(g, s.argv[k].text); l && !l->must.empty()) try_list(l->must);
            }
        };
        const std::string_view w0 = s.argv[0].text;
        if (const std::uint32_t* g = names_.find(must_names, w0)) query(*g);
        if (!w0.empty() && w0.front() == '/') {  // an absolute path registered for its program name
            bool host = false;
            for (const std::string_view h : options.host_executables) host = host || h == w0;
            if (host)
                if (const std::uint32_t* g = names_.find(must_names, shell::detail::basename_of(w0))) query(*g);
        }
        if (const group& wild = groups_[wild_group]; !wild.must_nokey.empty() || wild.must_keyed != 0)
            query(wild_group);
        return best == npos ? npos : ids_[best];
    }

    /** `first_must_match` over every pattern. */
    std::uint32_t first_must_match(const shell::analysis& a, const shell::command& c,
                                   const allow_match_options& options = {}) const noexcept {
        return first_must_match(a, c, options, [](std::uint32_t) noexcept { return true; });
    }

private:
    static constexpr std::uint32_t all_group = 0;   // every pattern (deny/ask for an unresolvable argv0)
    static constexpr std::uint32_t wild_group = 1;  // first element `*` or a word glob
    static constexpr std::uint32_t may_names = 0, must_names = 1;

    struct group {
        std::vector<std::uint32_t> may_all, may_nokey, may_onekey, must_nokey;
        std::size_t may_keyed = 0, must_keyed = 0;
        std::uint64_t key_bits = 0;  // `key_bit` of every word filed under this group in words_
    };
    // One of 64 bits for a word, by its length and end bytes: a word whose bit a group lacks is not
    // one of its keys, and most words of a command are found so without a lookup.
    static std::uint64_t key_bit(std::string_view w) noexcept {
        if (w.empty()) return 1;
        const auto first = static_cast<unsigned char>(w.front()), last = static_cast<unsigned char>(w.back());
        return std::uint64_t{1} << ((w.size() * 5 + first * 3 + last) & 63);
    }
    // The patterns found under one literal word in one group.
    struct word_lists {
        std::vector<std::uint32_t> single;  // deny/ask patterns with one key
        std::vector<std::uint32_t> best;    // deny/ask patterns with two or more keys: the preferred one
        std::vector<std::uint32_t> second;  // ... and the next one
        std::vector<std::uint32_t> must;    // allow patterns
    };

    std::vector<shell_pattern> patterns_;  // by ordinal (the order of `add`)
    std::vector<std::uint32_t> ids_;
    std::vector<group> groups_;
    using name_table = detail::shell_key_table<std::uint32_t>;
    name_table names_;                              // program name -> group
    detail::shell_key_table<word_lists> words_;     // (group, word) -> patterns

    std::uint32_t group_of(std::uint32_t kind, std::string_view name) {
        bool inserted = false;
        std::uint32_t& g = names_.at(kind, name, inserted);
        if (inserted) {
            g = static_cast<std::uint32_t>(groups_.size());
            groups_.emplace_back();
        }
        return g;
    }

    // The two best keys among the elements after the first that `usable` accepts: words not
    // starting with `-` first, later words first. Returns how many keys there are.
    template <class Usable>
    static std::size_t keys_of(const shell_pattern& p, Usable&& usable, std::string_view (&out)[2]) {
        const auto els = p.elements();
        std::size_t n = 0, count = 0;
        for (const bool dashed : {false, true})
            for (std::size_t j = els.size(); j-- > 1;) {
                const pattern_element& e = els[j];
                if (!usable(e) || (!e.text.empty() && e.text[0] == '-') != dashed) continue;
                ++count;
                if (n < 2) out[n++] = e.text;
            }
        return count;
    }

    // The patterns filed under `key` in group `g`, made empty when new.
    word_lists& file_key(std::uint32_t g, std::string_view key) {
        bool inserted = false;
        groups_[g].key_bits |= key_bit(key);
        return words_.at(g, key, inserted);
    }

    void index_may(std::uint32_t g, std::uint32_t ord, const shell_pattern& p) {
        std::string_view keys[2];
        const std::size_t n = keys_of(
            p, [](const pattern_element& e) { return e.kind == element_kind::literal && !e.cluster; }, keys);
        group& grp = groups_[g];
        grp.may_all.push_back(ord);
        if (n == 0) {
            grp.may_nokey.push_back(ord);
        } else if (n == 1) {
            file_key(g, keys[0]).single.push_back(ord);
            groups_[g].may_onekey.push_back(ord);
            ++groups_[g].may_keyed;
        } else {
            file_key(g, keys[0]).best.push_back(ord);
            file_key(g, keys[1]).second.push_back(ord);
            ++groups_[g].may_keyed;
        }
    }

    void index_must(std::uint32_t g, std::uint32_t ord, const shell_pattern& p) {
        std::string_view keys[2];
        const std::size_t n = keys_of(
            p, [](const pattern_element& e) { return e.kind == element_kind::literal; }, keys);
        if (n == 0) {
            groups_[g].must_nokey.push_back(ord);
        } else {
            file_key(g, keys[0]).must.push_back(ord);
            ++groups_[g].must_keyed;
        }
    }
};

/** Answer of `builtin_read_only` (S12). */
enum class read_only : unsigned char {
    no,                  ///< not in the built-in read-only set
    yes,                 ///< read-only whatever the roots
    if_inside_roots,     ///< read-only if `path_word` (resolved against the command's cwd) is inside the roots
};

/** `builtin_read_only`'s full answer. `path_word` indexes `analysis::words()`; -1 means the home directory. */
struct read_only_answer {
    read_only what = read_only::no;
    std::int32_t path_word = -1;
};

namespace detail {
// Equality without a library call (the words compared here are short).
constexpr bool eq(std::string_view a, std::string_view b) noexcept { return shell::detail::same_text(a, b); }

constexpr bool any_word(std::span<const shell::word> w, bool (*pred)(std::string_view)) noexcept {
    for (std::size_t k = 1; k < w.size(); ++k)
        if (pred(w[k].text)) return true;
    return false;
}
constexpr bool cluster_has(std::string_view t, char c, std::string_view stop = {}) noexcept {
    if (t.size() < 2 || t[0] != '-' || t[1] == '-') return false;
    for (std::size_t j = 1; j < t.size(); ++j) {
        if (t[j] == c) return true;
        if (stop.find(t[j]) != std::string_view::npos) return false;
    }
    return false;
}

inline bool git_read_only(std::span<const shell::word> w, std::size_t from) noexcept {
    if (from >= w.size()) return false;
    const std::string_view sub = w[from].text;
    const auto rest = w.subspan(from + 1);
    const auto has = [&](std::string_view x) {
        for (const auto& v : rest)
            if (v.text == x || (x.size() > 2 && x[0] == '-' && x[1] == '-' && long_option(v.text, x.substr(2))))
                return true;  // any abbreviation, `--x V` or `--x=V` (parse-options of newer git may accept them)
        return false;
    };
    // `git SUB --help` runs man or the configured help viewer
    for (const auto& v : rest)
        if (long_option(v.text, "help")) return false;
    if (eq(sub, "status") || eq(sub, "blame") || eq(sub, "ls-files") || eq(sub, "rev-parse")) return true;
    if (eq(sub, "log") || eq(sub, "show") || eq(sub, "diff")) return !has("--output") && !has("--ext-diff");
    if (eq(sub, "branch")) {
        bool listing = false;
        for (const auto& v : rest)
            if (eq(v.text, "--list") || eq(v.text, "-l")) listing = true;
        for (std::size_t k = 0; k < rest.size(); ++k) {
            const std::string_view t = rest[k].text;
            if (t.empty() || t[0] != '-') {
                if (!listing) return false;
                continue;
            }
            // `--abbrev` takes its value only after `=`: `git branch --abbrev newb` creates newb
            static constexpr std::string_view ok[] = {"-a", "-r", "-v", "-vv", "-l", "--list", "--all", "--remotes",
                                                      "--verbose", "--show-current", "--color", "--no-color",
                                                      "--column", "--no-column", "-i", "--ignore-case", "--omit-empty",
                                                      "--abbrev"};
            static constexpr std::string_view with_value[] = {"--contains", "--no-contains", "--merged", "--no-merged",
                                                              "--points-at", "--sort", "--format"};
            bool good = false;
            for (const auto o : ok) good = good || t == o;
            for (const auto o : with_value) {
                if (t == o) {
                    good = true;
                    ++k;
                } else if (starts_with(t, o) && t.size() > o.size() && t[o.size()] == '=') {
                    good = true;
                }
            }
            if (starts_with(t, "--abbrev=")) good = true;
            if (!good) return false;
        }
        return true;
    }
    if (eq(sub, "tag")) {
        if (rest.empty()) return true;
        bool listing = false;
        for (const auto& v : rest)
            if (eq(v.text, "-l") || eq(v.text, "--list")) listing = true;
        if (!listing) return false;
        for (const auto& v : rest) {
            const std::string_view t = v.text;
            if (t.empty() || t[0] != '-') continue;
            if (eq(t, "-l") || eq(t, "--list") || starts_with(t, "-n") || starts_with(t, "--sort=") || starts_with(t, "--format=") ||
                eq(t, "-i") || eq(t, "--ignore-case") || eq(t, "--column") || eq(t, "--no-column") || eq(t, "--color") ||
                starts_with(t, "--contains") || starts_with(t, "--no-contains") || starts_with(t, "--merged") ||
                starts_with(t, "--no-merged") || starts_with(t, "--points-at"))
                continue;
            return false;
        }
        return true;
    }
    if (eq(sub, "remote")) return rest.empty() || (rest.size() == 1 && (eq(rest[0].text, "-v") || eq(rest[0].text, "--verbose")));
    if (eq(sub, "config")) {
        bool reading = false;
        if (!rest.empty() && (eq(rest[0].text, "get") || eq(rest[0].text, "list"))) reading = true;
        for (const auto& v : rest) {
            const std::string_view t = v.text;
            if (eq(t, "--get") || eq(t, "--get-all") || eq(t, "--get-regexp") || eq(t, "--list") || eq(t, "-l")) reading = true;
            // git config parses options with abbreviations: `--unset-a`, `--ed`, `--rem` write too
            if (long_option(t, "add") || long_option(t, "unset") || long_option(t, "unset-all") || long_option(t, "replace-all") ||
                long_option(t, "rename-section") || long_option(t, "remove-section") || eq(t, "-e") || long_option(t, "edit") ||
                eq(t, "set") || eq(t, "unset"))
                return false;
        }
        return reading;
    }
    return false;
}
}  // namespace detail

/**
 * The built-in read-only set of S12 for one exec fact. Only bare program names resolved through
 * PATH qualify, with literal arguments (unquoted globs only for programs whose flags cannot write or
 * execute), no non-safe prefix assignment and not after a non-safe bare assignment (Clarifications).
 * `cd DIR` and `git -C DIR ...` answer `if_inside_roots` with the directory's word: the caller checks
 * it (resolved against the command's cwd) against the roots. noexcept, no allocation.
 */
inline read_only_answer builtin_read_only(const shell::analysis& a, const shell::command& c) noexcept {
    using namespace shell;
    read_only_answer no{};
    if (c.deny_only() || c.unresolvable() || c.has(command_flags::host_path) || c.has(command_flags::unsafe_prefix) ||
        c.has(command_flags::after_unsafe) || c.has(command_flags::function_call))
        return no;
    const std::span<const word> w = a.argv(c);
    if (w.empty() || !w[0].literal()) return no;
    const std::string_view p = w[0].text;
    using shell::detail::prog;
    const auto id = static_cast<prog>(c.program);  // argv0 has no slash: its text is the name
    bool globs_allowed = false;
    switch (id) {
        case prog::ls: case prog::pwd: case prog::echo: case prog::cat: case prog::head: case prog::tail:
        case prog::wc: case prog::which: case prog::type: case prog::stat: case prog::du: case prog::df:
        case prog::diff: case prog::cmp: case prog::basename: case prog::dirname: case prog::realpath:
        case prog::readlink: case prog::true_: case prog::false_: case prog::test: case prog::bracket:
        case prog::grep:
            globs_allowed = true;
            break;
        case prog::printf: case prog::file: case prog::rg: case prog::find: case prog::sort: case prog::uniq:
        case prog::tree: case prog::cd: case prog::git:
            break;
        default: return no;
    }
    for (std::size_t k = 1; k < w.size(); ++k) {
        const word& x = w[k];
        if (x.literal()) continue;
        const bool only_glob = x.opaque() && (x.flags & (word_flags::expansion | word_flags::substitution)) == 0 &&
                               (x.flags & (word_flags::glob)) != 0 && (x.flags & word_flags::brace) == 0;
        if (!(globs_allowed && only_glob)) return no;
        // A glob may expand to an option (`wc *` beside a file `--files0-from=.env`): fine for the
        // readers whose options read nothing, not for those that read a file an option names.
        if (x.may_be_option() && (id == prog::wc || id == prog::du || id == prog::diff || id == prog::grep)) return no;
    }
    const read_only_answer yes{read_only::yes, -1};
    // `--files0-from=F` reads the files that F (or the standard input) names: unknown paths
    if ((id == prog::wc || id == prog::du || id == prog::sort) &&
        detail::any_word(w, [](std::string_view t) { return detail::starts_with(t, "--files0-from") || detail::long_option(t, "files0-from"); }))
        return no;
    if (globs_allowed) return yes;
    if (id == prog::printf) return detail::any_word(w, [](std::string_view t) { return detail::starts_with(t, "-v"); }) ? no : yes;
    if (id == prog::file)
        return detail::any_word(w, [](std::string_view t) {
                   // `-C`/`--compile` writes FILE.mgc from the magic file
                   return detail::cluster_has(t, 'm', "eFP") || detail::cluster_has(t, 'f', "eFP") ||
                          detail::cluster_has(t, 'C', "mfeFP") || detail::long_option(t, "compile") ||
                          detail::starts_with(t, "--magic-file") || detail::starts_with(t, "--files-from") ||
                          detail::long_option(t, "magic-file") || detail::long_option(t, "files-from");
               })
                   ? no
                   : yes;
    if (id == prog::rg)
        return detail::any_word(w, [](std::string_view t) { return detail::starts_with(t, "--pre") || detail::long_option(t, "pre"); }) ? no : yes;
    // `find -files0-from F` reads its starting points from F: unknown paths
    if (id == prog::find && detail::any_word(w, [](std::string_view t) { return detail::eq(t, "-files0-from"); }))
        return no;
    if (id == prog::find || id == prog::sort || id == prog::tree) {
        detail::word_bits bits;
        if (!detail::dangerous_operands(p, w, bits) || bits.any()) return no;
        return yes;
    }
    if (id == prog::uniq) {
        std::size_t operands = 0;
        for (std::size_t k = 1; k < w.size(); ++k) {
            const std::string_view t = w[k].text;
            if (detail::eq(t, "-f") || detail::eq(t, "-s") || detail::eq(t, "-w")) {
                ++k;
                continue;
            }
            if (t.size() > 1 && t[0] == '-') continue;
            ++operands;
        }
        return operands <= 1 ? yes : no;
    }
    if (id == prog::cd) {
        std::size_t k = 1;
        while (k < w.size() && w[k].text.size() > 1 && w[k].text[0] == '-' && !detail::eq(w[k].text, "--")) ++k;
        if (k < w.size() && detail::eq(w[k].text, "--")) ++k;
        if (k == w.size()) return {read_only::if_inside_roots, -1};
        if (k + 1 != w.size() || detail::eq(w[k].text, "-")) return no;
        return {read_only::if_inside_roots, static_cast<std::int32_t>(c.first_word + k)};
    }
    if (id == prog::git) {
        std::size_t k = 1;
        std::int32_t dir = -1;
        while (k < w.size()) {
            const std::string_view t = w[k].text;
            if (detail::eq(t, "-c") || detail::starts_with(t, "--config-env") || detail::starts_with(t, "--exec-path") ||
                detail::long_option(t, "config-env") || detail::long_option(t, "exec-path"))
                return no;
            if (detail::eq(t, "-C")) {
                if (k + 1 >= w.size() || dir >= 0) return no;
                dir = static_cast<std::int32_t>(c.first_word + k + 1);
                k += 2;
                continue;
            }
            if (detail::eq(t, "--git-dir") || detail::eq(t, "--work-tree") || detail::eq(t, "--namespace")) return no;
            if (detail::starts_with(t, "--git-dir=") || detail::starts_with(t, "--work-tree=")) return no;
            if (detail::eq(t, "--no-pager") || detail::eq(t, "--no-optional-locks") || detail::eq(t, "--literal-pathspecs") || detail::eq(t, "-P") ||
                detail::eq(t, "--no-replace-objects") || detail::eq(t, "--bare"))
                {
                ++k;
                continue;
            }
            if (!t.empty() && t[0] == '-') return no;
            break;
        }
        if (!detail::git_read_only(w, k)) return no;
        return dir >= 0 ? read_only_answer{read_only::if_inside_roots, dir} : yes;
    }
    return no;
}

/** One operand of `rm`/`rmdir` for the critical-path floor (S10.1). */
struct removal_target {
    std::uint32_t word = 0;           ///< index in `analysis::words()`
    bool literal = false;             ///< the path is known (resolve it against the command's cwd)
    bool glob = false;                ///< contains an unquoted glob (compare its literal prefix with the roots)
    bool variable_then_glob = false;  ///< `"$D"/*`, `$D/`: a glob or trailing slash directly after a variable
};

/**
 * Calls `f(removal_target)` for every path operand of an `rm` or `rmdir` exec fact (direct, wrapped
 * or nested: the caller walks every fact). Options before `--` are skipped. Returns false (and calls
 * nothing) when the command is not rm/rmdir. noexcept if `f` is; no allocation.
 */
template <class F>
bool for_each_removal_target(const shell::analysis& a, const shell::command& c, F&& f) noexcept {
    using namespace shell;
    const std::string_view name = c.name;
    if (c.unresolvable() || (!shell::detail::same_text(name, "rm") && !shell::detail::same_text(name, "rmdir")))
        return false;
    const std::span<const word> w = a.argv(c);
    bool options = true;
    for (std::size_t k = 1; k < w.size(); ++k) {
        const word& x = w[k];
        if (options && x.literal() && shell::detail::same_text(x.text, "--")) {
            options = false;
            continue;
        }
        if (options && x.literal() && x.text.size() > 1 && x.text[0] == '-') continue;
        removal_target t;
        t.word = static_cast<std::uint32_t>(c.first_word + k);
        t.literal = x.literal();
        t.glob = (x.flags & word_flags::glob) != 0;
        if (x.opaque() && (x.flags & word_flags::expansion) != 0) {
            const std::string_view s = x.suffix;
            t.variable_then_glob = shell::detail::same_text(s, "/") ||
                                   (s.size() >= 2 && s[0] == '/' && (s[1] == '*' || s[1] == '?' || s[1] == '['));
        }
        f(t);
    }
    return true;
}

/**
 * Whether an exec fact needs an allow rule of its own (S6.5, S13 step 5): false for deny-only facts
 * and transparent wrappers (only their inner command needs coverage).
 */
constexpr bool requires_allow(const shell::command& c) noexcept {
    return !c.deny_only() && !c.has(shell::command_flags::transparent);
}

}  // namespace rules
CLAW_END_NAMESPACE
