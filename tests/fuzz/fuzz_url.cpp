// SPDX-License-Identifier: MIT
// Fuzz target: URL hosts and domain patterns. The input is a URL, then after the first newline a
// domain pattern. Checks: parsing is deterministic; an accepted host is non-empty, bounded,
// lowercase ASCII without forbidden code points (unless flagged non-ASCII), ends in a dot only
// when it is a name (whose URL spelling ended in two), and is canonical (parsing "http://" + host + "/" gives it
// back for special schemes); a pattern compiled from a host
// matches it; a compiled pattern matches deterministically and a one-pattern set agrees with it.
#include <claw/domains.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#ifndef CLAW_FUZZ_ENTRY
#define CLAW_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

namespace {
void require(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int CLAW_FUZZ_ENTRY(const std::uint8_t* data, std::size_t size) {
    using namespace claw::domains;
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const std::size_t nl = all.find('\n');
    const std::string_view url = all.substr(0, nl);
    const std::string_view spec = nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);

    const url_host h1 = parse_url_host(url);
    const url_host h2 = parse_url_host(url);
    require(h1.status() == h2.status() && h1.host() == h2.host() && h1.kind() == h2.kind() &&
            h1.non_ascii_host() == h2.non_ascii_host());
    const std::string_view host = h1.host();
    if (!h1.ok()) require(host.empty());
    if (h1.ok() && h1.kind() != host_kind::none) {
        require(!host.empty() && host.size() <= CLAW_URL_HOST_MAX);
        if (!h1.non_ascii_host()) {
            for (const char c : host) {
                const auto b = static_cast<unsigned char>(c);
                require(b < 0x80 && !(c >= 'A' && c <= 'Z'));
                if (h1.kind() != host_kind::ipv6) require(!detail::is_forbidden_domain(b));
            }
            // One trailing dot is stripped (S9.1), so "a.." keeps one; such hosts are not re-parsed.
            const bool dotted = host.size() > 1 && host.back() == '.';
            if (dotted) require(h1.kind() == host_kind::domain);
            if (h1.scheme() != scheme_kind::other && !dotted) {
                const url_host again = parse_url_host("http://" + std::string(host) + "/");
                require(again.ok() && again.host() == host);
            }
            // (A name such as "1.2.3.0x1." reads as an IPv4 address once a pattern strips its
            // dot, so only hosts without a trailing dot are spelled back as patterns.)
            if (host.find('*') == std::string_view::npos && !dotted) {
                try {
                    require(domain_pattern::compile(host).matches(host));
                } catch (const domain_pattern_error&) {
                    // hosts may hold empty labels, which patterns refuse
                }
            }
        }
    }

    if (spec.empty()) return 0;
    try {
        const domain_pattern p = domain_pattern::compile(spec);
        const domain_pattern_set set(std::vector<domain_pattern>{p});
        for (const std::string_view t : {host, std::string_view("example.com"), std::string_view("a.b.example.com"),
                                         std::string_view("127.0.0.1"), std::string_view("[::1]")}) {
            const bool m = p.matches(t);
            require(m == p.matches(t));
            require((set.match(t) == 0) == m);
        }
    } catch (const domain_pattern_error&) {
    }
    return 0;
}
