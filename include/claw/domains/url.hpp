// SPDX-License-Identifier: MIT
// The host of a URL, parsed the way the WHATWG URL Standard parses it for http(s) (RULES.md
// S9.2): leading and trailing spaces and controls trimmed, tabs and newlines ignored, any run of
// slashes or backslashes after a special scheme skipped, the userinfo (everything up to the last
// `@` of the authority) dropped, the port dropped, the host percent-decoded, ASCII-lowercased
// and checked for forbidden code points, numeric hosts read as IPv4 in every spelling the
// standard accepts (`0x7f.1`, `2130706433`, `0177.0.0.1`) and written as dotted decimal, IPv6
// addresses written in their canonical compressed form. Fixed storage, no allocation, noexcept.
#pragma once

#include <claw/config.hpp>

#include <claw/paths/ascii.hpp>
#include <claw/text/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

static_assert(CLAW_URL_HOST_MAX >= 64 && CLAW_URL_HOST_MAX <= 4096, "CLAW_URL_HOST_MAX must be between 64 and 4096");

CLAW_BEGIN_NAMESPACE
namespace domains {

/** How `parse_url_host` ended. Every value but `ok` is a malformed URL. */
enum class url_status : unsigned char {
    ok,
    empty,           ///< nothing but spaces and controls
    no_scheme,       ///< no `scheme:` prefix (a relative URL has no host to check)
    empty_host,      ///< a special scheme (http, https, ws, wss, ftp) with an empty host
    invalid_host,    ///< a forbidden code point, a bad percent-escape, or invalid UTF-8 in the host
    invalid_ipv4,    ///< the host ends in a number but is not an IPv4 address (`1.2.3.256`, `1.2.3.4.5`)
    invalid_ipv6,    ///< a bracketed host that is not an IPv6 address, or an unclosed `[`
    invalid_port,    ///< a port that is not digits or exceeds 65535
    too_long,        ///< the host needs more than `CLAW_URL_HOST_MAX` bytes
};

/** A short English description of a status, for messages. */
constexpr std::string_view to_string(url_status s) noexcept {
    switch (s) {
        case url_status::ok: return "ok";
        case url_status::empty: return "empty URL";
        case url_status::no_scheme: return "no scheme (relative URL)";
        case url_status::empty_host: return "empty host";
        case url_status::invalid_host: return "invalid host";
        case url_status::invalid_ipv4: return "invalid IPv4 address";
        case url_status::invalid_ipv6: return "invalid IPv6 address";
        case url_status::invalid_port: return "invalid port";
        case url_status::too_long: return "host too long";
    }
    return "unknown status";
}

/** The scheme, as far as the checks care. */
enum class scheme_kind : unsigned char { http, https, ws, wss, ftp, file, other };

/** What kind of host was found. */
enum class host_kind : unsigned char {
    none,    ///< no host (a non-special scheme without `//`, or `file:` without one)
    domain,  ///< a name (ASCII-lowercased)
    ipv4,    ///< an IPv4 address in dotted decimal
    ipv6,    ///< an IPv6 address in brackets, canonical compressed form
};

namespace detail {
struct url_parser;
}  // namespace detail

/**
 * The result of `parse_url_host`, in fixed storage. `host()` views this object: keep the object
 * alive while the view is used.
 */
class url_host {
public:
    url_status status() const noexcept { return status_; }
    bool ok() const noexcept { return status_ == url_status::ok; }
    /** The host: lowercase, one trailing `.` stripped; `[...]` for IPv6; empty unless `ok` with a host. */
    std::string_view host() const noexcept { return ok() ? std::string_view(host_, size_) : std::string_view{}; }
    host_kind kind() const noexcept { return kind_; }
    scheme_kind scheme() const noexcept { return scheme_; }
    /** The scheme as written (a view of the input, not lowercased; empty when there is none). */
    std::string_view scheme_text() const noexcept { return scheme_text_; }
    /**
     * The scheme is neither http nor https (RULES.md S9.2 makes that an `ask` floor). Set
     * whenever a scheme was read, even when the status is not `ok`.
     */
    bool non_http_scheme() const noexcept { return scheme_text_.size() > 0 && scheme_ != scheme_kind::http && scheme_ != scheme_kind::https; }
    /**
     * The host holds non-ASCII text (an internationalised name). IDNA processing (punycode,
     * Unicode case mapping, full-width dots) is not done, so such a host cannot be compared
     * with patterns reliably: the caller must not allow it by pattern (the lead maps it to ask).
     * The host is then the percent-decoded UTF-8 with ASCII letters lowercased.
     */
    bool non_ascii_host() const noexcept { return non_ascii_; }
    /** A userinfo (`user:pass@`) was present and dropped. */
    bool had_userinfo() const noexcept { return userinfo_; }
    /** The port, or -1 when none was written (an empty port counts as none). */
    int port() const noexcept { return port_; }

private:
    friend url_host parse_url_host(std::string_view url) noexcept;
    friend struct detail::url_parser;

