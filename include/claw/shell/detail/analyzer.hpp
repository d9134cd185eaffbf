// SPDX-License-Identifier: MIT
// The bash-faithful lexer and parser behind `claw::shell::analyze` (RULES.md S6.1-S6.9). One pass
// over the text: words are lexed as bash lexes them (line continuations, every quoting form,
// substitutions parsed recursively where bash parses them), simple commands are emitted as exec
// facts in the order bash reaches them, and the commands they run (wrappers, nested scripts) are
// added by <claw/shell/detail/commands.hpp>. No allocation, no exceptions; recursion is bounded by
// CLAW_SHELL_MAX_DEPTH; every limit makes the analysis incomplete instead of failing open.
#pragma once

#include <claw/config.hpp>
#include <claw/shell/analysis.hpp>
#include <claw/shell/detail/names.hpp>
#include <claw/shell/limits.hpp>
#include <claw/shell/options.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {
namespace detail {

constexpr std::uint32_t u32(std::size_t v) noexcept { return static_cast<std::uint32_t>(v); }

enum class op : unsigned char {
    none, semi, amp, pipe, pipe_amp, and_and, or_or, lparen, rparen, dsemi, semi_amp, dsemi_amp,
    less, great, dgreat, clobber, lessgreat, lessand, greatand, and_great, and_dgreat, dless, dless_dash, tless,
};

constexpr bool is_redirect_op(op o) noexcept { return o >= op::less; }

enum class tok : unsigned char { eof, newline, word, oper };

struct token {
    tok kind;
    op o;
    std::int32_t fd;               // IO number before a redirection operator (-1: none)
    std::string_view fd_var;       // NAME of the `{NAME}>` form (empty otherwise)
    std::size_t begin;             // position in the current source
    std::size_t end;
    word w;                        // the word (kind == word)
    bool plain;                    // unquoted, no expansion: may be a reserved word
    std::uint8_t assign;           // 0 no, 1 NAME=, 2 NAME+=, 3 subscripted (`assignment_form`)
    std::uint32_t name_len;        // length of NAME in an assignment

    // Spelled like a reserved word, unquoted. Asked only where one may stand (not of every word).
    bool reserved() const noexcept { return kind == tok::word && plain && reserved_word(w.text); }

    token() noexcept { reset(); }
    // The empty token, field by field: assigning `token{}` compiles to a `rep stos`, whose
    // start-up cost was a twentieth of a short command's analysis.
    void reset() noexcept {
        kind = tok::eof;
        o = op::none;
        fd = -1;
        fd_var = {};
        begin = end = 0;
        w = word{};
        plain = false;
        assign = 0;
        name_len = 0;
    }
};

/** Fixed storage whose elements are not initialised on construction (filled before use). */
template <class T, std::size_t N>
struct raw_array {
    union {
        T items[N];
    };
    raw_array() noexcept {}
    T& operator[](std::size_t i) noexcept { return items[i]; }
    const T& operator[](std::size_t i) const noexcept { return items[i]; }
    static constexpr std::size_t size() noexcept { return N; }
};

struct pending_heredoc {
    std::string_view delimiter;
    bool quoted = false;
    bool strip_tabs = false;
    std::int32_t redirect = -1;
};

struct source {
    explicit source(std::string_view t) noexcept
        : text(t), end(t.size()), continuations(t.find("\\\n") != std::string_view::npos) {}
    std::string_view text;
    std::size_t pos = 0;
    std::size_t end = 0;
    bool continuations = true;      // the text holds a line continuation (`\` newline) somewhere
    bool mapped = true;             // positions map into the analysed text
    std::uint32_t offset = 0;       // mapped: offset of text in the analysed text
    std::uint32_t outer_begin = 0;  // unmapped: the range of the word that holds this text
    std::uint32_t outer_end = 0;
    raw_array<pending_heredoc, limits::max_heredocs> heredocs;
    std::size_t heredoc_count = 0;
};

struct constant {
    std::string_view name;
    std::string_view value;
    unsigned char kind = 0;  // 0 literal, 1 lit-or-opaque, 2 unknown, 3 barrier
};

struct word_state {
    std::size_t seg = 0;          // buffer position where the current literal segment starts
    std::size_t alt_seg = 0;      // ... and where the text after the last value known on some paths only starts
    bool transformed = false;     // value differs from the raw text
    bool opaque = false;
    bool lit_or_opaque = false;
    bool may_split = false;
    bool quoted = false;
    bool subst = false;
    bool plain = true;
    bool glob = false;
    bool open_bracket = false;
    bool brace_open = false;
    bool brace_sep = false;
    bool brace = false;
    bool tilde = false;
    bool tilde_other = false;     // ~user, ~+, ~- or a tilde after = / : in an assignment-like word
    bool assign_like = false;     // NAME= prefix seen (unquoted)
    std::size_t eq_len = 0;       // value length just after that first '='
    bool name_prefix = true;      // every value char so far is a name char
    bool nul_cut = false;
    std::size_t len = 0;          // value characters appended
    char last = 0;                // last unquoted character appended
    int regex_depth = 0;
    bool buffered = false;        // the value is being copied into the buffer (it differs from the raw text)
    std::size_t value_start = 0;  // buffer position of the value once buffered
    std::size_t raw_begin = 0;    // position of the word in the source
};

class analyzer {
public:
    analyzer(analysis& out, const analysis_options& options) noexcept : a_(out), options_(options) {}

    // `$PWD`/`~+`/`$HOME` were read as the folders bash started with, and something in the text may
    // change them (a variable builtin, an unknown command, a function, an assignment of the name):
    // the caller analyses again without that (`without_start_values`).
    bool start_values_unsure() const noexcept { return start_values_used_ && (start_values_changed_ || prop_off_); }
    void without_start_values() noexcept { start_values_ = false; }

    void run(std::string_view text, bool allow_fast = true) noexcept {
        reset(text);
        if (allow_fast && fast_path(text)) return;
        reset(text);
        if (text.size() > limits::max_bytes) {
            a_.reason_ = incomplete_reason::too_long;
            a_.stop_offset_ = 0;
            return;
        }
        source s(text);
        src_ = &s;
        parse_script();
        if (!stop_) a_.stop_offset_ = u32(text.size());
        if (!stop_ && evaluates_ && untrusted_) a_.reason_ = incomplete_reason::evaluated_data;
        if (a_.reason_ == incomplete_reason::none && text.size() > limits::max_allow_bytes)
            a_.reason_ = incomplete_reason::too_long_for_allow;
    }

private:
    // ---------------------------------------------------------------- state
    analysis& a_;
    const analysis_options& options_;
    source* src_ = nullptr;
    bool stop_ = false;
    unsigned depth_ = 0;
    token la_;
    bool has_la_ = false;
    // context of the commands being parsed
    std::int32_t ctx_parent_ = -1;
    origin ctx_origin_ = origin::top;
    bool ctx_deny_only_ = false;
    unsigned in_function_ = 0;
    unsigned fallback_ = 0;  // inside a `$((` or `((` that bash re-read as a command substitution
    unsigned comsub_depth_ = 0;  // inside `$(...)`, `<(...)` or `>(...)` of the current text
    unsigned posix_ = 0;     // inside a script run by a POSIX sh (dash semantics over-approximated)
    unsigned cond_ = 0;
    // constant propagation
    raw_array<constant, limits::max_constants> consts_;
    std::size_t const_count_ = 0;
    bool prop_off_ = false;
    // functions
    raw_array<std::string_view, limits::max_functions> functions_;
    std::size_t function_count_ = 0;
    bool functions_overflow_ = false;
    // What the name table says of each command's name, looked up once by `add_command`: its
    // classes (`name_entry::bits`) and, for a wrapper or a runner, its `name_entry::spec`.
    struct name_class {
        std::uint8_t bits;
        std::uint8_t spec;
    };
    raw_array<name_class, limits::max_commands> classes_;
    // scope
    std::uint16_t cwd_ = 0;
    bool after_unsafe_ = false;
    bool physical_cd_ = false;     // `set -P` was met: `cd` resolves links before `..`
    bool integer_values_ = false;  // a `declare -i` was met: values of later assignments are arithmetic
    std::int32_t last_cd_cwd_ = -1;
    // Bash evaluates some values as code: an arithmetic context evaluates the values of the
    // variables it names, and a subscript in such a value (`a[$(cmd)]`) runs commands. Set when the
    // text has such a place (`evaluates_`) and when it lets a value it does not know (read input,
    // command output, a glob, positional parameters) into a variable (`untrusted_`); both together
    // make the analysis incomplete (S6.9). Whole-text flags: a loop may use a value set later.
    bool evaluates_ = false;
    bool untrusted_ = false;
    unsigned in_loop_value_ = 0;  // inside the copy of a loop body made for one of its values
    std::string_view outer_var_, outer_value_;  // ... and the variable and value of that copy
    bool in_loop_list_ = false;   // lexing the values of a `for` loop
    bool start_values_ = true;           // `$PWD`/`$HOME` may be read as the folders bash started with
    bool start_values_used_ = false;     // ... and were
    bool start_values_changed_ = false;  // the text may change PWD or HOME
    // Whether the text names PWD ([0]) or HOME ([1]) other than to read it: -1 until first asked.
    std::array<signed char, 2> named_otherwise_{-1, -1};
    unsigned arith_ = 0;  // inside an arithmetic context

    friend struct command_rules;

    // Plain lists of plain words (`git status && npm test | grep -c ok`): no quoting, expansion,
    // redirection, assignment, reserved word or command the analysis treats specially. Such text is
    // split directly; anything else (or any doubt) returns false and the full parser runs. The
    // fuzz target checks that both give the same result.
    static constexpr auto fast_table = [] {
        std::array<bool, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[static_cast<std::size_t>(c)] = is_name_char(c) || c == '-' || c == '.' || c == '/' || c == ':' || c == ',' ||
                                             c == '@' || c == '%' || c == '+' || c == '^' || c == '=';
        return t;
    }();
    static constexpr bool fast_word_char(unsigned char c) noexcept { return fast_table[c]; }
    // One pass: words are stored and commands emitted as they end; any doubt returns false and
    // `run` resets the analysis before the full parser starts over. Commands the fast path emits
    // change no analyzer state (no assignment, `cd`, variable builtin, wrapper or function), so
    // starting over is exact.
    bool fast_path(std::string_view text) noexcept {
        const std::size_t n = text.size();
        if (n > 4096) return false;
        const char* const s = text.data();
        std::size_t i = 0, words = 0, commands = 0;
        std::uint32_t first = 0, count = 0, begin = 0, end = 0;
        bool pending_separator = false;  // after `|`, `&&` or `||`: a command must follow
        // Emits the command; false when the analysis stopped or when the name is one the full
        // parser looks further at (a reserved word, a wrapper, a shell, a variable builtin, ...).
        const auto flush = [&]() noexcept {
            const std::int32_t idx = add_command(first, count, -1, origin::top, 0, begin, end);
            count = 0;
            if (idx < 0) return !stop_;
            const auto k = static_cast<std::size_t>(idx);
            const unsigned klass = classes_[k].bits;  // of the basename: `/usr/bin/timeout` is a wrapper
            if (klass != 0 && klass != name_bits::builtin) return false;
            // an ordinary program runs nothing inside: analyze_command would only look at its name
            if (klass != 0 || a_.commands_[k].has(command_flags::function_call)) analyze_command(idx, true);
            return !stop_;
        };
        for (;;) {
            while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
            if (i >= n) break;
            const auto c = static_cast<unsigned char>(s[i]);
            if (fast_word_char(c)) {
                const std::size_t from = i;
                while (i < n && fast_word_char(static_cast<unsigned char>(s[i]))) ++i;
                if (i < n && (s[i] == '(' || s[i] == '<' || s[i] == '>')) return false;
                const std::string_view w(s + from, i - from);
                if (count == 0) {
                    for (const char ch : w)
                        if (ch == '=') return false;  // maybe an assignment
                    if (++commands > 128) return false;
                    begin = u32(from);
                }
                if (++words > 512) return false;
                word wd;
                wd.text = w;
                wd.begin = u32(from);
                wd.end = u32(i);
                const std::int32_t at = store_word(wd);
                if (at < 0) return false;
                if (count == 0) first = static_cast<std::uint32_t>(at);
                end = u32(i);
                ++count;
                pending_separator = false;
                continue;
            }
            if (c != '\n' && c != ';' && c != '&' && c != '|') return false;
            const int next = i + 1 < n ? static_cast<unsigned char>(s[i + 1]) : -1;
            std::size_t len = 1;
            if ((c == '&' || c == '|') && next == c) len = 2;
            if (c == '|' && next == '&') return false;
            if (c == ';' && (next == ';' || next == '&')) return false;
            if (c == '&' && next == '>') return false;
            if (count == 0 && (c != '\n' || pending_separator)) return false;  // an empty command
            if (count > 0 && !flush()) return false;
            pending_separator = c == '|' || len == 2;
            i += len;
        }
        if (pending_separator) return false;
        if (count > 0 && !flush()) return false;
        if (commands == 0 || stop_) return false;
        a_.stop_offset_ = u32(n);
        return true;
    }

