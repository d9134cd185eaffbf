// SPDX-License-Identifier: MIT
// Domain patterns of `WebFetch(domain:...)` rules (RULES.md S9.1), compiled once and matched
// label by label from the right without allocation: `*.example.com` is any subdomain at any
// depth but not `example.com` itself, any other `*` label is exactly one label, `*` alone is
// any host; comparison is ASCII-case-insensitive after one trailing `.` is stripped on both
// sides; IPv4 and IPv6 patterns are canonicalised like hosts.
#pragma once

#include <claw/config.hpp>

#include <claw/domains/url.hpp>
#include <claw/error.hpp>
#include <claw/paths/ascii.hpp>
#include <claw/paths/detail/string_index.hpp>
#include <claw/text/one_line.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace domains {

/**
 * A domain pattern could not be compiled. `what()` is "domain pattern '<pattern>': <cause>"
 * (control bytes shown as `\xNN`); the code is `claw::errc::invalid_argument`.
 */
class domain_pattern_error : public error {
public:
    domain_pattern_error(std::string pattern, std::string cause)
        : error(make_error_code(errc::invalid_argument),
                "domain pattern '" + text::one_line(pattern, text::control_style::hex_escape) + "': " + cause),
          pattern_(std::move(pattern)),
          cause_(std::move(cause)) {}
    const std::string& pattern() const noexcept { return pattern_; }
    const std::string& cause() const noexcept { return cause_; }

private:
    std::string pattern_, cause_;
};

/**
 * One compiled domain pattern.
 *
 * Syntax: labels separated by `.`, ASCII only (write internationalised names in their `xn--`
 * form), one optional trailing `.`, case-insensitive. A leading `*.` matches one or more labels
 * (any depth of subdomain, never the name itself); any other label that is `*` matches exactly
 * one label; a `*` inside a label (`api-*`) matches within that one label; `*` alone matches any
 * host. A pattern that is an IPv4 address in any spelling (`127.1`, `0x7f.0.0.1`) or a bracketed
 * IPv6 address is canonicalised as `parse_url_host` canonicalises hosts.
 *
 * Refused with `domain_pattern_error`: an empty pattern, empty labels (`a..b`, `.a`), non-ASCII
 * bytes, a scheme, port, path or userinfo (`:`, `/`, `@`, ...: any forbidden domain code point
 * outside brackets), `*..`, an invalid IPv4 or IPv6 address. (`*.` is `*`: the trailing dot goes first.)
 */
class domain_pattern_set;

class domain_pattern {
public:
    static domain_pattern compile(std::string_view spec);

    std::string_view text() const noexcept { return text_; }
    /** True for `*` (any host). */
    bool any_host() const noexcept { return any_; }
    /** True for a leading `*.` (one or more labels in front of the rest). */
    bool subdomains() const noexcept { return subdomains_; }

    /**
     * Does `host` (as `url_host::host()` gives it; one trailing `.` is stripped and letters folded
     * here anyway) match? An empty host never matches. noexcept, no allocation, O(|host|).
     */
    bool matches(std::string_view host) const noexcept {
        if (host.size() > 1 && host.back() == '.') host.remove_suffix(1);
        return matches_stripped(host);
    }

    /** The literal labels at the end of the pattern, dotted (`example.com` for `*.example.com`); empty when the last label is a wildcard. */
    const std::string& literal_suffix() const noexcept { return suffix_; }
    /** How many labels `literal_suffix()` holds. */
    std::size_t literal_suffix_labels() const noexcept { return suffix_labels_; }
    /**
     * The first label when it is literal and the pattern has no leading `*.` (`cdn` for
     * `cdn.*`): every matching host then starts with exactly this label. Empty otherwise.
     */
    std::string_view literal_first_label() const noexcept {
        if (any_ || subdomains_ || labels_.empty() || labels_.back().what != label::kind::literal) return {};
        return labels_.back().text;
    }

private:
    friend class domain_pattern_set;

    /** `matches` on a host whose one trailing dot has already been stripped. */
    bool matches_stripped(std::string_view host) const noexcept {
        if (host.empty()) return false;
        if (any_) return true;
        std::size_t end = host.size();  // labels are taken from the right
        for (const auto& l : labels_) {
            if (end == npos_end) return false;
            const std::size_t dot = end == 0 ? std::string_view::npos : host.rfind('.', end - 1);
            const std::size_t start = dot == std::string_view::npos ? 0 : dot + 1;
            if (!label_matches(l, host.substr(start, end - start))) return false;
            end = dot == std::string_view::npos ? npos_end : dot;
        }
        const bool rest = end != npos_end;  // labels left over in front
        return subdomains_ ? rest : !rest;
    }