    url_status status_ = url_status::empty;
    scheme_kind scheme_ = scheme_kind::other;
    host_kind kind_ = host_kind::none;
    bool non_ascii_ = false, userinfo_ = false;
    int port_ = -1;
    std::string_view scheme_text_;
    std::size_t size_ = 0;
    char host_[CLAW_URL_HOST_MAX + 1] = {};
};

namespace detail {

constexpr bool is_tab_or_newline(char c) noexcept { return c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (paths::ascii_lower(c) >= 'a' && paths::ascii_lower(c) <= 'f'); }
constexpr unsigned hex_value(char c) noexcept {
    return is_digit(c) ? static_cast<unsigned>(c - '0') : static_cast<unsigned>(paths::ascii_lower(c) - 'a' + 10);
}

/** A forbidden domain code point of the URL Standard (ASCII part; `%` included). */
constexpr bool is_forbidden_domain(unsigned char c) noexcept {
    if (c <= 0x20 || c == 0x7F) return true;
    switch (c) {
        case '#': case '%': case '/': case ':': case '<': case '>': case '?': case '@': case '[': case '\\':
        case ']': case '^': case '|':
            return true;
        default:
            return false;
    }
}

/** Parses one IPv4 part (decimal, `0x` hex or `0` octal); false on a bad digit. Saturates at 2^32. */
constexpr bool ipv4_number(std::string_view s, std::uint64_t& out) noexcept {
    unsigned radix = 10;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        radix = 16;
        s.remove_prefix(2);
    } else if (s.size() >= 2 && s[0] == '0') {
        radix = 8;
        s.remove_prefix(1);
    }
    std::uint64_t v = 0;
    for (const char c : s) {
        unsigned d;
        if (radix == 16) {
            if (!is_hex(c)) return false;
            d = hex_value(c);
        } else {
            if (!is_digit(c)) return false;
            d = static_cast<unsigned>(c - '0');
            if (d >= radix) return false;
        }
        v = v * radix + d;
        if (v > 0xFFFFFFFFull) v = 0x100000000ull;  // saturate: anything above fails anyway
    }
    out = v;
    return true;
}

/** The URL Standard's "ends in a number" check on an ASCII, lowercased host. */
constexpr bool ends_in_number(std::string_view host) noexcept {
    if (!host.empty() && host.back() == '.') {  // an empty last part is dropped, unless it is the only one
        host.remove_suffix(1);
        if (host.empty()) return false;
    }
    const std::size_t dot = host.rfind('.');
    const std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
    if (last.empty()) return false;
    bool digits = true;
    for (const char c : last) digits = digits && is_digit(c);
    if (digits) return true;
    std::uint64_t v = 0;
    return last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') && ipv4_number(last, v);
}

/** The URL Standard's IPv4 parser; false on failure. */
constexpr bool parse_ipv4(std::string_view host, std::uint32_t& out) noexcept {
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    std::uint64_t parts[4] = {};
    std::size_t n = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= host.size(); ++i) {
        if (i == host.size() || host[i] == '.') {
            if (n == 4) return false;
            const std::string_view p = host.substr(start, i - start);
            if (p.empty() || !ipv4_number(p, parts[n])) return false;
            ++n;
            start = i + 1;
        }
    }
    for (std::size_t i = 0; i + 1 < n; ++i)
        if (parts[i] > 255) return false;
    const std::uint64_t limit = std::uint64_t{1} << (8 * (5 - n));
    if (parts[n - 1] >= limit) return false;
    std::uint64_t v = parts[n - 1];
    for (std::size_t i = 0; i + 1 < n; ++i) v += parts[i] << (8 * (3 - i));
    out = static_cast<std::uint32_t>(v);
    return true;
}