    void reset(std::string_view text) noexcept {
        stop_ = false;
        has_la_ = false;
        a_.text_ = text;
        named_otherwise_ = {-1, -1};
        a_.reason_ = incomplete_reason::none;
        a_.stop_offset_ = 0;
        a_.command_count_ = 0;
        a_.word_count_ = 0;
        a_.assignment_count_ = 0;
        a_.redirect_count_ = 0;
        a_.text_used_ = 0;
        a_.scratch_top_ = limits::max_words;
        a_.cwds_[0] = working_directory{};
        a_.cwds_[1] = working_directory{{}, 0, false, false};
        a_.cwd_count_ = 2;
    }

    // ---------------------------------------------------------------- failure
    bool fail(incomplete_reason r) noexcept {
        not_followed(r);
        stop_ = true;
        return false;
    }
    // Incomplete without stopping: the commands that follow are still listed (deny and ask rules
    // see them), and nothing is allowable.
    void not_followed(incomplete_reason r) noexcept {
        if (a_.reason_ == incomplete_reason::none || a_.reason_ == incomplete_reason::too_long_for_allow) {
            a_.reason_ = r;
            a_.stop_offset_ = src_ ? pos_out(src_->pos) : 0;
        }
    }

    std::uint32_t pos_out(std::size_t p) const noexcept {
        if (src_->mapped) return src_->offset + u32(p < src_->text.size() ? p : src_->text.size());
        return src_->outer_begin;
    }
    std::uint32_t pos_out_end(std::size_t p) const noexcept {
        if (src_->mapped) return src_->offset + u32(p < src_->text.size() ? p : src_->text.size());
        return src_->outer_end;
    }

    // ---------------------------------------------------------------- buffer
    std::size_t buf_pos() const noexcept { return a_.text_used_; }
    bool put(char c) noexcept {
        if (a_.text_used_ >= limits::text_capacity) return fail(incomplete_reason::text_capacity);
        a_.buffer_[a_.text_used_++] = c;
        return true;
    }
    bool put(std::string_view s) noexcept {
        for (const char c : s)
            if (!put(c)) return false;
        return true;
    }
    std::string_view buf_view(std::size_t from, std::size_t to) const noexcept {
        return {a_.buffer_.data() + from, to - from};
    }

    // ---------------------------------------------------------------- characters
    void skip_lc() noexcept {
        source& s = *src_;
        if (!s.continuations) return;
        while (s.pos + 1 < s.end && s.text[s.pos] == '\\' && s.text[s.pos + 1] == '\n') s.pos += 2;
    }
    int peek() noexcept {
        skip_lc();
        return src_->pos < src_->end ? static_cast<unsigned char>(src_->text[src_->pos]) : -1;
    }
    std::size_t next_pos(std::size_t p) const noexcept {  // the position after p, skipping continuations
        const source& s = *src_;
        ++p;
        if (!s.continuations) return p;
        while (p + 1 < s.end && s.text[p] == '\\' && s.text[p + 1] == '\n') p += 2;
        return p;
    }
    int char_at(std::size_t p) const noexcept {
        return p < src_->end ? static_cast<unsigned char>(src_->text[p]) : -1;
    }
    int peek2() noexcept {
        skip_lc();
        return char_at(next_pos(src_->pos));
    }
    void advance() noexcept {
        skip_lc();
        if (src_->pos < src_->end) ++src_->pos;
    }
    int raw() const noexcept { return char_at(src_->pos); }

    // ---------------------------------------------------------------- words
    bool push_scratch(const word& w) noexcept {
        if (a_.scratch_top_ <= a_.word_count_ + 1) return fail(incomplete_reason::too_many_words);
        a_.words_[--a_.scratch_top_] = w;
        return true;
    }
    std::int32_t store_word(const word& w) noexcept {
        if (a_.word_count_ + 1 >= a_.scratch_top_) {
            fail(incomplete_reason::too_many_words);
            return -1;
        }
        a_.words_[a_.word_count_] = w;
        return static_cast<std::int32_t>(a_.word_count_++);
    }

    void lit_char(word_state& b, char c) noexcept {
        const int ch = static_cast<unsigned char>(c);
        if (is_name_char(ch)) {  // the common case: nothing to track but the character itself
            b.last = c;
            ++b.len;
            if (b.buffered) put(c);
            return;
        }
        if (b.len == 0 && c == '~' && !b.quoted) b.tilde = true;
        if (c == '*' || c == '?') b.glob = true;
        if (c == '[') b.open_bracket = true;
        if (c == ']' && b.open_bracket) b.glob = true;
        if (c == '{') b.brace_open = true;
        if (c == ',' && b.brace_open) b.brace_sep = true;
        if (c == '.' && b.last == '.' && b.brace_open) b.brace_sep = true;
        if (c == '}' && b.brace_open && b.brace_sep) b.brace = true;
        if (c == '~' && b.assign_like && (b.last == '=' || b.last == ':')) b.tilde_other = true;
        if (c == '=' && b.name_prefix && b.len > 0 && !b.assign_like) {
            b.assign_like = true;
            b.eq_len = b.len + 1;
        }
        if (c == '+' && b.name_prefix && b.len > 0) {
            // NAME+= keeps the prefix assignment-like
        } else if (!is_name_char(ch)) {
            b.name_prefix = false;
        }
        b.last = c;
        ++b.len;
        if (b.buffered) put(c);
    }
    // Starts copying the value: until now it was the raw text itself.
    void materialize(word_state& b) noexcept {
        if (b.buffered) return;
        b.buffered = true;
        b.value_start = buf_pos();
        put(src_->text.substr(b.raw_begin, b.len));
        b.seg = b.value_start;
    }
    // From here the word's value is not its raw text: it is copied, and it is no longer a plain
    // word (a reserved word, a name) nor a `NAME=` prefix.
    void rewritten(word_state& b) noexcept {
        materialize(b);
        b.plain = false;
        b.transformed = true;
        b.name_prefix = false;
        b.last = 0;
    }
    void quoted_char(word_state& b, char c) noexcept {
        rewritten(b);
        b.quoted = true;
        ++b.len;
        if (!b.nul_cut) put(c);
    }
    void mark_expansion(word_state& b, bool in_dq, bool splits) noexcept {
        rewritten(b);
        b.opaque = true;
        if (!in_dq || splits) b.may_split = true;
        b.seg = buf_pos();
    }

    // Lexes one word starting at the current position (not blank, not an operator start).
    // mode 0: ordinary word; 1: the regex operand of `=~`.
    bool lex_word(token& t, int mode) noexcept {
        word_state b;
        skip_lc();
        const std::size_t raw_begin = src_->pos;
        b.raw_begin = raw_begin;
        bool first = true;
        for (;;) {
            if (stop_) return false;
            const std::size_t before = src_->pos;
            const int c = peek();
            if (src_->pos != before && !first) {  // a line continuation inside the word
                materialize(b);
                b.transformed = true;
            }
            first = false;
            if (c < 0) break;
            if (mode == 1) {
                if (b.regex_depth == 0 && (is_blank(c) || c == '\n' || c == ';' || c == '&')) break;
                if (c == '(') {
                    ++b.regex_depth;
                    advance();
                    lit_char(b, '(');
                    continue;
                }
                if (c == ')') {
                    if (b.regex_depth == 0) break;
                    --b.regex_depth;
                    advance();
                    lit_char(b, ')');
                    continue;
                }
                if (c == '|' || c == '<' || c == '>') {
                    advance();
                    lit_char(b, static_cast<char>(c));
                    continue;
                }
            } else if (is_meta(c)) {
                if ((c == '<' || c == '>') && peek2() == '(') {
                    if (!process_substitution(b)) return false;
                    continue;
                }
                if (c == '(' && b.assign_like && b.last == '=' && b.len == b.eq_len && !b.quoted && !b.opaque) {
                    if (!array_assignment(b)) return false;
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\': {
                    advance();
                    const int n = peek();
                    if (n < 0) {
                        lit_char(b, '\\');
                        b.transformed = true;
                    } else {
                        advance();
                        quoted_char(b, static_cast<char>(n));
                    }
                    break;
                }
                case '\'':
                    advance();
                    if (!single_quoted(b)) return false;
                    break;
                case '"':
                    advance();
                    if (!double_quoted(b, false)) return false;
                    break;
                case '$':
                    if (!dollar(b, false)) return false;
                    break;
                case '`':
                    if (!backtick(b, false)) return false;
                    break;
                default: {
                    ++src_->pos;  // peek() has skipped any continuation and c is in range
                    lit_char(b, static_cast<char>(c));
                    // a run of name characters needs no bookkeeping but the length (see lit_char)
                    source& s = *src_;
                    while (s.pos < s.end && is_name_char(static_cast<unsigned char>(s.text[s.pos]))) {
                        const char ch = s.text[s.pos++];
                        b.last = ch;
                        ++b.len;
                        if (b.buffered && !put(ch)) break;
                    }
                    break;
                }
            }
        }
        if (stop_) return false;
        const std::size_t raw_end = src_->pos;
        t.kind = tok::word;
        t.begin = raw_begin;
        t.end = raw_end;
        const std::string_view rawtext(src_->text.data() + raw_begin, raw_end - raw_begin);  // in range: no check
        std::string_view value = b.buffered ? buf_view(b.value_start, buf_pos()) : rawtext;
        if (b.tilde && rawtext.starts_with("~+") && value.size() >= 2 && value[1] == '+' &&
            (value.size() == 2 || value[2] == '/') && !in_loop_list_ && untouched("PWD")) {
            // `~+/x` is `./x` while the text never sets PWD (as `$PWD/x`, see `substitute`)
            const std::size_t from = buf_pos();
            put('.');
            put(value.substr(2));
            value = buf_view(from, buf_pos());
            b.buffered = true;
            b.seg = from;
            b.tilde = false;
            b.alt_seg = buf_pos();  // the value was copied: no suffix left to tell
            start_values_used_ = true;
        }
        word& w = t.w;
        w = word{};
        w.begin = pos_out(raw_begin);
        w.end = pos_out_end(raw_end);
        std::uint16_t f = 0;
        if (b.quoted) f |= word_flags::quoted;
        if (b.subst) f |= word_flags::substitution;
        if (b.opaque) f |= word_flags::expansion;
        bool opaque = b.opaque;
        bool splits = b.may_split;
        if (b.glob) {
            f |= word_flags::glob;
            opaque = true;
            splits = true;
        }
        if (b.brace) {
            f |= word_flags::brace;
            opaque = true;
            splits = true;
        }
        if (b.tilde) {
            // `~` or `~/...` is home-relative; `~user`, `~+`, `~-` are not known here
            const std::string_view v = value;
            if (v.size() > 1 && v[1] != '/') b.tilde_other = true;
            else f |= word_flags::tilde;
        }
        // `~+/.env` ($PWD), `~-/x` ($OLDPWD), `~1/x`, `~user/x`: the names after the expansion end the path
        std::string_view tilde_suffix;
        if (b.tilde_other && !b.opaque) {
            const std::size_t slash = value.find('/', value.rfind('~'));
            if (slash != std::string_view::npos) tilde_suffix = value.substr(slash);
        }
        if (b.tilde_other) opaque = true;
        if (fallback_ > 0) {
            opaque = true;
            splits = true;
        }
        if (opaque) {
            f |= word_flags::opaque;
            if (splits) f |= word_flags::may_split;
            w.text = rawtext;
            w.suffix = b.tilde_other && !b.opaque ? tilde_suffix : (b.buffered ? buf_view(b.seg, buf_pos()) : rawtext);
            if (b.glob || b.brace) {  // keep the pattern as text when nothing else was expanded
                if (!b.opaque) w.text = value;
            }
        } else {
            if (b.lit_or_opaque) {
                f |= word_flags::lit_or_opaque;
                w.suffix = buf_view(b.alt_seg, buf_pos());  // what follows the value unknown on other paths
                if (b.may_split) f |= word_flags::may_split;
            }
            w.text = value;
        }
        w.flags = f;
        t.plain = b.plain && !b.transformed && !opaque;
        return true;
    }

    // The common word: characters of `fast_word_char` only (no quoting, expansion, glob, brace,
    // tilde or continuation), ended by a blank, a newline, `;`, `&`, `|`, `)`, a redirection
    // operator or the end of the text. Its value is its text and nothing needs tracking: the token
    // is made directly, as the loop of `lex_word` would make it, in `t` as `lex` reset it. False
    // (nothing consumed) for any other word.
    bool plain_word(token& t) noexcept {
        source& s = *src_;
        const std::size_t from = s.pos;
        std::size_t i = from;
        while (i < s.end && fast_word_char(static_cast<unsigned char>(s.text[i]))) ++i;
        if (i == from || fallback_ > 0 || stop_) return false;
        if (i < s.end) {
            const char d = s.text[i];
            if (!is_blank(d) && d != '\n' && d != ';' && d != '&' && d != '|' && d != ')') {
                if (d != '<' && d != '>') return false;
                const char after = i + 1 < s.end ? s.text[i + 1] : ' ';
                if (after == '(' || after == '\\') return false;  // `<(`, or a backslash that may continue into one
            }
        }
        s.pos = i;
        const std::string_view rawtext(s.text.data() + from, i - from);  // from <= i <= size: no check
        t.kind = tok::word;
        t.begin = from;
        t.end = i;
        word& w = t.w;
        w.begin = pos_out(from);
        w.end = pos_out_end(i);
        w.text = rawtext;
        t.plain = true;
        return true;
    }

