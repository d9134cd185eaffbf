// SPDX-License-Identifier: MIT
// The conservative scan of RULES.md S6.10, usable on raw text when the analysis is incomplete:
// quotes and backslashes removed, the text split on whitespace and shell punctuation, every token
// ASCII-case-folded and reduced to its basename; a rule's literal words fire when they appear in
// that token stream in order. A token `NAME=value` is followed by `value` as a token of its own
// (`R=rm; $R -rf /` runs rm): extra tokens only add matches. Allocation-free and noexcept.
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
    explicit scan_tokens(std::string_view text) noexcept : text_(text) {}

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
    void push(char c) noexcept {
        if (c == '/') {  // basename: restart after every slash
            len_ = 0;
            start_ = 0;
            return;
        }
        if (len_ < buf_.size()) buf_[len_++] = c;
    }

    std::string_view text_;
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
    std::size_t k = 0;
    scan_tokens t(text);
    while (t.next()) {
        if (t.token() == normalized_words[k] && ++k == normalized_words.size()) return true;
    }
    return false;
}

}  // namespace shell
CLAW_END_NAMESPACE