    static constexpr std::size_t npos_end = static_cast<std::size_t>(-1);

    struct label {
        enum class kind : unsigned char { literal, star, glob } what = kind::literal;
        std::string text;  // lowercase
    };

    static bool glob_label(std::string_view pat, std::string_view s) noexcept {
        std::size_t p = 0, i = 0, star_p = std::string_view::npos, star_i = 0;
        while (i < s.size()) {
            if (p < pat.size() && pat[p] == '*') {
                star_p = p++;
                star_i = i;
            } else if (p < pat.size() && pat[p] == paths::ascii_lower(s[i])) {
                ++p;
                ++i;
            } else if (star_p != std::string_view::npos) {
                p = star_p + 1;
                i = ++star_i;
            } else {
                return false;
            }
        }
        while (p < pat.size() && pat[p] == '*') ++p;
        return p == pat.size();
    }

    static bool label_matches(const label& l, std::string_view s) noexcept {
        switch (l.what) {
            case label::kind::literal: return paths::equal(l.text, s, true);
            case label::kind::star: return true;
            case label::kind::glob: return glob_label(l.text, s);
        }
        return false;
    }

    std::string text_, suffix_;
    std::size_t suffix_labels_ = 0;
    bool any_ = false, subdomains_ = false;
    std::vector<label> labels_;  // right to left
};

inline domain_pattern domain_pattern::compile(std::string_view spec) {
    domain_pattern p;
    p.text_ = std::string(spec);
    const auto fail = [&](const std::string& cause) { throw domain_pattern_error(std::string(spec), cause); };
    if (spec.empty()) fail("empty pattern");
    for (const char c : spec)
        if (static_cast<unsigned char>(c) >= 0x80) fail("non-ASCII pattern: write the name in its punycode (xn--) form");
    std::string s(spec);
    paths::fold_into(s, s.data());
    if (s.size() > 1 && s.back() == '.') s.pop_back();
    if (s == "*") {  // also "*.": one trailing dot is stripped first
        p.any_ = true;
        return p;
    }
    if (s.front() == '[') {  // IPv6
        if (s.back() != ']') fail("an IPv6 address must be written in brackets, nothing after them");
        std::uint16_t a[8];
        if (!detail::parse_ipv6(std::string_view(s).substr(1, s.size() - 2), a)) fail("not a valid IPv6 address");
        char buf[48];
        const std::size_t n = detail::serialize_ipv6(a, buf);
        p.labels_.push_back({label::kind::literal, std::string(buf, n)});
        p.suffix_ = p.labels_.back().text;
        p.suffix_labels_ = 1;
        return p;
    }
    for (const char c : s)
        if (c != '*' && detail::is_forbidden_domain(static_cast<unsigned char>(c)))
            fail(std::string("'") + c + "' cannot appear in a domain pattern (no scheme, port, path or userinfo)");
    std::string_view body = s;
    if (body.substr(0, 2) == "*.") {
        p.subdomains_ = true;
        body.remove_prefix(2);
        if (body.empty()) fail("'*.' needs a domain after it");
    }
    if (body.find('*') == std::string_view::npos && detail::ends_in_number(body)) {
        std::uint32_t v4 = 0;
        if (!detail::parse_ipv4(body, v4)) fail("not a valid IPv4 address");
        std::string dotted;
        for (int shift = 24; shift >= 0; shift -= 8) {
            dotted += std::to_string((v4 >> shift) & 0xFFu);
            if (shift) dotted += '.';
        }
        s = std::string(p.subdomains_ ? "*." : "") + dotted;
        body = std::string_view(s).substr(p.subdomains_ ? 2 : 0);
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == '.') {
            const std::string_view l = body.substr(start, i - start);
            if (l.empty()) fail("empty label (two dots in a row, or a leading dot)");
            parts.push_back(l);
            start = i + 1;
        }
    }
    for (std::size_t i = parts.size(); i-- > 0;) {
        const std::string_view l = parts[i];
        label lab;
        lab.text = std::string(l);
        if (l.find('*') == std::string_view::npos) {
            lab.what = label::kind::literal;
        } else if (l.find_first_not_of('*') == std::string_view::npos) {
            lab.what = label::kind::star;
        } else {
            lab.what = label::kind::glob;
        }
        p.labels_.push_back(std::move(lab));
    }
    for (const auto& l : p.labels_) {  // right to left, while literal
        if (l.what != label::kind::literal) break;
        p.suffix_ = p.suffix_.empty() ? l.text : l.text + "." + p.suffix_;
        ++p.suffix_labels_;
    }
    return p;
}