/** The URL Standard's IPv6 parser on the text between the brackets; false on failure. */
constexpr bool parse_ipv6(std::string_view s, std::uint16_t (&address)[8]) noexcept {
    for (auto& a : address) a = 0;
    std::size_t piece = 0, p = 0;
    std::size_t compress = 8;  // none
    const auto at = [&](std::size_t i) { return i < s.size() ? s[i] : '\0'; };
    if (at(p) == ':') {
        if (at(p + 1) != ':') return false;
        p += 2;
        compress = ++piece;
    }
    while (p < s.size()) {
        if (piece == 8) return false;
        if (s[p] == ':') {
            if (compress != 8) return false;
            ++p;
            compress = ++piece;
            continue;
        }
        unsigned value = 0, length = 0;
        while (length < 4 && p < s.size() && is_hex(s[p])) {
            value = value * 16 + hex_value(s[p]);
            ++p;
            ++length;
        }
        if (at(p) == '.') {
            if (length == 0) return false;
            p -= length;
            if (piece > 6) return false;
            unsigned seen = 0;
            while (p < s.size()) {
                int v4 = -1;
                if (seen > 0) {
                    if (s[p] == '.' && seen < 4) {
                        ++p;
                    } else {
                        return false;
                    }
                }
                if (!is_digit(at(p))) return false;
                while (is_digit(at(p))) {
                    const int d = s[p] - '0';
                    if (v4 == -1) {
                        v4 = d;
                    } else if (v4 == 0) {
                        return false;
                    } else {
                        v4 = v4 * 10 + d;
                    }
                    if (v4 > 255) return false;
                    ++p;
                }
                address[piece] = static_cast<std::uint16_t>(address[piece] * 0x100 + v4);
                ++seen;
                if (seen == 2 || seen == 4) ++piece;
            }
            if (seen != 4) return false;
            break;
        }
        if (at(p) == ':') {
            ++p;
            if (p == s.size()) return false;
        } else if (p < s.size()) {
            return false;
        }
        address[piece++] = static_cast<std::uint16_t>(value);
    }
    if (compress != 8) {
        std::size_t swaps = piece - compress;
        piece = 7;
        while (piece != 0 && swaps > 0) {
            const std::uint16_t t = address[piece];
            address[piece] = address[compress + swaps - 1];
            address[compress + swaps - 1] = t;
            --piece;
            --swaps;
        }
    } else if (piece != 8) {
        return false;
    }
    return true;
}

/** Writes `[canonical IPv6]` into `out` (at least 42 bytes); returns the length. */
constexpr std::size_t serialize_ipv6(const std::uint16_t (&a)[8], char* out) noexcept {
    std::size_t best = 8, best_len = 1;
    for (std::size_t i = 0; i < 8;) {
        if (a[i] != 0) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < 8 && a[j] == 0) ++j;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    constexpr char hex[] = "0123456789abcdef";
    std::size_t n = 0;
    out[n++] = '[';
    bool ignore0 = false;
    for (std::size_t i = 0; i < 8; ++i) {
        if (ignore0 && a[i] == 0) continue;
        ignore0 = false;
        if (best == i) {
            if (i == 0) out[n++] = ':';
            out[n++] = ':';
            ignore0 = true;
            continue;
        }
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const unsigned d = (a[i] >> shift) & 0xFu;
            if (d || started || shift == 0) {
                out[n++] = hex[d];
                started = true;
            }
        }
        if (i != 7) out[n++] = ':';
    }
    out[n++] = ']';
    return n;
}

/** The parser behind `parse_url_host`. */
struct url_parser {
    std::string_view in;
    url_host& r;

    url_host& fail(url_status s) noexcept {
        r.status_ = s;
        r.size_ = 0;
        r.kind_ = host_kind::none;
        return r;
    }

    /** Index of the next byte at or after `i` that is not a tab or newline. */
    std::size_t skip(std::size_t i) const noexcept {
        while (i < in.size() && detail::is_tab_or_newline(in[i])) ++i;
        return i;
    }

    bool put(char c) noexcept {
        if (r.size_ == CLAW_URL_HOST_MAX) return false;
        r.host_[r.size_++] = c;
        return true;
    }