    // Assignment detection on the raw text of a word token of the current source (NAME=, NAME+=
    // or NAME[...]=), for the words where an assignment may stand (not of every word).
    void assignment_form(token& t) const noexcept {
        t.assign = 0;
        const std::string_view rawtext(src_->text.data() + t.begin, t.end - t.begin);  // the token's own range
        if (rawtext.empty() || !is_name_start(static_cast<unsigned char>(rawtext[0]))) return;
        std::size_t i = 1;
        while (i < rawtext.size() && is_name_char(static_cast<unsigned char>(rawtext[i]))) ++i;
        if (i < rawtext.size()) {
            t.name_len = u32(i);
            if (rawtext[i] == '=') {
                t.assign = 1;
            } else if (rawtext[i] == '+' && i + 1 < rawtext.size() && rawtext[i + 1] == '=') {
                t.assign = 2;
            } else if (rawtext[i] == '[') {
                int depth = 0;
                std::size_t j = i;
                for (; j < rawtext.size(); ++j) {
                    if (rawtext[j] == '[') ++depth;
                    else if (rawtext[j] == ']' && --depth == 0) break;
                }
                if (j + 1 < rawtext.size() &&
                    (rawtext[j + 1] == '=' || (rawtext[j + 1] == '+' && j + 2 < rawtext.size() && rawtext[j + 2] == '=')))
                    t.assign = 3;
            }
        }
    }

    bool single_quoted(word_state& b) noexcept {
        rewritten(b);
        source& s = *src_;
        b.quoted = true;
        const std::size_t close = s.text.substr(0, s.end).find('\'', s.pos);
        if (close == std::string_view::npos) {
            s.pos = s.end;
            return fail(incomplete_reason::syntax);
        }
        for (std::size_t i = s.pos; i < close; ++i) {
            ++b.len;
            if (!put(s.text[i])) return false;
        }
        s.pos = close + 1;
        return true;
    }

    void ansi_put(word_state& b, unsigned v) noexcept {
        if (v == 0) b.nul_cut = true;
        quoted_char(b, static_cast<char>(v & 0xFF));
    }

    // $'...' : the `$'` has been consumed.
    bool ansi_c_quoted(word_state& b) noexcept {
        materialize(b);
        source& s = *src_;
        b.quoted = true;
        b.plain = false;
        b.transformed = true;
        const std::size_t after = decode_ansi_c(s.text.substr(0, s.end), s.pos, [&](unsigned v, bool known) {
            if (known) ansi_put(b, v);
            else mark_expansion(b, true, false);  // depends on the locale: the value is not known for certain
        });
        if (after == std::string_view::npos) {
            s.pos = s.end;
            return fail(incomplete_reason::syntax);
        }
        s.pos = after;
        b.nul_cut = false;
        return !stop_;
    }

    // "..." : the opening quote has been consumed.
    bool double_quoted(word_state& b, bool locale) noexcept {
        rewritten(b);
        b.quoted = true;
        if (locale) mark_expansion(b, true, false);
        for (;;) {
            if (stop_) return false;
            const int c = peek();
            if (c < 0) return fail(incomplete_reason::syntax);
            if (c == '"') {
                advance();
                return true;
            }
            if (c == '\\') {
                advance();
                const int n = peek();
                if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    advance();
                    quoted_char(b, static_cast<char>(n));
                } else {
                    quoted_char(b, '\\');
                }
                continue;
            }
            if (c == '$') {
                if (!dollar(b, true)) return false;
                continue;
            }
            if (c == '`') {
                if (!backtick(b, true)) return false;
                continue;
            }
            advance();
            quoted_char(b, static_cast<char>(c));
        }
    }

    const constant* lookup(std::string_view name) const noexcept {
        if (prop_off_) return nullptr;
        for (std::size_t i = const_count_; i-- > 0;) {
            if (consts_[i].kind == 3) return nullptr;
            if (consts_[i].name == name) return consts_[i].kind >= 2 ? nullptr : &consts_[i];
        }
        return nullptr;
    }

    static bool split_safe(std::string_view v) noexcept {
        if (v.empty()) return false;
        for (const char c : v)
            if (c == ' ' || c == '\t' || c == '\n' || c == '*' || c == '?' || c == '[') return false;
        return true;
    }

    // PWD and HOME: read as the folders bash started with while the text leaves them alone (`untouched`).
    static constexpr bool start_folder(std::string_view name) noexcept {
        return same_text(name, "PWD") || same_text(name, "HOME");
    }
    // True while the text never sets `name` nor names it other than to read it (`$NAME`, `${NAME}`):
    // its value is then the one bash started with. Conservative: any other mention counts.
    // `name` is a `start_folder`.
    bool untouched(std::string_view name) noexcept {
        if (!start_values_ || prop_off_ || start_values_changed_) return false;
        for (std::size_t i = 0; i < const_count_; ++i)
            if (consts_[i].name == name) return false;
        signed char& named = named_otherwise_[same_text(name, "PWD") ? 0 : 1];
        if (named < 0) {  // one scan of the text per name and analysis
            named = 0;
            const std::string_view t = a_.text_;
            for (std::size_t at = t.find(name); at != std::string_view::npos && named == 0; at = t.find(name, at + 1))
                if (!((at >= 1 && t[at - 1] == '$') || (at >= 2 && t[at - 1] == '{' && t[at - 2] == '$'))) named = 1;
        }
        return named == 0;
    }

    void substitute(word_state& b, std::string_view name, bool in_dq) noexcept {
        const constant* k = lookup(name);
        if (!k && b.len == 0 && arith_ == 0 && !in_loop_list_ && start_folder(name) && untouched(name)) {
            // `$PWD/x` is `./x` (the analysis follows `cd`) and `$HOME/x` is `~/x`, so that path
            // rules see a written path (links resolved, folder rules matched), not an unknown one.
            // Not in a word that is kept for later (a loop's values: a later `cd` would move `.`;
            // assignment values start with `NAME=` and are not at the start of a word).
            rewritten(b);
            ++b.len;
            start_values_used_ = true;
            if (same_text(name, "PWD")) {
                put('.');
            } else {
                put('~');
                b.tilde = true;
            }
            return;
        }
        if (k && (in_dq || split_safe(k->value))) {
            rewritten(b);
            b.len += k->value.size();
            put(k->value);
            if (k->kind == 1) {
                b.lit_or_opaque = true;
                if (!in_dq) b.may_split = true;  // on other paths it may be empty or split
                b.alt_seg = buf_pos();
            }
            return;
        }
        mark_expansion(b, in_dq, false);
    }

    bool enter() noexcept {
        if (depth_ + 1 > limits::max_depth) return fail(incomplete_reason::too_deep);
        ++depth_;
        return true;
    }
    void leave() noexcept { --depth_; }

    // `$` at the current position.
    bool dollar(word_state& b, bool in_dq) noexcept {
        advance();  // '$'
        const int n = peek();
        if (n == '(') {
            if (peek2() == '(' && arith_ahead()) {
                advance();
                advance();
                mark_expansion(b, in_dq, false);
                b.subst = true;
                const bool ok = arith_body(true);
                b.seg = buf_pos();
                return ok;
            }
            const bool fallback = peek2() == '(';  // `$((` that is not arithmetic: bash re-reads it oddly
            advance();
            if (arith_ > 0) untrusted_ = evaluates_ = true;  // command output evaluated as arithmetic
            mark_expansion(b, in_dq, false);
            b.subst = true;
            if (fallback) ++fallback_;
            const bool ok = nested_list(op::rparen, origin::command_substitution);
            if (fallback) --fallback_;
            b.seg = buf_pos();
            return ok;
        }
        if (n == '{') {
            advance();
            return parameter_expansion(b, in_dq);
        }
        if (n == '[') {
            advance();
            mark_expansion(b, in_dq, false);
            const bool ok = arith_body(false);
            b.seg = buf_pos();
            return ok;
        }
        if (n >= 0 && is_name_start(n)) {
            const std::size_t from = src_->pos;
            std::size_t to = from;
            bool contiguous = true;
            while (true) {
                const std::size_t p0 = src_->pos;
                const int c = peek();
                if (src_->pos != p0) contiguous = false;
                if (c < 0 || !is_name_char(c)) break;
                advance();
                to = src_->pos;
            }
            if (arith_ > 0) evaluates_ = true;
            if (bash_text_variable(src_->text.substr(from, to - from))) untrusted_ = true;
            if (!contiguous) {
                mark_expansion(b, in_dq, false);
                return true;
            }
            substitute(b, src_->text.substr(from, to - from), in_dq);
            return true;
        }
        if (n >= 0 && (is_digit(n) || n == '@' || n == '*' || n == '#' || n == '?' || n == '-' || n == '$' ||
                       n == '!' || n == '_')) {
            if (arith_ > 0 && (is_digit(n) || n == '@' || n == '*' || n == '_')) untrusted_ = evaluates_ = true;
            advance();
            mark_expansion(b, in_dq, n == '@' || n == '*');
            return true;
        }
        if (!in_dq && n == '\'') {
            advance();
            if (!ansi_c_quoted(b)) return false;
            if (posix_ > 0) mark_expansion(b, true, false);  // a POSIX sh reads `$` then a quoted string
            return true;
        }
        if (!in_dq && n == '"') {
            advance();
            return double_quoted(b, true);
        }
        // a lone '$'
        if (in_dq) quoted_char(b, '$');
        else lit_char(b, '$');
        return true;
    }

    static constexpr bool plain_alternative_char(char c, bool first) noexcept {
        const int ch = static_cast<unsigned char>(c);
        return is_name_char(ch) || c == '.' || c == '/' || c == '-' || c == '+' || c == '@' || c == '%' || c == ',' ||
               c == ':' || (first && c == '~');
    }
    // `${NAME-WORD}`, `${NAME:-WORD}`, `${NAME+WORD}`, `${NAME:+WORD}` at the operator, NAME unknown
    // here: a WORD written as plain text is the value on some paths, NAME's unknown value (or
    // nothing) on others. The word is then lit-or-opaque, so that deny and ask rules see WORD
    // (`cat ${f:-.env}`, `${CC:-rm} -rf x`). False (nothing consumed) for any other WORD.
    bool alternative_word(word_state& b, std::string_view name, bool in_dq) noexcept {
        if (arith_ > 0 || in_loop_list_ || b.lit_or_opaque || start_folder(name) || lookup(name) != nullptr)
            return false;  // (one alternative per word: two would make values this word cannot hold)
        const source& s = *src_;
        const std::size_t from = s.pos + (s.text[s.pos] == ':' ? 2 : 1);
        std::size_t p = from;
        while (p < s.end && plain_alternative_char(s.text[p], p == from)) ++p;
        if (p == from || p >= s.end || s.text[p] != '}') return false;
        const std::string_view value = s.text.substr(from, p - from);
        if (value[0] == '~' && !in_dq && b.len != 0) return false;  // bash expands it inside a word too
        rewritten(b);
        if (value[0] == '~' && !in_dq) b.tilde = true;
        b.len += value.size();
        put(value);
        b.lit_or_opaque = true;
        if (!in_dq) b.may_split = true;
        b.seg = b.alt_seg = buf_pos();
        src_->pos = p + 1;
        return true;
    }

