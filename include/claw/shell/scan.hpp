// SPDX-License-Identifier: MIT
// The conservative scan of RULES.md S6.10, usable on raw text when the analysis is incomplete:
// line continuations, quotes and backslashes removed, `$'...'` decoded, the text split on whitespace
// and shell punctuation, every token ASCII-case-folded and reduced to its basename; a rule's literal
// words fire when they appear in that token stream in order. A token `NAME=value` is followed by
// `value` as a token of its own (`R=rm; $R -rf /` runs rm), and the text is scanned a second time
// with variable expansions taken as empty (`r${u}m` is `rm` when u is unset): extra tokens only add
// matches. Allocation-free and noexcept.
#pragma once

#include <claw/config.hpp>
#include <claw/shell/detail/names.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace shell {

/** Longest token the scan compares; longer tokens are cut to their last this-many bytes. */
inline constexpr std::size_t scan_token_capacity = 512;

/**
 * Splits raw text into the tokens of the conservative scan, one at a time, into its own buffer.
 * @code
 * shell::scan_tokens t(text);
 * while (t.next()) use(t.token());   // lower-cased basenames
 * @endcode
 */
class scan_tokens {
public:
    /**
     * `empty_variables`: `$NAME`, `${...}` and the special parameters are removed from the words
     * (taken as unset) instead of splitting them.
     */
    explicit scan_tokens(std::string_view text, bool empty_variables = false) noexcept
        : text_(text), empty_variables_(empty_variables) {}

    /** Advances to the next non-empty token; false at the end. */
    bool next() noexcept {
        if (value_start_ != 0) {  // the value of `NAME=value` follows the whole word as a token of its own
            start_ = value_start_;
            value_start_ = 0;
            return true;
        }
        for (;;) {
            len_ = 0;
            start_ = 0;
            bool any = false;
            while (pos_ < text_.size()) {
                const char c = text_[pos_];
                const char d = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
                if (c == '\\' && d == '\n') {  // a line continuation joins the word
                    pos_ += 2;
                    continue;
                }
                if (c == '$' && d == '\'') {  // `$'\x72m'` is rm
                    pos_ += 2;
                    any = ansi_c_quoted() || any;
                    continue;
                }
                if (c == '$' && empty_variables_ && skip_variable()) continue;
                if (is_separator(c)) {
                    ++pos_;
                    if (any) break;
                    continue;
                }
                ++pos_;
                if (c == '\'' || c == '"' || c == '\\') continue;  // quotes and backslashes removed
                any = true;
                push(detail::ascii_lower(c));
            }
            if (!any) return false;
            if (len_ > 0) {
                for (std::size_t i = start_; i < len_; ++i)
                    if (buf_[i] == '=') {
                        if (i + 1 < len_) value_start_ = i + 1;
                        break;
                    }
                return true;
            }
        }
    }

    /** The current token: ASCII lower case, basename (text after the last '/'). */
    std::string_view token() const noexcept { return {buf_.data() + start_, len_ - start_}; }

    /** Normalises a rule word as the scan normalises tokens (lower case, basename) into `out`. */
    static std::string_view normalize(std::string_view w, std::span<char> out) noexcept {
        std::size_t n = 0;
        std::size_t start = 0;
        for (const char c : w) {
            if (c == '\'' || c == '"' || c == '\\') continue;
            if (c == '/') {
                start = n;
                continue;
            }
            if (n < out.size()) out[n++] = detail::ascii_lower(c);
        }
        return {out.data() + start, n - start};
    }

    static constexpr bool is_separator(char c) noexcept {
        switch (c) {
            case ' ': case '\t': case '\n': case ';': case '&': case '|': case '(': case ')': case '<': case '>':
            case '`': case '$': case '{': case '}':
                return true;
            default:
                return false;
        }
    }

private:
    // Decodes the body of `$'...'` (pos_ after the opening quote) into the token, a character
    // whose bytes depend on the locale as `?`; true when it added a character.
    bool ansi_c_quoted() noexcept {
        bool added = false;
        const std::size_t after = detail::decode_ansi_c(text_, pos_, [&](unsigned v, bool known) {
            push(detail::ascii_lower(known ? static_cast<char>(v & 0xffu) : '?'));
            added = true;
        });
        pos_ = after == std::string_view::npos ? text_.size() : after;
        return added;
    }

    // At a `$` with `empty_variables_`: skips `${...}` (braces balanced), `$NAME` or a special
    // parameter and returns true; false for anything else (`$(`, `$((`, a lone `$`).
    bool skip_variable() noexcept {
        std::size_t p = pos_ + 1;
        if (p >= text_.size()) return false;
        const auto c = static_cast<unsigned char>(text_[p]);
        if (c == '{') {
            int depth = 0;
            for (; p < text_.size(); ++p) {
                if (text_[p] == '{') ++depth;
                else if (text_[p] == '}' && --depth == 0) break;
            }
            pos_ = p < text_.size() ? p + 1 : p;
            return true;
        }
        if (detail::is_name_start(c)) {
            while (p < text_.size() && detail::is_name_char(static_cast<unsigned char>(text_[p]))) ++p;
            pos_ = p;
            return true;
        }
        if (detail::is_digit(c) || c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!') {
            pos_ = p + 1;
            return true;
        }
        return false;
    }

    void push(char c) noexcept {
        if (c == '/') {  // basename: restart after every slash
            len_ = 0;
            start_ = 0;
            return;
        }
        if (len_ < buf_.size()) buf_[len_++] = c;
    }

    std::string_view text_;
    bool empty_variables_ = false;
    std::size_t pos_ = 0;
    std::array<char, scan_token_capacity> buf_{};
    std::size_t len_ = 0;
    std::size_t start_ = 0;
    std::size_t value_start_ = 0;
};

/**
 * True when the literal words of a deny/ask rule (already normalised with `scan_tokens::normalize`,
 * in rule order) appear in order in the scan tokens of `text` (S6.10). O(text).
 */
inline bool scan_matches(std::string_view text, std::span<const std::string_view> normalized_words) noexcept {
    if (normalized_words.empty()) return true;
    const auto pass = [&](bool empty_variables) {
        std::size_t k = 0;
        scan_tokens t(text, empty_variables);
        while (t.next())
            if (t.token() == normalized_words[k] && ++k == normalized_words.size()) return true;
        return false;
    };
    return pass(false) || (text.find('$') != std::string_view::npos && pass(true));
}

}  // namespace shell
CLAW_END_NAMESPACE