    url_host& run() noexcept {
        // Trim leading and trailing C0 controls and spaces.
        while (!in.empty() && static_cast<unsigned char>(in.front()) <= 0x20) in.remove_prefix(1);
        while (!in.empty() && static_cast<unsigned char>(in.back()) <= 0x20) in.remove_suffix(1);
        if (in.empty()) return fail(url_status::empty);

        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"  (tabs and newlines ignored)
        std::size_t i = skip(0);
        if (i == in.size() || !paths::is_ascii_alpha(in[i])) return fail(url_status::no_scheme);
        const std::size_t scheme_start = i;
        char lowered[8] = {};
        std::size_t scheme_len = 0;
        for (;; i = skip(i + 1)) {
            if (i == in.size()) return fail(url_status::no_scheme);
            const char c = in[i];
            if (c == ':') break;
            if (!(paths::is_ascii_alpha(c) || detail::is_digit(c) || c == '+' || c == '-' || c == '.'))
                return fail(url_status::no_scheme);
            if (scheme_len < sizeof lowered) lowered[scheme_len] = paths::ascii_lower(c);
            ++scheme_len;
        }
        r.scheme_text_ = in.substr(scheme_start, i - scheme_start);
        const std::string_view sch(lowered, scheme_len <= sizeof lowered ? scheme_len : 0);
        r.scheme_ = sch == "http"    ? scheme_kind::http
                    : sch == "https" ? scheme_kind::https
                    : sch == "ws"    ? scheme_kind::ws
                    : sch == "wss"   ? scheme_kind::wss
                    : sch == "ftp"   ? scheme_kind::ftp
                    : sch == "file"  ? scheme_kind::file
                                     : scheme_kind::other;
        const bool special = r.scheme_ != scheme_kind::other;
        i = skip(i + 1);

        if (r.scheme_ == scheme_kind::file || r.scheme_ == scheme_kind::other) {
            // file: and non-special schemes have a host only after "//" (file also after "\\").
            const auto slash = [&](char c) { return c == '/' || (r.scheme_ == scheme_kind::file && c == '\\'); };
            if (i == in.size() || !slash(in[i])) return ok_without_host();
            const std::size_t j = skip(i + 1);
            if (j == in.size() || !slash(in[j])) return ok_without_host();
            i = skip(j + 1);
        } else {
            while (i < in.size() && (in[i] == '/' || in[i] == '\\')) i = skip(i + 1);
        }

        // The authority ends at '/', '?', '#' (and '\' for special schemes); the host starts after its last '@'.
        std::size_t end = i;
        std::size_t host_start = i;
        for (; end < in.size(); ++end) {
            const char c = in[end];
            if (c == '/' || c == '?' || c == '#' || (special && c == '\\')) break;
            if (c == '@') {
                host_start = end + 1;
                r.userinfo_ = true;
            }
        }
        return host_and_port(host_start, end, special);
    }

    url_host& ok_without_host() noexcept {
        r.status_ = url_status::ok;
        r.kind_ = host_kind::none;
        r.size_ = 0;
        return r;
    }

    url_host& host_and_port(std::size_t from, std::size_t to, bool special) noexcept {
        // Split host and port: a ':' outside brackets starts the port.
        std::size_t colon = to;
        bool bracket = false;
        for (std::size_t k = from; k < to; ++k) {
            const char c = in[k];
            if (c == '[') bracket = true;
            if (c == ']') bracket = false;
            if (c == ':' && !bracket) {
                colon = k;
                break;
            }
        }
        if (colon < to) {
            std::uint32_t port = 0;
            bool any = false;
            for (std::size_t k = colon + 1; k < to; ++k) {
                const char c = in[k];
                if (detail::is_tab_or_newline(c)) continue;
                if (!detail::is_digit(c)) return fail(url_status::invalid_port);
                port = port * 10 + static_cast<std::uint32_t>(c - '0');
                if (port > 65535) return fail(url_status::invalid_port);
                any = true;
            }
            r.port_ = any ? static_cast<int>(port) : -1;
        }
        std::size_t k = skip(from);
        if (k < colon && in[k] == '[') return ipv6(k + 1, colon);
        // Percent-decode into the host buffer, skipping tabs and newlines.
        r.size_ = 0;
        for (; k < colon; ++k) {
            char c = in[k];
            if (detail::is_tab_or_newline(c)) continue;
            if (c == '%') {
                std::size_t h1 = skip(k + 1);
                std::size_t h2 = h1 < colon ? skip(h1 + 1) : colon;
                if (h1 < colon && h2 < colon && detail::is_hex(in[h1]) && detail::is_hex(in[h2])) {
                    c = static_cast<char>(detail::hex_value(in[h1]) * 16 + detail::hex_value(in[h2]));
                    k = h2;
                } else {
                    return fail(url_status::invalid_host);  // a bare '%' is a forbidden domain code point
                }
            }
            if (!put(paths::ascii_lower(c))) return fail(url_status::too_long);
        }
        std::string_view host(r.host_, r.size_);
        if (host.empty()) {
            if (special && r.scheme_ != scheme_kind::file) return fail(url_status::empty_host);
            if (r.userinfo_ || r.port_ >= 0) return fail(url_status::empty_host);
            return ok_without_host();
        }
        // Decoded text must be valid UTF-8; ASCII bytes must not be forbidden.
        if (text::find_invalid_utf8(host) != std::string_view::npos) return fail(url_status::invalid_host);
        for (const char c : host) {
            const auto b = static_cast<unsigned char>(c);
            if (b >= 0x80) {
                r.non_ascii_ = true;
            } else if (detail::is_forbidden_domain(b)) {
                return fail(url_status::invalid_host);
            }
        }
        std::uint32_t v4 = 0;
        bool numeric = !r.non_ascii_ && detail::ends_in_number(host);
        if (numeric && !detail::parse_ipv4(host, v4)) {
            if (special) return fail(url_status::invalid_ipv4);
            numeric = false;  // other schemes: an opaque name
        }
        if (numeric) {
            r.size_ = 0;
            for (int shift = 24; shift >= 0; shift -= 8) {
                const unsigned octet = (v4 >> shift) & 0xFFu;
                char digits[3];
                int n = 0;
                unsigned o = octet;
                do {
                    digits[n++] = static_cast<char>('0' + o % 10);
                    o /= 10;
                } while (o);
                while (n) put(digits[--n]);
                if (shift) put('.');
            }
            r.kind_ = host_kind::ipv4;
        } else {
            if (r.size_ > 1 && r.host_[r.size_ - 1] == '.') --r.size_;  // one trailing dot
            r.kind_ = host_kind::domain;
        }
        r.status_ = url_status::ok;
        return r;
    }