    // ${...}: the `${` has been consumed.
    bool parameter_expansion(word_state& b, bool in_dq) noexcept {
        // simple ${NAME}
        {
            const std::size_t save = src_->pos;
            const std::size_t from = src_->pos;
            std::size_t to = from;
            bool contiguous = true;
            int c = peek();
            if (src_->pos != from) contiguous = false;
            if (c >= 0 && is_name_start(c)) {
                while (c >= 0 && is_name_char(c)) {
                    advance();
                    to = src_->pos;
                    const std::size_t p0 = src_->pos;
                    c = peek();
                    if (src_->pos != p0) contiguous = false;
                }
                if (bash_text_variable(src_->text.substr(from, to - from))) untrusted_ = true;
                if (c == '}' && contiguous) {
                    advance();
                    if (arith_ > 0) evaluates_ = true;
                    substitute(b, src_->text.substr(from, to - from), in_dq);
                    return true;
                }
                if (contiguous && (c == '-' || c == '+' || (c == ':' && (peek2() == '-' || peek2() == '+'))) &&
                    alternative_word(b, src_->text.substr(from, to - from), in_dq))
                    return true;
                if (c == '=' || (c == ':' && peek2() == '=')) {
                    kill_constants();
                    untrusted_ = true;  // `${x:=...}` assigns text this scan does not keep (see `evaluates_`)
                }
            }
            src_->pos = save;
        }
        if (!enter()) return false;
        const std::size_t open_at = src_->pos;
        {
            // Places that evaluate a value: `${!x}` (the value names a variable, maybe `a[$(cmd)]`),
            // subscripts and `${x:offset:length}` (arithmetic), `${x@P}` (prompt expansion runs
            // `$(...)`). Positional parameters in arithmetic are values the text does not set.
            const int first = peek();
            if (first == '!') evaluates_ = true;
            {
                std::size_t p = src_->pos + ((first == '!' || first == '#') ? 1 : 0);
                const std::size_t from = p;
                while (p < src_->end && is_name_char(static_cast<unsigned char>(src_->text[p]))) ++p;
                if (bash_text_variable(src_->text.substr(from, p - from))) untrusted_ = true;
            }
            if (arith_ > 0 && first >= 0 && (is_digit(first) || first == '@' || first == '*'))
                untrusted_ = evaluates_ = true;
        }
        bool splits = false;
        int braces = 0;
        int subscript = 0;       // inside `[...]`
        bool offset = false;     // after the `:` of `${x:offset:length}`
        bool arithmetic = false;  // a subscript, an offset or `@P`: evaluated
        // Inside double quotes (and unquoted here-documents) bash keeps the single quotes of
        // `"${x:-'...'}"` and expands what they hold: `$(...)` in them runs. They still hide braces
        // from the matching `}`. Taken so for every operator (bash honours them in patterns such as
        // `${x%'...'}`, where reporting the substitution only over-approximates).
        bool kept_quote = false;
        for (;;) {
            if (stop_) return false;
            const int c = peek();
            if (c < 0) return fail(incomplete_reason::syntax);
            if (kept_quote && c != '\'' && c != '$' && c != '`') {
                advance();
                continue;
            }
            if (c == '}') {
                advance();
                if (braces == 0) break;
                --braces;
                continue;
            }
            if (c == '{') {
                ++braces;
                advance();
                continue;
            }
            if (c == '@') splits = true;
            if (c == '[' || (c == '@' && peek2() == 'P') ||
                (c == ':' && peek2() != '-' && peek2() != '=' && peek2() != '?' && peek2() != '+')) {
                evaluates_ = arithmetic = true;
                if (c == '[') ++subscript;
                if (c == ':') offset = true;
            }
            if (c == ']' && subscript > 0) --subscript;
            if (c == '=') untrusted_ = true;  // `${a[0]:=...}`: an assignment of text the scan does not keep
            if (c == '\\') {
                advance();
                if (peek() >= 0) advance();
                continue;
            }
            if (c == '\'' && in_dq) {
                advance();
                kept_quote = !kept_quote;
                continue;
            }
            if (c == '\'') {  // what a subscript or an offset holds is evaluated: `${a['$(cmd)']}`
                if (!skip_single_quoted(subscript > 0 || offset)) return false;
                continue;
            }
            if (c == '"') {
                advance();
                word_state tmp;
                if (!double_quoted(tmp, false)) return false;
                b.subst = b.subst || tmp.subst;
                continue;
            }
            if (c == '$') {
                if ((subscript > 0 || offset) && peek2() == '\'') {
                    if (!escaped_data()) return false;
                    continue;
                }
                word_state tmp;
                if (!dollar(tmp, true)) return false;
                b.subst = b.subst || tmp.subst;
                // command output in a subscript or an offset is evaluated: `${x[$(echo 'a[$(cmd)]')]}`
                if (tmp.subst && (subscript > 0 || offset)) untrusted_ = true;
                continue;
            }
            if (c == '`') {
                word_state tmp;
                if (!backtick(tmp, true)) return false;
                b.subst = true;
                if (subscript > 0 || offset) untrusted_ = true;
                continue;
            }
            advance();
        }
        const std::string_view expansion = src_->text.substr(open_at, src_->pos - open_at);
        if (arithmetic) arithmetic_names(expansion);                         // `${a[PATH=0]}`, `${x:HOME=1}`, `${a[_]}`
        else if (mentions_bash_text_variable(expansion)) untrusted_ = true;  // `${!_}`
        leave();
        mark_expansion(b, in_dq, splits);
        return true;
    }

    // Looks ahead from `$((` / `((` (current position at the first '(') without side effects:
    // true when the matching close is `))`, i.e. an arithmetic expression.
    bool arith_ahead() noexcept {
        source& s = *src_;
        skip_lc();
        std::size_t p = next_pos(next_pos(s.pos));  // after the second '('
        int depth = 0;
        while (p < s.end) {
            const char c = s.text[p];
            if (c == '\\') {
                p = next_pos(next_pos(p));
                continue;
            }
            if (c == '\'') {
                const std::size_t q = s.text.substr(0, s.end).find('\'', p + 1);
                if (q == std::string_view::npos) return false;
                p = next_pos(q);
                continue;
            }
            if (c == '"') {
                std::size_t q = p + 1;
                while (q < s.end && s.text[q] != '"') q += s.text[q] == '\\' ? std::size_t{2} : std::size_t{1};
                if (q >= s.end) return false;
                p = next_pos(q);
                continue;
            }
            if (c == '(') ++depth;
            if (c == ')') {
                if (depth == 0) {
                    const std::size_t q = next_pos(p);
                    return q < s.end && s.text[q] == ')';
                }
                --depth;
            }
            p = next_pos(p);
        }
        return false;
    }

    // The body of `$((...))`, `((...))` (close = "))") or `$[...]` (close = "]"): expansions are
    // processed as in double quotes. The opening has been consumed.
    bool arith_body(bool parens) noexcept {
        if (!enter()) return false;
        const std::size_t body = src_->pos;
        int depth = 0;
        for (;;) {
            if (stop_) return false;
            const int c = peek();
            if (c < 0) return fail(incomplete_reason::syntax);
            if (parens) {
                if (c == '(') ++depth;
                if (c == ')') {
                    if (depth == 0) {
                        advance();
                        if (peek() != ')') return fail(incomplete_reason::syntax);
                        advance();
                        break;
                    }
                    --depth;
                }
            } else {
                if (c == '[') ++depth;
                if (c == ']') {
                    if (depth == 0) {
                        advance();
                        break;
                    }
                    --depth;
                }
            }
            if (c == '\\') {  // `\$(cmd)` becomes `$(cmd)`, which a subscript then runs
                untrusted_ = evaluates_ = true;
                advance();
                if (peek() >= 0) advance();
                continue;
            }
            if (c == '\'') {
                if (!skip_single_quoted(true)) return false;
                continue;
            }
            if (c == '"') {
                advance();
                word_state tmp;
                const std::size_t keep = buf_pos();
                if (!double_quoted(tmp, false)) return false;
                const std::string_view v = buf_view(keep, buf_pos());
                if (v.find_first_of("$`") != std::string_view::npos) untrusted_ = evaluates_ = true;
                continue;
            }
            if (c == '$') {
                if (peek2() == '\'') {
                    if (!escaped_data()) return false;
                    continue;
                }
                word_state tmp;
                ++arith_;
                const bool ok = dollar(tmp, true);
                --arith_;
                if (!ok) return false;
                continue;
            }
            if (c == '`') {
                untrusted_ = evaluates_ = true;  // command output evaluated as arithmetic
                word_state tmp;
                if (!backtick(tmp, true)) return false;
                continue;
            }
            if (c == '=' ) kill_constants();  // assignments inside arithmetic
            if (is_name_start(c)) evaluates_ = true;  // a variable whose value is evaluated
            advance();
        }
        if (body < src_->pos) arithmetic_names(src_->text.substr(body, src_->pos - body));
        leave();
        return true;
    }

    // `$'...'` inside a subscript, an offset or arithmetic (current position at the `$`): bash
    // evaluates what the escapes spell (`$'\x24(cmd)'` is `$(cmd)`, `$'\x60cmd\x60'` is `cmd`
    // in backquotes): the decoded text is scanned as data, and the value counts as unknown.
    bool escaped_data() noexcept {
        untrusted_ = evaluates_ = true;
        const std::size_t at = src_->pos;
        advance();
        advance();
        word_state tmp;
        const std::size_t keep = buf_pos();
        if (!ansi_c_quoted(tmp)) return false;
        scan_data(buf_view(tmp.buffered ? tmp.value_start : keep, buf_pos()), pos_out(at), pos_out_end(src_->pos));
        return !stop_;
    }

    // Skips a single-quoted string inside `${...}` or an arithmetic context (current position at
    // the quote). With `data`, bash may evaluate what it holds (`$(( 'a[$(cmd)]' ))`,
    // `${a['$(cmd)']}`), so its substitutions are reported as data (S6.2).
    bool skip_single_quoted(bool data) noexcept {
        const std::size_t open = src_->pos;
        advance();
        word_state tmp;
        const std::size_t keep = buf_pos();
        if (!single_quoted(tmp)) return false;
        a_.text_used_ = keep;
        if (!data) return true;
        const std::size_t close = src_->pos - 1;
        scan_data(src_->text.substr(open + 1, close - open - 1), pos_out(open), pos_out_end(src_->pos));
        return !stop_;
    }

    // `...` at the current position: the body is unescaped into the buffer and parsed as a script.
    bool backtick(word_state& b, bool in_dq) noexcept {
        const std::size_t word_begin = src_->pos;
        advance();
        const std::size_t from = buf_pos();
        for (;;) {
            if (stop_) return false;
            const int c = peek();
            if (c < 0) return fail(incomplete_reason::syntax);
            advance();
            if (c == '`') break;
            if (c == '\\') {
                const int n = peek();
                if (n == '$' || n == '`' || n == '\\' || (in_dq && n == '"')) {
                    advance();
                    if (!put(static_cast<char>(n))) return false;
                    continue;
                }
            }
            if (!put(static_cast<char>(c))) return false;
        }
        const std::string_view body = buf_view(from, buf_pos());
        mark_expansion(b, in_dq, false);
        b.subst = true;
        const bool ok = nested_script(body, pos_out(word_begin), pos_out_end(src_->pos), origin::backtick, true, -1);
        b.seg = buf_pos();
        return ok;
    }

    bool process_substitution(word_state& b) noexcept {
        advance();  // < or >
        advance();  // (
        mark_expansion(b, true, false);
        b.subst = true;
        const bool ok = nested_list(op::rparen, origin::process_substitution);
        b.seg = buf_pos();
        return ok;
    }

    // NAME=( ... ): the `(` is current.
    bool array_assignment(word_state& b) noexcept {
        advance();
        mark_expansion(b, true, false);
        if (!enter()) return false;
        for (;;) {
            if (stop_) return false;
            skip_blanks_comments();
            const int c = peek();
            if (c < 0) return fail(incomplete_reason::syntax);
            if (c == '\n') {
                advance();
                continue;
            }
            if (c == ')') {
                advance();
                break;
            }
            if (is_meta(c) && !((c == '<' || c == '>') && peek2() == '(')) return fail(incomplete_reason::syntax);
            token t;
            if (!lex_word(t, 0)) return false;
            b.subst = b.subst || (t.w.flags & word_flags::substitution);
        }
        leave();
        b.seg = buf_pos();
        return true;
    }

    // ---------------------------------------------------------------- tokens
    // Skips blanks and a comment; returns the next character (`peek`).
    int skip_blanks_comments() noexcept {
        source& s = *src_;
        for (;;) {
            while (s.pos < s.end && is_blank(s.text[s.pos])) ++s.pos;  // blanks without a continuation between
            const int c = peek();
            if (is_blank(c)) {
                advance();
                continue;
            }
            if (c == '#') {
                while (s.pos < s.end && s.text[s.pos] != '\n') ++s.pos;
                continue;
            }
            return c;
        }
    }

    op lex_op() noexcept {
        const int c = peek();
        advance();
        const int n = peek();
        switch (c) {
            case ';':
                if (n == ';') {
                    advance();
                    if (peek() == '&') {
                        advance();
                        return op::dsemi_amp;
                    }
                    return op::dsemi;
                }
                if (n == '&') {
                    advance();
                    return op::semi_amp;
                }
                return op::semi;
            case '&':
                if (n == '&') {
                    advance();
                    return op::and_and;
                }
                if (n == '>') {
                    advance();
                    if (peek() == '>') {
                        advance();
                        return op::and_dgreat;
                    }
                    return op::and_great;
                }
                return op::amp;
            case '|':
                if (n == '|') {
                    advance();
                    return op::or_or;
                }
                if (n == '&') {
                    advance();
                    return op::pipe_amp;
                }
                return op::pipe;
            case '(': return op::lparen;
            case ')': return op::rparen;
            case '<':
                if (n == '<') {
                    advance();
                    const int m = peek();
                    if (m == '<') {
                        advance();
                        return op::tless;
                    }
                    if (m == '-') {
                        advance();
                        return op::dless_dash;
                    }
                    return op::dless;
                }
                if (n == '>') {
                    advance();
                    return op::lessgreat;
                }
                if (n == '&') {
                    advance();
                    return op::lessand;
                }
                return op::less;
            case '>':
                if (n == '>') {
                    advance();
                    return op::dgreat;
                }
                if (n == '|') {
                    advance();
                    return op::clobber;
                }
                if (n == '&') {
                    advance();
                    return op::greatand;
                }
                return op::great;
            default: return op::none;
        }
    }