/**
 * Compiles one domain pattern; see `domain_pattern`. Complexity: O(|spec|).
 * @throws domain_pattern_error (`errc::invalid_argument`) naming the pattern and the cause.
 */
inline domain_pattern compile_domain_pattern(std::string_view spec) { return domain_pattern::compile(spec); }

/**
 * Many domain patterns with an index on their literal label suffix (or first label), queried
 * with "the lowest index matching this host". A query looks up each label suffix of the host
 * and its first label once, so its cost follows the number of labels, not of patterns.
 * noexcept, no allocation.
 */
class domain_pattern_set {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    domain_pattern_set() = default;
    /** Takes the patterns (in order) and builds the index. Complexity: O(n log n) for n patterns. Throws only allocation. */
    explicit domain_pattern_set(std::vector<domain_pattern> patterns) : patterns_(std::move(patterns)) { build(); }

    /**
     * Compiles every pattern of `specs` (any range of string-like values), in order. Complexity:
     * O(total length of the specs), then the index build.
     * @throws domain_pattern_error for the first pattern that does not compile.
     */
    template <class Range>
    static domain_pattern_set compile(const Range& specs) {
        std::vector<domain_pattern> v;
        for (const auto& s : specs) v.push_back(domain_pattern::compile(std::string_view(s)));
        return domain_pattern_set(std::move(v));
    }
    static domain_pattern_set compile(std::initializer_list<std::string_view> specs) {
        std::vector<domain_pattern> v;
        for (const auto s : specs) v.push_back(domain_pattern::compile(s));
        return domain_pattern_set(std::move(v));
    }

    std::size_t size() const noexcept { return patterns_.size(); }
    bool empty() const noexcept { return patterns_.empty(); }
    const domain_pattern& operator[](std::size_t i) const noexcept { return patterns_[i]; }

    /** The lowest index of a pattern matching `host`, or `npos`. */
    std::size_t match(std::string_view host) const noexcept {
        if (host.size() > 1 && host.back() == '.') host.remove_suffix(1);
        std::size_t best = npos;
        const auto test = [&](std::uint32_t i) {
            if (i < best && patterns_[i].matches_stripped(host)) best = i;
        };
        for (const std::uint32_t i : always_) test(i);
        if (host.empty()) return best;
        if (!first_.empty()) {
            const std::size_t dot = host.find('.');
            for (const std::uint32_t i : first_.find(host.substr(0, dot))) test(i);
        }
        if (index_.empty()) return best;
        for (std::size_t dot = host.size();;) {
            // suffix starting after `dot`... walk label boundaries from the right
            const std::size_t prev = dot == 0 ? std::string_view::npos : host.rfind('.', dot - 1);
            const std::size_t start = prev == std::string_view::npos ? 0 : prev + 1;
            for (const std::uint32_t i : index_.find(host.substr(start))) test(i);
            if (prev == std::string_view::npos) break;
            dot = prev;
        }
        return best;
    }

private:
    void build() {
        // Each pattern is filed under one key every matching host has: its literal suffix when
        // that is two labels or more, else its literal first label, else a one-label suffix;
        // patterns with none (`*`, `*.*`) are tried for every host.
        std::vector<std::pair<std::string, std::uint32_t>> keys, firsts;
        always_.clear();
        for (std::size_t i = 0; i < patterns_.size(); ++i) {
            const auto& p = patterns_[i];
            const auto idx = static_cast<std::uint32_t>(i);
            if (p.any_host()) {
                always_.push_back(idx);
            } else if (p.literal_suffix_labels() >= 2 || (!p.literal_suffix().empty() && p.literal_first_label().empty())) {
                keys.emplace_back(p.literal_suffix(), idx);
            } else if (!p.literal_first_label().empty()) {
                firsts.emplace_back(std::string(p.literal_first_label()), idx);
            } else {
                always_.push_back(idx);
            }
        }
        index_.build(std::move(keys));
        first_.build(std::move(firsts));
    }

    std::vector<domain_pattern> patterns_;
    std::vector<std::uint32_t> always_;
    paths::detail::string_index index_, first_;
};

}  // namespace domains
CLAW_END_NAMESPACE