    url_host& ipv6(std::size_t from, std::size_t to) noexcept {
        // The text between the brackets (tabs and newlines dropped), then nothing but the port.
        char buf[64];
        std::size_t n = 0;
        std::size_t k = from;
        for (; k < to && in[k] != ']'; ++k) {
            if (detail::is_tab_or_newline(in[k])) continue;
            if (n == sizeof buf) return fail(url_status::invalid_ipv6);
            buf[n++] = in[k];
        }
        if (k == to || skip(k + 1) != to) return fail(url_status::invalid_ipv6);
        std::uint16_t a[8];
        if (!detail::parse_ipv6(std::string_view(buf, n), a)) return fail(url_status::invalid_ipv6);
        r.size_ = detail::serialize_ipv6(a, r.host_);
        r.kind_ = host_kind::ipv6;
        r.status_ = url_status::ok;
        return r;
    }
};

}  // namespace detail

/**
 * Parses the host of `url` (see the file comment). Malformed URLs are statuses, never
 * exceptions; `non_http_scheme()` and `non_ascii_host()` are flags the caller maps (to `ask`).
 *
 * - http, https, ws, wss and ftp are special schemes: any mix of `/` and `\` after the colon is
 *   skipped (`https:evil.net`, `https:\\evil.net` both have the host `evil.net`), `\` ends the
 *   authority, an empty host is an error.
 * - `file:` and other schemes have a host only after `//`; without one the status is `ok` with
 *   `kind() == host_kind::none`. Their hosts are percent-decoded and lowercased too, and a host
 *   that is a valid IPv4 address in any spelling is canonicalised like an http one (unlike the
 *   URL Standard's opaque hosts: the programs behind `ssh:`, `git:` or `ftp:` URLs read
 *   `2130706433` as 127.0.0.1 too); an invalid one stays a name instead of failing.
 * - The userinfo is everything before the last `@` of the authority, which ends at the first
 *   `/`, `?`, `#` (or `\`): `https://a@b@evil.net/@x` has the host `evil.net`.
 * - Ports must be digits up to 65535; they are reported, never part of the host.
 * - Percent-escapes in the host are decoded; a bare `%`, invalid UTF-8 after decoding, or a
 *   forbidden code point (controls, space, `# % / : < > ? @ [ \ ] ^ |`, DEL) is `invalid_host`.
 * - One trailing `.` of a name is stripped (S9.1 compares without it).
 *
 * noexcept, no allocation, O(|url|) (only the scheme and authority are read).
 */
[[nodiscard]] inline url_host parse_url_host(std::string_view url) noexcept {
    url_host r;
    detail::url_parser{url, r}.run();
    return r;
}

}  // namespace domains
CLAW_END_NAMESPACE