    // Lexes the next token into `t` (the lookahead: no copy of the token on the way).
    void lex(token& t) noexcept {
        t.reset();
        const int c = skip_blanks_comments();
        t.begin = src_->pos;  // after the continuations peek skipped
        if (c < 0 || stop_) {
            t.kind = tok::eof;
            t.end = t.begin;
            return;
        }
        if (c == '\n') {
            advance();
            t.kind = tok::newline;
            t.end = src_->pos;
            read_heredocs();
            return;
        }
        if (is_meta(c) && !((c == '<' || c == '>') && peek2() == '(')) {
            t.kind = tok::oper;
            t.o = lex_op();
            t.end = src_->pos;
            return;
        }
        if (!plain_word(t) && !lex_word(t, 0)) {
            t.kind = tok::eof;
            return;
        }
        // IO number or {var} directly before a redirection operator
        const int n = peek();
        if ((n == '<' || n == '>') && peek2() != '(') {
            const std::string_view v = t.w.text;
            bool digits = t.plain && !v.empty() && v.size() <= 9;
            for (const char ch : v)
                if (!is_digit(static_cast<unsigned char>(ch))) digits = false;
            const bool var = t.plain && v.size() > 2 && v.front() == '{' && v.back() == '}' &&
                             is_name(v.substr(1, v.size() - 2));
            if (digits || var) {
                int fd = 0;
                for (const char ch : v) fd = digits ? fd * 10 + (ch - '0') : 0;
                const std::size_t begin = t.begin;
                const std::string_view fd_name = var ? v.substr(1, v.size() - 2) : std::string_view{};
                t.reset();
                t.kind = tok::oper;
                t.begin = begin;
                t.o = lex_op();
                t.end = src_->pos;
                t.fd = digits ? fd : -1;
                t.fd_var = fd_name;
                return;
            }
        }
        return;
    }

    const token& peek_tok() noexcept {
        if (!has_la_) {
            lex(la_);
            has_la_ = true;
        }
        return la_;
    }
    void drop_tok() noexcept { has_la_ = false; }  // after peek_tok: the lookahead is used up
    token take_tok() noexcept {
        peek_tok();
        drop_tok();
        return la_;
    }
    void unread(const token& t) noexcept {  // only for tokens without side effects
        has_la_ = false;
        src_->pos = t.begin;
    }

    // `w` is a reserved word: spelled so, a plain word is that word.
    bool is_reserved(const token& t, std::string_view w) const noexcept {
        return t.kind == tok::word && t.plain && t.w.text == w;
    }
    bool is_op(const token& t, op o) const noexcept { return t.kind == tok::oper && t.o == o; }

    void skip_linebreaks() noexcept {
        for (;;) {
            if (stop_) return;
            const token& t = peek_tok();
            if (t.kind != tok::newline) return;
            take_tok();
        }
    }

    // ---------------------------------------------------------------- here-documents
    bool heredoc_delimiter(pending_heredoc& h) noexcept {
        skip_blanks_comments();
        const std::size_t from = buf_pos();
        bool any = false;
        for (;;) {
            const int c = peek();
            if (c < 0 || is_meta(c)) break;
            any = true;
            advance();
            if (c == '\\') {
                h.quoted = true;
                const int n = peek();
                if (n >= 0) {
                    advance();
                    if (!put(static_cast<char>(n))) return false;
                }
                continue;
            }
            if (c == '\'') {
                h.quoted = true;
                source& s = *src_;
                const std::size_t close = s.text.substr(0, s.end).find('\'', s.pos);
                if (close == std::string_view::npos) return fail(incomplete_reason::syntax);
                if (!put(s.text.substr(s.pos, close - s.pos))) return false;
                s.pos = close + 1;
                continue;
            }
            if (c == '"') {
                h.quoted = true;
                for (;;) {
                    const int d = peek();
                    if (d < 0) return fail(incomplete_reason::syntax);
                    advance();
                    if (d == '"') break;
                    if (d == '\\') {
                        const int e = peek();
                        if (e == '"' || e == '\\' || e == '$' || e == '`') {
                            advance();
                            if (!put(static_cast<char>(e))) return false;
                            continue;
                        }
                    }
                    if (!put(static_cast<char>(d))) return false;
                }
                continue;
            }
            if (c == '$' && (peek() == '\'' || peek() == '"')) {
                h.quoted = true;
                continue;  // $'x' / $"x": the quotes are handled on the next turn
            }
            if (!put(static_cast<char>(c))) return false;
        }
        if (!any) return fail(incomplete_reason::syntax);
        h.delimiter = buf_view(from, buf_pos());
        return true;
    }

    void read_heredocs() noexcept {
        source& s = *src_;
        const std::size_t count = s.heredoc_count;
        s.heredoc_count = 0;
        for (std::size_t k = 0; k < count && !stop_; ++k) {
            const pending_heredoc h = s.heredocs[k];
            const std::size_t body_begin = s.pos;
            std::size_t body_end = s.end;
            std::size_t p = s.pos;
            bool continued = false;
            while (p < s.end) {
                std::size_t nl = s.text.substr(0, s.end).find('\n', p);
                const std::size_t line_end = nl == std::string_view::npos ? s.end : nl;
                std::string_view line = s.text.substr(p, line_end - p);
                if (h.strip_tabs)
                    while (!line.empty() && line.front() == '\t') line.remove_prefix(1);
                if (!continued && line == h.delimiter) {
                    body_end = p;
                    p = nl == std::string_view::npos ? s.end : nl + 1;
                    goto found;
                }
                if (!h.quoted) {
                    std::size_t bs = 0;
                    while (bs < line.size() && line[line.size() - 1 - bs] == '\\') ++bs;
                    continued = (bs % 2) == 1;
                }
                p = nl == std::string_view::npos ? s.end : nl + 1;
            }
            body_end = s.end;
        found:
            s.pos = p;
            if (comsub_depth_ > 0 && s.text.substr(body_begin, body_end - body_begin).find("\\\n") != std::string_view::npos) {
                // bash 5.2 loses the separator after such a body inside $(...): it runs what it was not written
                fail(incomplete_reason::unsupported);
                return;
            }
            if (h.redirect >= 0) a_.redirects_[static_cast<std::size_t>(h.redirect)].data = s.text.substr(body_begin, body_end - body_begin);
            if (!h.quoted) {
                const std::string_view body = s.text.substr(body_begin, body_end - body_begin);
                if (body.find("\\\n") == std::string_view::npos) {
                    scan_heredoc_body(body_begin, body_end);
                } else {
                    // bash joins continued lines of an unquoted body before expanding it
                    const std::size_t from = buf_pos();
                    for (std::size_t i = 0; i < body.size(); ++i) {
                        if (body[i] == '\\' && i + 1 < body.size()) {
                            if (body[i + 1] == '\n') {
                                ++i;
                                continue;
                            }
                            put(body[i]);
                            put(body[++i]);
                            continue;
                        }
                        put(body[i]);
                    }
                    if (!stop_) scan_text(buf_view(from, buf_pos()), pos_out(body_begin), pos_out_end(body_end));
                }
            }
            if (h.redirect >= 0) heredoc_ready(h.redirect);
        }
    }

    // Finds the substitutions of an unquoted here-document body (as in double quotes, `"` literal).
    void scan_heredoc_body(std::size_t begin, std::size_t end) noexcept {
        source& s = *src_;
        const std::size_t save_pos = s.pos;
        const std::size_t save_end = s.end;
        s.pos = begin;
        s.end = end;
        const origin save_origin = ctx_origin_;
        ctx_origin_ = origin::heredoc;
        while (!stop_) {
            const int c = peek();
            if (c < 0) break;
            if (c == '\\') {
                advance();
                if (peek() >= 0) advance();
                continue;
            }
            word_state tmp;
            if (c == '$') {
                if (!dollar(tmp, true)) break;
                continue;
            }
            if (c == '`') {
                if (!backtick(tmp, true)) break;
                continue;
            }
            advance();
        }
        ctx_origin_ = save_origin;
        s.end = save_end;
        s.pos = save_pos;
    }

    // Scans a text of its own (a joined here-document body) as a here-document body.
    void scan_text(std::string_view text, std::uint32_t begin, std::uint32_t end) noexcept {
        if (!enter()) return;
        source s(text);
        s.mapped = false;
        s.outer_begin = begin;
        s.outer_end = end;
        source* save = src_;
        const bool save_la = has_la_;
        const token save_tok = la_;
        has_la_ = false;
        src_ = &s;
        scan_heredoc_body(0, text.size());
        src_ = save;
        has_la_ = save_la;
        la_ = save_tok;
        leave();
    }

public:
    // Scans a literal value for substitutions bash may evaluate later (S6.2 "data" origin). A
    // prompt expansion (`${x@P}`) first decodes `\NNN` (octal) and `\$`, which may spell `$(` or a
    // backquote: a value holding such escapes is also scanned as decoded.
    void scan_data(std::string_view text, std::uint32_t begin, std::uint32_t end, bool decoded = false) noexcept {
        if (!decoded && text.find('\\') != std::string_view::npos) {
            const std::size_t keep = buf_pos();
            bool changed = false;
            for (std::size_t i = 0; i < text.size() && !stop_; ++i) {
                const char c = text[i];
                if (c != '\\' || i + 1 == text.size()) {
                    put(c);
                    continue;
                }
                const char e = text[i + 1];
                if (e >= '0' && e <= '7') {
                    unsigned v = 0;
                    std::size_t k = i + 1;
                    for (; k < text.size() && k < i + 4 && text[k] >= '0' && text[k] <= '7'; ++k)
                        v = v * 8 + static_cast<unsigned>(text[k] - '0');
                    put(static_cast<char>(v & 0xFF));
                    i = k - 1;
                    changed = true;
                } else if (e == '$' || e == '\\') {
                    put(e);
                    ++i;
                    changed = changed || e == '$';
                } else {
                    put(c);
                }
            }
            if (changed && !stop_) scan_data(buf_view(keep, buf_pos()), begin, end, true);
            if (stop_) return;
        }
        if (text.find("$(") == std::string_view::npos && text.find('`') == std::string_view::npos &&
            text.find("${") == std::string_view::npos)
            return;
        if (!enter()) return;
        source s(text);
        s.mapped = false;
        s.outer_begin = begin;
        s.outer_end = end;
        source* save = src_;
        const bool save_la = has_la_;
        const token save_tok = la_;
        has_la_ = false;
        src_ = &s;
        const origin save_origin = ctx_origin_;
        scope_mark m = mark_scope();
        barrier();
        scan_heredoc_body(0, text.size());
        ctx_origin_ = save_origin;
        restore_scope(m);
        src_ = save;
        has_la_ = save_la;
        la_ = save_tok;
        leave();
    }

private:
    // ---------------------------------------------------------------- scopes
    struct scope_mark {
        std::size_t consts;
        std::uint16_t cwd;
        bool after_unsafe;
    };
    scope_mark mark_scope() const noexcept { return {const_count_, cwd_, after_unsafe_}; }
    void restore_scope(const scope_mark& m) noexcept {
        const_count_ = m.consts;
        cwd_ = m.cwd;
        after_unsafe_ = m.after_unsafe;
    }
    void push_const(std::string_view name, std::string_view value, unsigned char kind) noexcept {
        if (start_folder(name)) start_values_changed_ = true;
        if (const_count_ >= consts_.size()) {
            prop_off_ = true;
            return;
        }
        consts_[const_count_++] = constant{name, value, kind};
    }
    void barrier() noexcept { push_const({}, {}, 3); }
    void kill_constants() noexcept {  // any variable may have changed
        start_values_changed_ = true;
        barrier();
    }
    // Ends a region whose assignments happen zero or more times (loop, function body, trap):
    // forgets what it set, and everything if it forgot everything.
    void end_region(std::size_t mark) noexcept {
        bool clear = false;
        std::array<std::string_view, 32> names{};
        std::size_t n = 0;
        for (std::size_t i = mark + 1; i < const_count_; ++i) {
            if (consts_[i].kind == 3) {
                clear = true;
                continue;
            }
            if (n < names.size()) names[n++] = consts_[i].name;
            else clear = true;
        }
        const_count_ = mark;
        if (clear) {
            barrier();
            return;
        }
        for (std::size_t i = 0; i < n; ++i) push_const(names[i], {}, 2);
    }
    void set_cwd_unknown() noexcept { cwd_ = 1; }
    // A variable builtin (`read`, `printf -v`, `declare`, `export`, ...) that may assign a variable
    // changing what later commands run: a never-safe name of S6.6 (PATH, LD_*, IFS, ...) or a
    // name known only at run time. Later commands are then not allowable, as after `PATH=x`.
    static bool may_assign_never_safe(std::string_view name, std::span<const word> argv, std::uint32_t argc) noexcept {
        const auto never = [](std::string_view t) noexcept {
            const std::size_t end = t.find_first_of("=[+");
            return detail::name_in_list(t.substr(0, end), never_safe_assignments);
        };
        if (same_text(name, "printf")) {  // only `-v NAME` (or `-vNAME`) assigns
            for (std::uint32_t i = 1; i < argc; ++i) {
                if (!argv[i].literal()) continue;
                const std::string_view t = argv[i].text;
                if (same_text(t, "--")) break;
                if (same_text(t, "-v")) return i + 1 >= argc || !argv[i + 1].literal() || never(argv[i + 1].text);
                if (t.size() > 2 && t[0] == '-' && t[1] == 'v') return never(t.substr(2));
                if (t.empty() || t[0] != '-') break;
            }
            return false;
        }
        if (same_text(name, "declare") || same_text(name, "typeset") || same_text(name, "local") ||
            same_text(name, "export") || same_text(name, "readonly") || same_text(name, "read") ||
            same_text(name, "mapfile") || same_text(name, "readarray") || same_text(name, "getopts") ||
            same_text(name, "let")) {
            for (std::uint32_t i = 1; i < argc; ++i) {
                if (!argv[i].literal()) return true;
                const std::string_view t = argv[i].text;
                if (!t.empty() && t[0] != '-' && never(t)) return true;
            }
        }
        return false;
    }
    // Variables bash sets from text a command chooses: the last argument (`$_`), the directory a
    // `cd` entered, what `read`, `mapfile`, `getopts` or `[[ =~ ]]` stored, ... (see `untrusted_`).
    static bool bash_text_variable(std::string_view name) noexcept {
        if (name.empty()) return false;
        switch (name[0]) {  // most names are ruled out by their first letter
            case '_': return name.size() == 1;
            case 'P': return same_text(name, "PWD");
            case 'O': return same_text(name, "OLDPWD") || same_text(name, "OPTARG");
            case 'D': return same_text(name, "DIRSTACK");
            case 'R': return same_text(name, "REPLY") || same_text(name, "READLINE_LINE");
            case 'M': return same_text(name, "MAPFILE");
            case 'C': return same_text(name, "COPROC");
            case 'F': return same_text(name, "FUNCNAME");
            case 'B':
                return same_text(name, "BASH_REMATCH") || same_text(name, "BASH_ARGV") ||
                       same_text(name, "BASH_COMMAND") || same_text(name, "BASH_EXECUTION_STRING") ||
                       same_text(name, "BASH_SOURCE");
            default: return false;
        }
    }
    // True when `text` names one of those variables (as an identifier, in any position).
    static bool mentions_bash_text_variable(std::string_view text) noexcept {
        for (std::size_t i = 0; i < text.size();) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (!is_name_char(c)) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && is_name_char(static_cast<unsigned char>(text[j]))) ++j;
            if (!is_digit(c) && bash_text_variable(text.substr(i, j - i))) return true;
            i = j;
        }
        return false;
    }
    // Arithmetic assigns variables (`(( PATH = 0 ))`, `$[HOME++]`, `[[ 1 -eq PATH=0 ]]`,
    // `let 'IFS = 1'`, `${a[CDPATH=x]}`) and evaluates the known values of the names it reads as
    // expressions in turn (`x=PATH=0; (( x ))`). As for the variable builtins and loop variables,
    // the assignment of a never-safe name of S6.6 makes the commands from here on not allowable;
    // any assigned variable's value becomes unknown. A variable bash sets from text the command
    // chooses (`bash_text_variable`) in the text is an unknown value (`untrusted_`), as are the
    // values the scan does not know already.
    void arithmetic_names(std::string_view text, int depth = 0) noexcept {
        const auto blank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; };
        for (std::size_t i = 0; i < text.size();) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (!is_name_char(c)) {
                ++i;
                continue;
            }
            const std::size_t from = i;
            while (i < text.size() && is_name_char(static_cast<unsigned char>(text[i]))) ++i;
            if (is_digit(c)) continue;  // a number (`0x1f`, `16#ff`)
            const std::string_view name = text.substr(from, i - from);
            if (depth == 0 && bash_text_variable(name)) untrusted_ = true;  // `(( _ ))`, `${a[REPLY]}`
            std::size_t j = i;  // what follows the name, after blanks and a subscript
            while (j < text.size() && blank(text[j])) ++j;
            if (j < text.size() && text[j] == '[') {
                for (int open = 0; j < text.size(); ++j) {
                    if (text[j] == '[') ++open;
                    if (text[j] == ']' && --open == 0) break;
                }
                ++j;
                while (j < text.size() && blank(text[j])) ++j;
            }
            const std::string_view after = j < text.size() ? text.substr(j) : std::string_view{};
            std::size_t k = from;  // what precedes it, before blanks
            while (k > 0 && blank(text[k - 1])) --k;
            if (arithmetic_assigns(text.substr(0, k), after)) {
                assigned_unknown(name);
                continue;
            }
            if (const constant* v = lookup(name)) {
                if (depth >= 8) {
                    after_unsafe_ = true;  // a chain of names this deep: taken as assigning anything
                    return;
                }
                arithmetic_names(v->value, depth + 1);
            }
        }
    }
    // Does an arithmetic operator around a name assign it? `before` is the text before the name,
    // `after` the text after it (and its subscript), both without the blanks next to the name:
    // `=` (not `==`), `OP=`, `<<=`, `>>=`, `++` or `--` on either side.
    static bool arithmetic_assigns(std::string_view before, std::string_view after) noexcept {
        const std::string_view next2 = after.substr(0, 2);
        const std::string_view last2 = before.size() >= 2 ? before.substr(before.size() - 2) : std::string_view{};
        const bool op_equals = after.size() >= 2 && after[1] == '=' &&
                               std::string_view("+-*/%&|^").find(after[0]) != std::string_view::npos;
        const bool shift_equals =
            after.size() >= 3 && after[2] == '=' && (same_text(next2, "<<") || same_text(next2, ">>"));
        return (!after.empty() && after[0] == '=' && !same_text(next2, "==")) || op_equals || shift_equals ||
               same_text(next2, "++") || same_text(next2, "--") || same_text(last2, "++") || same_text(last2, "--");
    }
    // A variable set to a value the scan does not compute (arithmetic, a loop, a `{NAME}`
    // redirection): its value is unknown from here on, and a never-safe name of S6.6 makes the
    // commands that follow not allowable, as after `PATH=x`.
    void assigned_unknown(std::string_view name) noexcept {
        push_const(name, {}, 2);
        if (detail::name_in_list(name, never_safe_assignments)) after_unsafe_ = true;
    }
    // `NAME=$((...))` (the raw assignment word): the value is a number whatever the operands.
    static bool arithmetic_value(std::string_view raw) noexcept {
        const std::size_t eq = raw.find('=');
        if (eq == std::string_view::npos) return false;
        const std::string_view v = raw.substr(eq + 1);
        if (v.size() < 5 || !same_text(v.substr(0, 3), "$((") || !same_text(v.substr(v.size() - 2), "))")) return false;
        for (std::size_t i = 3; i < v.size(); ++i) {
            const char c = v[i];
            if (c == '`' || c == '\\' || c == '\'' || c == '"' || (c == '$' && i + 1 < v.size() && v[i + 1] == '('))
                return false;
        }
        return true;
    }
    // A raw word `NAME=...` or `NAME+=...` whose name is written literally.
    static bool literal_name_assignment(std::string_view raw) noexcept {
        std::size_t i = 0;
        while (i < raw.size() && (i == 0 ? is_name_start(static_cast<unsigned char>(raw[i]))
                                          : is_name_char(static_cast<unsigned char>(raw[i]))))
            ++i;
        return i > 0 && i < raw.size() && (raw[i] == '=' || (raw[i] == '+' && i + 1 < raw.size() && raw[i + 1] == '='));
    }
    // What a variable builtin, `test` or `[` lets into variables and evaluates (see `evaluates_`).
    void note_evaluation(std::string_view name, std::span<const word> argv, std::uint32_t argc) noexcept {
        if (same_text(name, "read") || same_text(name, "mapfile") || same_text(name, "readarray") ||
            same_text(name, "getopts"))
            untrusted_ = true;
        if (same_text(name, "let")) evaluates_ = true;
        const bool test = same_text(name, "test") || same_text(name, "[");
        const bool declares = same_text(name, "declare") || same_text(name, "typeset") || same_text(name, "local");
        // builtins whose operands are variable names or NAME=VALUE (`source`, `wait`, `shopt` are not)
        bool assigns = declares || same_text(name, "export") || same_text(name, "readonly") ||
                       same_text(name, "read") || same_text(name, "mapfile") || same_text(name, "readarray") ||
                       same_text(name, "let") || same_text(name, "unset") || same_text(name, "getopts") ||
                       same_text(name, "set");
        for (std::uint32_t i = 1; i < argc; ++i) {
            const word& w = argv[i];
            const std::string_view t = w.text;
            if (mentions_bash_text_variable(t)) untrusted_ = true;  // `test -v a[_]`, `declare -i n=_`
            if (w.literal()) {
                if (test && same_text(t, "-v")) evaluates_ = true;  // the operand names a variable, maybe `a[$(cmd)]`
                if (declares && t.size() > 1 && t[0] == '-' && t.find_first_of("in") != std::string_view::npos) {
                    evaluates_ = true;  // `-i`: assignments are arithmetic; `-n`: a name reference
                    // `declare -n LANG=PATH; LANG=0`: an assignment may set any variable
                    if (t.find('n') != std::string_view::npos) after_unsafe_ = true;
                    // `declare -i LANG; LANG=PATH=0`: values of assignments are arithmetic from here on
                    if (t.find('i') != std::string_view::npos) integer_values_ = true;
                }
                if (same_text(name, "let")) arithmetic_names(t);  // `let 'PATH = 0'`, `let x=HOME++`
                if (assigns && integer_values_ && t.find('=') != std::string_view::npos)
                    arithmetic_names(t.substr(t.find('=') + 1));
                if (same_text(name, "printf") && t.size() > 1 && t[0] == '-' && t[1] == 'v') {
                    assigns = true;
                    untrusted_ = true;  // the value is the format's output (`\x24(cmd)` becomes `$(cmd)`)
                }
                if (assigns && t.find('[') != std::string_view::npos) evaluates_ = true;  // a subscripted name
                continue;
            }
            if (!assigns) continue;
            untrusted_ = true;  // a value the text does not know
            if (!literal_name_assignment(a_.text_.substr(w.begin, w.end - w.begin)))
                evaluates_ = true;  // a name known only at run time (`read "$v"`, `printf -v "$n"`)
        }
    }
    // After a branch, `&&` or `||` that may or may not have run a `cd`: the directory is that `cd`'s
    // target or the one before it, which a literal `cd` entry (it may fail) already says when it is
    // the only `cd` on the way. Anything else is unknown. (Not for loops: a `cd` may run twice.)
    void merge_cwd(std::uint16_t before) noexcept {
        if (cwd_ == before) return;
        const working_directory& w = a_.cwds_[cwd_];
        if (cwd_ > 1 && w.known && w.may_fail && w.parent == static_cast<std::int32_t>(before)) return;
        set_cwd_unknown();
    }
    void new_cwd(std::string_view dir) noexcept {
        if (a_.cwd_count_ >= a_.cwds_.size()) {
            set_cwd_unknown();
            return;
        }
        a_.cwds_[a_.cwd_count_] = working_directory{dir, cwd_, true, true};
        cwd_ = static_cast<std::uint16_t>(a_.cwd_count_++);
        last_cd_cwd_ = cwd_;
    }

    // ---------------------------------------------------------------- nested parsing
    // A list inside the current source, ended by `close` (the `$(`, `<(` or `(` was consumed).
    bool nested_list(op close, origin via) noexcept {
        if (!enter()) return false;
        const bool save_la = has_la_;
        const token save_tok = la_;
        has_la_ = false;
        const origin save_origin = ctx_origin_;
        ctx_origin_ = via;
        const scope_mark m = mark_scope();
        ++comsub_depth_;
        parse_list();
        if (!stop_) {
            const token t = take_tok();
            if (!is_op(t, close)) fail(incomplete_reason::syntax);
        }
        --comsub_depth_;
        restore_scope(m);
        ctx_origin_ = save_origin;
        has_la_ = save_la;
        la_ = save_tok;
        leave();
        return !stop_;
    }

public:
    // A script in its own text (backticks, eval, sh -c, trap, ...). `subshell`: its assignments and
    // `cd` do not outlive it. `parent` is the command that runs it (or -1).
    bool nested_script(std::string_view text, std::uint32_t begin, std::uint32_t end, origin via, bool subshell,
                       std::int32_t parent, bool fresh_constants = false, bool deny_only = false,
                       bool posix = false) noexcept {
        if (!enter()) return false;
        source s(text);
        const char* base = a_.text_.data();
        if (text.data() >= base && text.data() + text.size() <= base + a_.text_.size()) {
            s.mapped = true;
            s.offset = u32(static_cast<std::size_t>(text.data() - base));
        } else {
            s.mapped = false;
            s.outer_begin = begin;
            s.outer_end = end;
        }
        source* save = src_;
        const bool save_la = has_la_;
        const token save_tok = la_;
        has_la_ = false;
        src_ = &s;
        const origin save_origin = ctx_origin_;
        const std::int32_t save_parent = ctx_parent_;
        const bool save_deny = ctx_deny_only_;
        ctx_origin_ = via;
        if (parent >= 0) ctx_parent_ = parent;
        ctx_deny_only_ = ctx_deny_only_ || deny_only;
        const scope_mark m = mark_scope();
        if (fresh_constants) barrier();
        if (posix) ++posix_;
        parse_script();
        if (posix) --posix_;
        if (subshell) restore_scope(m);
        ctx_origin_ = save_origin;
        ctx_parent_ = save_parent;
        ctx_deny_only_ = save_deny;
        src_ = save;
        has_la_ = save_la;
        la_ = save_tok;
        leave();
        return !stop_;
    }

private:
    // ---------------------------------------------------------------- grammar
    void parse_script() noexcept {
        parse_list();
        if (stop_) return;
        const token& t = peek_tok();
        if (t.kind != tok::eof) fail(incomplete_reason::syntax);
    }

    bool at_list_end() noexcept {
        const token& t = peek_tok();
        if (t.kind == tok::eof) return true;
        if (t.kind == tok::oper)
            return t.o == op::rparen || t.o == op::dsemi || t.o == op::semi_amp || t.o == op::dsemi_amp;
        if (t.kind == tok::word && t.plain) {  // the words below are reserved words: no need to ask
            const std::string_view w = t.w.text;
            return same_text(w, "then") || same_text(w, "elif") || same_text(w, "else") || same_text(w, "fi") ||
                   same_text(w, "do") || same_text(w, "done") || same_text(w, "esac") || same_text(w, "}");
        }
        return false;
    }

    void parse_list() noexcept {
        for (;;) {
            if (stop_) return;
            skip_linebreaks();
            if (stop_ || at_list_end()) return;
            if (!parse_and_or()) return;
        }
    }

    // Returns false when the list must end (no separator followed).
    bool parse_and_or() noexcept {
        const scope_mark before = mark_scope();
        last_cd_cwd_ = -1;
        parse_pipeline();
        const std::uint16_t cwd_after_first = cwd_;
        bool chained = false;
        std::int32_t sure = -1;  // `cd x && ...`: within the chain the cd has succeeded
        const unsigned cond_save = cond_;
        for (;;) {
            if (stop_) return false;
            const token& t = peek_tok();
            if (is_op(t, op::and_and) || is_op(t, op::or_or)) {
                if (is_op(t, op::and_and) && last_cd_cwd_ >= 0 && !chained && cwd_ == last_cd_cwd_ &&
                    a_.cwd_count_ < a_.cwds_.size()) {
                    a_.cwds_[a_.cwd_count_] = a_.cwds_[static_cast<std::size_t>(last_cd_cwd_)];
                    a_.cwds_[a_.cwd_count_].may_fail = false;
                    cwd_ = static_cast<std::uint16_t>(a_.cwd_count_++);
                    sure = cwd_;
                }
                take_tok();
                chained = true;
                ++cond_;
                skip_linebreaks();
                parse_pipeline();
                continue;
            }
            break;
        }
        cond_ = cond_save;
        if (sure >= 0 && cwd_ == sure) cwd_ = cwd_after_first;  // after the chain the cd may have failed
        else if (chained) merge_cwd(cwd_after_first);
        if (stop_) return false;
        const token& t = peek_tok();
        if (is_op(t, op::semi)) {
            take_tok();
            return true;
        }
        if (is_op(t, op::amp)) {
            take_tok();
            restore_scope(before);  // a background list runs in a subshell
            return true;
        }
        if (t.kind == tok::newline) {
            take_tok();
            return true;
        }
        if (at_list_end()) return false;
        fail(incomplete_reason::syntax);
        return false;
    }

    static bool starts_command(const token& t) noexcept {
        return t.kind == tok::word || (t.kind == tok::oper && (is_redirect_op(t.o) || t.o == op::lparen));
    }

    void parse_pipeline() noexcept {
        // `time [-p] [--]` and `!`
        bool prefixed = false;
        for (;;) {
            const token& t = peek_tok();
            if (is_reserved(t, "!")) {
                prefixed = true;
                take_tok();
                continue;
            }
            if (is_reserved(t, "time")) {
                prefixed = true;
                take_tok();
                for (;;) {
                    const token& o = peek_tok();
                    if (o.kind == tok::word && o.plain && (same_text(o.w.text, "-p") || same_text(o.w.text, "--"))) {
                        take_tok();
                        continue;
                    }
                    break;
                }
                continue;
            }
            break;
        }
        const scope_mark m = mark_scope();
        bool piped = false;
        for (;;) {
            if (stop_) return;
            {
                const token& t = peek_tok();
                const bool list_end = t.kind == tok::word && t.plain && at_list_end();
                if (!starts_command(t) || list_end) {
                    // `time` alone times nothing; anything else needs a command here
                    if (piped || !prefixed || (t.kind == tok::oper && t.o != op::semi && t.o != op::amp))
                        fail(incomplete_reason::syntax);
                    return;
                }
            }
            parse_command();
            if (stop_) return;
            const token& t = peek_tok();
            if (is_op(t, op::pipe) || is_op(t, op::pipe_amp)) {
                take_tok();
                restore_scope(m);
                piped = true;
                skip_linebreaks();
                continue;
            }
            if (piped) restore_scope(m);
            return;
        }
    }

    void parse_command() noexcept {
        if (stop_) return;
        // `((` arithmetic command
        {
            const token& t = peek_tok();
            if (is_op(t, op::lparen) && char_at(t.end) == '(' && posix_ == 0) {
                unread(t);
                if (arith_ahead()) {
                    advance();
                    advance();
                    arith_body(true);
                    parse_trailing_redirects();
                    return;
                }
                has_la_ = false;
            }
        }
        const token& t = peek_tok();
        if (is_op(t, op::lparen)) {
            take_tok();
            if (!enter()) return;
            const scope_mark m = mark_scope();
            parse_list();
            if (!stop_ && !is_op(take_tok(), op::rparen)) fail(incomplete_reason::syntax);
            restore_scope(m);
            leave();
            parse_trailing_redirects();
            return;
        }
        if (t.reserved()) {
            const std::string_view w = t.w.text;
            if (same_text(w, "!")) {  // only at the start of a pipeline
                fail(incomplete_reason::syntax);
                return;
            }
            if (same_text(w, "{")) return parse_group();
            if (same_text(w, "if")) return parse_if();
            if (same_text(w, "while") || same_text(w, "until")) return parse_while();
            if (same_text(w, "for") || same_text(w, "select")) return parse_for();
            if (same_text(w, "case")) return parse_case();
            if (same_text(w, "function")) return parse_function_keyword();
            if (same_text(w, "[[") && posix_ == 0) return parse_cond();
            if (same_text(w, "coproc")) {
                take_tok();
                const token& n = peek_tok();
                if (n.kind == tok::word && n.plain && !is_reserved(n, "{") && !is_reserved(n, "while") &&
                    !is_reserved(n, "if") && !is_reserved(n, "for") && !is_reserved(n, "until") &&
                    !is_reserved(n, "case") && !is_reserved(n, "select")) {
                    // NAME followed by a compound command, or a simple command
                    skip_lc();
                    std::size_t p = src_->pos;
                    while (p < src_->end && is_blank(static_cast<unsigned char>(src_->text[p]))) ++p;
                    if (p < src_->end && (src_->text[p] == '{' || src_->text[p] == '(')) take_tok();
                }
                return parse_command();
            }
            if (same_text(w, "then") || same_text(w, "elif") || same_text(w, "else") || same_text(w, "fi") ||
                same_text(w, "do") || same_text(w, "done") || same_text(w, "esac") || same_text(w, "}") ||
                same_text(w, "in") || same_text(w, "]]")) {
                if (!same_text(w, "in") && !same_text(w, "]]")) {
                    fail(incomplete_reason::syntax);
                    return;
                }
            }
        }
        parse_simple();
    }

    void parse_trailing_redirects() noexcept {
        const std::size_t from = a_.redirect_count_;
        for (;;) {
            if (stop_) break;
            const token& t = peek_tok();
            if (t.kind == tok::oper && is_redirect_op(t.o)) {
                const token r = take_tok();
                parse_redirect(r);
                continue;
            }
            break;
        }
        for (std::size_t i = from; i < a_.redirect_count_; ++i)
            if (a_.redirects_[i].command == -2) a_.redirects_[i].command = -1;
    }

    bool expect_reserved(std::string_view w) noexcept {
        skip_linebreaks();
        if (stop_) return false;
        const token t = take_tok();
        if (!is_reserved(t, w)) return fail(incomplete_reason::syntax);
        return true;
    }

    void parse_group() noexcept {
        take_tok();
        if (!enter()) return;
        parse_list();
        expect_reserved("}");
        leave();
        parse_trailing_redirects();
    }

    void parse_if() noexcept {
        take_tok();
        if (!enter()) return;
        const std::uint16_t cwd_before = cwd_;
        parse_list();  // condition: always runs
        ++cond_;
        if (expect_reserved("then")) {
            parse_list();
            for (;;) {
                if (stop_) break;
                skip_linebreaks();
                const token t = take_tok();
                if (is_reserved(t, "elif")) {
                    parse_list();
                    if (!expect_reserved("then")) break;
                    parse_list();
                    continue;
                }
                if (is_reserved(t, "else")) {
                    parse_list();
                    expect_reserved("fi");
                    break;
                }
                if (!is_reserved(t, "fi")) fail(incomplete_reason::syntax);
                break;
            }
        }
        --cond_;
        merge_cwd(cwd_before);
        leave();
        parse_trailing_redirects();
    }

    // A loop or function body region: assignments and cd inside do not reliably reach later code.
    struct region {
        std::size_t consts;
        std::uint16_t cwd;
    };
    region begin_region() noexcept {
        region r{const_count_, cwd_};
        barrier();
        ++cond_;
        return r;
    }
    void finish_region(const region& r) noexcept {
        --cond_;
        end_region(r.consts);
        if (cwd_ != r.cwd) set_cwd_unknown();
    }

    void parse_while() noexcept {
        take_tok();
        if (!enter()) return;
        const region r = begin_region();
        parse_list();
        if (expect_reserved("do")) {
            parse_list();
            expect_reserved("done");
        }
        finish_region(r);
        leave();
        parse_trailing_redirects();
    }

    // How much of the analysis's fixed storage is in use (commands, words, text, assignments,
    // redirections), to tell whether a copy of some text still fits.
    struct analysis_usage {
        std::size_t commands = 0, words = 0, text = 0, assignments = 0, redirects = 0;
        analysis_usage minus(const analysis_usage& o) const noexcept {
            return {commands - o.commands, words - o.words, text - o.text, assignments - o.assignments, redirects - o.redirects};
        }
        analysis_usage twice() const noexcept { return {2 * commands, 2 * words, 2 * text, 2 * assignments, 2 * redirects}; }
        analysis_usage plus_text(std::size_t n) const noexcept {
            analysis_usage u = *this;
            u.text += n;
            u.assignments += 1;
            return u;
        }
        bool room_for(const analysis_usage& more) const noexcept {
            return commands + more.commands < limits::max_commands && words + more.words + 2 < limits::max_words &&
                   text + more.text < limits::text_capacity && assignments + more.assignments < limits::max_assignments &&
                   redirects + more.redirects < limits::max_redirects;
        }
    };
    analysis_usage usage() const noexcept {
        return {a_.command_count_, a_.word_count_ + (limits::max_words - a_.scratch_top_), a_.text_used_,
                a_.assignment_count_, a_.redirect_count_};
    }

    // The written values of a `for` loop, for which its body is analysed again (`loop_values`).
    struct loop_values {
        std::array<std::string_view, limits::max_loop_values> text;
        std::size_t count = 0;
    };

    // `for f in .env x; do cat "$f"; done`: the body was analysed with `f` unknown (what allow
    // rules must cover); it is analysed again for each written value with `f` set, for deny and ask
    // rules only, while the limits leave room for twice what the body used (else the values stay
    // unknown, as before). A loop inside such a copy is copied too, one level deep.
    void analyse_loop_values(std::string_view var, const loop_values& values, std::size_t body_begin, std::size_t body_end,
                             const analysis_usage& before) noexcept {
        if (values.count == 0 || var.empty() || body_end <= body_begin || in_loop_value_ > 1 || stop_) return;
        const std::string_view body = src_->text.substr(body_begin, body_end - body_begin);
        if (body.find(var) == std::string_view::npos) return;  // the body does not name the variable
        const analysis_usage used = usage().minus(before);
        ++in_loop_value_;
        for (std::size_t i = 0; i < values.count && !stop_; ++i) {
            const std::string_view v = values.text[i];
            if (!usage().room_for(used.twice().plus_text(var.size() + 4 * v.size() + body.size() + 8))) break;
            const std::size_t from = buf_pos();
            const auto assign = [&](std::string_view name, std::string_view value) {
                put(name);
                put("='");
                for (const char c : value) {
                    if (c == '\'') put("'\\''");
                    else put(c);
                }
                put("'\n");
            };
            if (!outer_var_.empty()) assign(outer_var_, outer_value_);  // the value of the loop around this copy
            assign(var, v);
            put(body);
            if (stop_) break;
            // one pass of the body: the value is certain there (a literal, not "this or unknown")
            const unsigned save_cond = cond_;
            const std::string_view save_var = outer_var_, save_value = outer_value_;
            cond_ = 0;
            outer_var_ = var;
            outer_value_ = v;
            nested_script(buf_view(from, buf_pos()), pos_out(body_begin), pos_out_end(body_end), origin::loop_value, true,
                          -1, false, true);
            cond_ = save_cond;
            outer_var_ = save_var;
            outer_value_ = save_value;
        }
        --in_loop_value_;
    }

    void parse_for() noexcept {
        take_tok();
        if (!enter()) return;
        std::string_view var;
        loop_values values;
        // for ((...)) form
        skip_blanks_comments();
        if (peek() == '(' && peek2() == '(') {
            advance();
            advance();
            arith_body(true);
        } else {
            const token name = take_tok();
            if (name.kind != tok::word) {
                fail(incomplete_reason::syntax);
                return;
            }
            // `for PATH in DIR`: the loop assigns the variable like `PATH=DIR` does (S6.6)
            assigned_unknown(name.w.text);
            var = name.w.text;
            // optional `in words...`
            skip_linebreaks();
            const token& t = peek_tok();
            if (is_reserved(t, "in")) {
                take_tok();
                for (;;) {
                    if (stop_) return;
                    in_loop_list_ = true;  // the words are lexed here (look-ahead)
                    const token& x = peek_tok();
                    in_loop_list_ = false;
                    if (x.kind != tok::word) break;
                    const token v = take_tok();
                    // the loop variable holds each value: unknown ones may later be evaluated
                    const auto f = v.w.flags;
                    const bool unknown = (f & (word_flags::glob | word_flags::expansion | word_flags::substitution |
                                               word_flags::lit_or_opaque)) != 0;
                    if (unknown || (v.w.opaque() && (f & word_flags::brace) == 0)) untrusted_ = true;
                    if (v.w.flags & word_flags::quoted) scan_data(v.w.text, v.w.begin, v.w.end);
                    if (v.w.literal() && (f & (word_flags::glob | word_flags::brace)) == 0 && values.count < values.text.size())
                        values.text[values.count++] = v.w.text;
                }
            } else {
                untrusted_ = true;  // `for x; do`: the positional parameters
            }
        }
        if (stop_) return;
        {
            const token& t = peek_tok();
            if (is_op(t, op::semi)) take_tok();
        }
        skip_linebreaks();
        const region r = begin_region();
        const analysis_usage before = usage();
        const token t = take_tok();
        const bool braces = is_reserved(t, "{");
        bool breaks = true;
        if (is_reserved(t, "do") || braces) {
            parse_list();
            const std::size_t body_end = peek_tok().begin;
            breaks = body_end <= t.end || src_->text.substr(t.end, body_end - t.end).find("break") != std::string_view::npos;
            if (expect_reserved(braces ? "}" : "done")) analyse_loop_values(var, values, t.end, body_end, before);
        } else {
            fail(incomplete_reason::syntax);
        }
        finish_region(r);
        // after the loop the variable holds its last value, unless a `break` left an earlier one
        if (!var.empty() && values.count > 0 && !stop_ && !breaks) push_const(var, values.text[values.count - 1], 1);
        leave();
        parse_trailing_redirects();
    }

    void parse_case() noexcept {
        take_tok();
        if (!enter()) return;
        const token subject = take_tok();
        if (subject.kind != tok::word) {
            fail(incomplete_reason::syntax);
            return;
        }
        if (!expect_reserved("in")) return;
        ++cond_;
        const std::uint16_t cwd_before = cwd_;
        for (;;) {
            if (stop_) break;
            skip_linebreaks();
            const token& t = peek_tok();
            if (is_reserved(t, "esac")) {
                take_tok();
                break;
            }
            if (is_op(t, op::lparen)) take_tok();
            // patterns: word ( '|' word )* ')'
            for (;;) {
                if (stop_) break;
                const token p = take_tok();
                if (p.kind != tok::word) {
                    fail(incomplete_reason::syntax);
                    break;
                }
                const token sep = take_tok();
                if (is_op(sep, op::pipe)) continue;
                if (is_op(sep, op::rparen)) break;
                fail(incomplete_reason::syntax);
                break;
            }
            if (stop_) break;
            parse_list();
            if (stop_) break;
            const token& e = peek_tok();
            if (is_op(e, op::dsemi) || is_op(e, op::semi_amp) || is_op(e, op::dsemi_amp)) {
                take_tok();
                continue;
            }
            if (is_reserved(e, "esac")) {
                take_tok();
                break;
            }
            fail(incomplete_reason::syntax);
            break;
        }
        --cond_;
        merge_cwd(cwd_before);
        leave();
        parse_trailing_redirects();
    }

    void remember_function(std::string_view name) noexcept {
        if (function_count_ < functions_.size()) functions_[function_count_++] = name;
        else functions_overflow_ = true;
    }

    void function_body() noexcept {
        if (!enter()) return;
        ++in_function_;
        const region r = begin_region();
        skip_linebreaks();
        parse_command();  // any compound command
        finish_region(r);
        --in_function_;
        leave();
    }

    void parse_function_keyword() noexcept {
        take_tok();
        const token name = take_tok();
        if (name.kind != tok::word) {
            fail(incomplete_reason::syntax);
            return;
        }
        remember_function(name.w.text);
        const token& t = peek_tok();
        if (is_op(t, op::lparen)) {
            take_tok();
            if (!is_op(take_tok(), op::rparen)) {
                fail(incomplete_reason::syntax);
                return;
            }
        }
        function_body();
    }

    void parse_cond() noexcept {
        take_tok();
        if (!enter()) return;
        const std::size_t cond_begin = src_->pos;
        bool regex_next = false;
        bool arithmetic = false, output = false;  // an arithmetic operator; command output in an operand
        for (;;) {
            if (stop_) return;
            if (regex_next) {
                regex_next = false;
                skip_blanks_comments();
                token r;
                if (!lex_word(r, 1)) return;
                continue;
            }
            const token t = take_tok();
            if (t.kind == tok::eof) {
                fail(incomplete_reason::syntax);
                return;
            }
            if (t.kind == tok::newline) continue;
            if (is_reserved(t, "]]")) break;
            if (t.kind == tok::word && (t.w.flags & word_flags::substitution) != 0) output = true;
            if (t.kind == tok::word && t.plain && same_text(t.w.text, "=~")) {
                regex_next = true;
                untrusted_ = true;  // BASH_REMATCH holds what matched
            }
            if (t.kind == tok::word && mentions_bash_text_variable(t.w.text)) untrusted_ = true;
            if (t.kind == tok::word && t.plain &&
                (same_text(t.w.text, "-eq") || same_text(t.w.text, "-ne") || same_text(t.w.text, "-lt") ||
                 same_text(t.w.text, "-le") || same_text(t.w.text, "-gt") || same_text(t.w.text, "-ge") ||
                 same_text(t.w.text, "-v")))
                evaluates_ = arithmetic = true;  // arithmetic operands, or a name that may carry a subscript
            if (t.kind == tok::oper && (t.o == op::semi || t.o == op::amp || t.o == op::pipe || t.o == op::dsemi)) {
                fail(incomplete_reason::syntax);
                return;
            }
            if (t.kind == tok::word && t.w.literal() && (t.w.flags & word_flags::quoted)) {
                // a literal operand bash may evaluate arithmetically (`-eq`, `-v a[...]`)
                scan_data(t.w.text, t.w.begin, t.w.end);
            }
        }
        // `[[ $(echo 'a[$(cmd)]') -eq 1 ]]`: the output is evaluated as arithmetic
        if (arithmetic && output) untrusted_ = true;
        if (arithmetic)
            arithmetic_names(src_->text.substr(cond_begin, src_->pos - cond_begin));  // `[[ 1 -eq PATH=0 ]]`
        leave();
        parse_trailing_redirects();
    }

    void parse_redirect(const token& r) noexcept {
        if (a_.redirect_count_ >= a_.redirects_.size()) {
            fail(incomplete_reason::too_many_redirects);
            return;
        }
        if (!r.fd_var.empty()) assigned_unknown(r.fd_var);  // `{NAME}>` assigns NAME a number (`pwd {PATH}</dev/null`)
        redirect& d = a_.redirects_[a_.redirect_count_];
        d = redirect{};
        d.command = -2;  // fixed when the command is emitted
        d.fd = r.fd;
        d.begin = pos_out(r.begin);
        const std::int32_t index = static_cast<std::int32_t>(a_.redirect_count_++);
        if (r.o == op::dless || r.o == op::dless_dash) {
            d.kind = redirect_kind::heredoc;
            pending_heredoc h;
            h.strip_tabs = r.o == op::dless_dash;
            h.redirect = index;
            if (!heredoc_delimiter(h)) return;
            if (h.quoted) a_.redirects_[static_cast<std::size_t>(index)].flags |= redirect_flags::quoted_heredoc;
            a_.redirects_[static_cast<std::size_t>(index)].end = pos_out_end(src_->pos);
            source& s = *src_;
            if (s.heredoc_count >= s.heredocs.size()) {
                fail(incomplete_reason::unsupported);
                return;
            }
            s.heredocs[s.heredoc_count++] = h;
            return;
        }
        const token t = take_tok();
        if (t.kind != tok::word) {
            fail(incomplete_reason::syntax);
            return;
        }
        redirect& e = a_.redirects_[static_cast<std::size_t>(index)];
        e.end = pos_out_end(t.end);
        switch (r.o) {
            case op::less: e.kind = redirect_kind::read; break;
            case op::great: case op::clobber: case op::and_great: e.kind = redirect_kind::write; break;
            case op::dgreat: case op::and_dgreat: e.kind = redirect_kind::append; break;
            case op::lessgreat: e.kind = redirect_kind::read_write; break;
            case op::tless: e.kind = redirect_kind::herestring; break;
            case op::lessand: case op::greatand: {
                const std::string_view v = t.w.text;
                bool number = t.w.literal() && !v.empty();
                for (std::size_t i = 0; i < v.size(); ++i)
                    if (!is_digit(static_cast<unsigned char>(v[i])) && !(v[i] == '-' && i + 1 == v.size())) number = false;
                if (number || (t.w.literal() && same_text(v, "-"))) e.kind = redirect_kind::duplicate;
                else e.kind = r.o == op::greatand ? redirect_kind::write : redirect_kind::read;
                break;
            }
            default: break;
        }
        word w = t.w;
        if (w.literal() || w.lit_or_opaque()) {
            const std::string_view v = w.text;
            if (same_text(v.substr(0, 9), "/dev/tcp/") || same_text(v.substr(0, 9), "/dev/udp/"))
                e.flags |= redirect_flags::network;
            if (same_text(v, "/dev/null") || same_text(v, "/dev/stdout") || same_text(v, "/dev/stderr") ||
                same_text(v, "/dev/stdin") || same_text(v.substr(0, 8), "/dev/fd/"))
                e.flags |= redirect_flags::sink;
        }
        const std::int32_t wi = store_word(w);
        a_.redirects_[static_cast<std::size_t>(index)].target = wi;
    }

    // Called when a here-document body has been read: feeds a shell that reads its script from stdin.
    void heredoc_ready(std::int32_t index) noexcept;

    void parse_simple() noexcept;

public:
    // ---------------------------------------------------------------- used by command rules
    analysis& out() noexcept { return a_; }
    bool stopped() const noexcept { return stop_; }
    unsigned depth() const noexcept { return depth_; }
    bool fail_public(incomplete_reason r) noexcept { return fail(r); }
    std::int32_t add_command(std::uint32_t first, std::uint32_t count, std::int32_t parent, origin via,
                             std::uint32_t flags, std::uint32_t begin, std::uint32_t end) noexcept;
    void analyze_command(std::int32_t index, bool same_shell) noexcept;
    std::int32_t copy_words(std::uint32_t first, std::uint32_t count) noexcept {
        const std::uint32_t at = u32(a_.word_count_);
        for (std::uint32_t i = 0; i < count; ++i)
            if (store_word(a_.words_[first + i]) < 0) return -1;
        return static_cast<std::int32_t>(at);
    }
    std::int32_t append_word(const word& w) noexcept { return store_word(w); }
    std::string_view join_words(std::uint32_t first, std::uint32_t count) noexcept {
        const std::size_t from = buf_pos();
        for (std::uint32_t i = 0; i < count; ++i) {
            if (i > 0 && !put(' ')) return {};
            if (!put(a_.words_[first + i].text)) return {};
        }
        return buf_view(from, buf_pos());
    }
    bool is_function(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < function_count_; ++i)
            if (functions_[i] == name) return true;
        return false;
    }
    void forget_constants() noexcept { kill_constants(); }
    void disable_propagation() noexcept { prop_off_ = true; }
    void cd_to(std::string_view dir) noexcept { new_cwd(dir); }
    void cwd_unknown() noexcept { set_cwd_unknown(); }
    bool enter_public() noexcept { return enter(); }
    void leave_public() noexcept { leave(); }
    const analysis_options& options() const noexcept { return options_; }
};

}  // namespace detail
}  // namespace shell
CLAW_END_NAMESPACE

// The members that emit commands and analyse what they run live in their own header.
#include <claw/shell/detail/commands.hpp>
