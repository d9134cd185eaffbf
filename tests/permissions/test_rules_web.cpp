// SPDX-License-Identifier: MIT
// RULES.md S9: WebFetch domain rules against every spelling of a host: userinfo, ports, case,
// trailing dot, percent-encoding, IPv4 forms (127.1, 0x7f.1, 2130706433), non-ASCII hosts, and
// non-http schemes; WebFetch and Bash network rules do not grant each other.
#include "test_rules_support.hpp"

using namespace claw::test::rules_fixture;

TEST_CASE("web: a deny domain rule holds against every spelling of the host", "[permissions][rules][web]") {
    const rules_env e(R"J({"deny":["WebFetch(domain:evil.example)"]})J", "danger-full-access");
    for (const char* url : {"https://evil.example/", "https://EVIL.EXAMPLE/", "https://Evil.Example./x", "http://evil.example:8443/",
                            "https://user:pw@evil.example/", "https://good.example@evil.example/", "HTTPS://evil.example",
                            "https://%65vil.example/", "https://evil%2Eexample/", "https:evil.example/", "https:/\\evil.example/",
                            "  https://evil.example/", "https://evil.example#@good.example", "https://evil.example?@good.example",
                            "https://ev\til.example/", "http://evil.example:/", "https://evil.example.:443/"}) {
        INFO(claw::test::visible(url));
        CHECK(e("WebFetch", url) == deny);
    }
    CHECK(e("WebFetch", "https://good.example/evil.example") == allow);
    CHECK(e("WebFetch", "https://evil.example.good.example/") == allow);
}

TEST_CASE("web: userinfo is not the host (https://example.com@evil.net/)", "[permissions][rules][web]") {
    const rules_env e(R"J({"allow":["WebFetch(domain:example.com)"]})J");
    CHECK(e("WebFetch", "https://example.com/docs") == allow);
    CHECK(e("WebFetch", "https://EXAMPLE.com:8080/docs") == allow);
    CHECK(e("WebFetch", "https://example.com./docs") == allow);
    CHECK(e("WebFetch", "https://example.com@evil.net/") == ask);
    CHECK(e("WebFetch", "https://example.com:x@evil.net/") == ask);
    CHECK(e("WebFetch", "https://evil.net/?u=https://example.com") == ask);
    CHECK(e("WebFetch", "https://example.com.evil.net/") == ask);
    CHECK(e("WebFetch", "https://notexample.com/") == ask);
    CHECK(e("WebFetch", "https://sub.example.com/") == ask);
}

TEST_CASE("web: *.example.com matches subdomains at any depth, not the apex; other * one label", "[permissions][rules][web]") {
    const rules_env e(R"J({"allow":["WebFetch(domain:*.example.com)","WebFetch(domain:api.*.test)"]})J");
    CHECK(e("WebFetch", "https://a.example.com/") == allow);
    CHECK(e("WebFetch", "https://a.b.c.example.com/") == allow);
    CHECK(e("WebFetch", "https://example.com/") == ask);
    CHECK(e("WebFetch", "https://aexample.com/") == ask);
    CHECK(e("WebFetch", "https://api.x.test/") == allow);
    CHECK(e("WebFetch", "https://api.x.y.test/") == ask);
    const rules_env any(R"J({"allow":["WebFetch(domain:*)"]})J");
    CHECK(any("WebFetch", "https://anything.example/") == allow);
}

TEST_CASE("web: IPv4 literals are canonicalised before matching", "[permissions][rules][web]") {
    const rules_env e(R"J({"deny":["WebFetch(domain:127.0.0.1)","WebFetch(domain:169.254.169.254)"]})J", "danger-full-access");
    for (const char* url : {"http://127.0.0.1/", "http://127.1/", "http://0x7f.1/", "http://2130706433/", "http://0177.0.0.1/",
                            "http://0x7f000001/", "http://127.0.0.1./", "http://127.000.000.001/", "http://169.254.169.254/latest",
                            "http://0xa9fea9fe/", "http://2852039166/"}) {
        INFO(url);
        CHECK(e("WebFetch", url) == deny);
    }
    CHECK(e("WebFetch", "http://127.0.0.2/") == allow);
}

TEST_CASE("web: non-http(s) schemes are an ask floor, even with an allow rule and in danger-full-access",
          "[permissions][rules][web][floors]") {
    for (const auto& mode : {"default", "danger-full-access"}) {
        INFO(mode);
        const rules_env e(R"J({"allow":["WebFetch"]})J", mode);
        for (const char* url : {"file:///etc/passwd", "ftp://example.com/", "gopher://example.com/", "ws://example.com/"}) {
            INFO(url);
            CHECK(e("WebFetch", url) == ask);
        }
        CHECK(e("WebFetch", "https://example.com/") == allow);
    }
    const rules_env ni(R"J({"allow":["WebFetch"]})J", "dont-ask");
    CHECK(ni("WebFetch", "file:///etc/passwd") == deny);
}

TEST_CASE("web: a URL that cannot be read is malformed input, denied", "[permissions][rules][web]") {
    const rules_env e(R"J({"allow":["WebFetch"]})J", "danger-full-access");
    for (const char* url : {"", "https://", "https://exa mple.com/", "https://[::1/", "http://a%00b.com/", "https://256.256.256.256/"}) {
        INFO(claw::test::visible(url));
        const result r = e.check("WebFetch", url);
        CHECK(r.what == deny);
    }
}

TEST_CASE("web: non-ASCII hosts are never auto-approved", "[permissions][rules][web]") {
    const rules_env e(R"J({"allow":["WebFetch"]})J", "default");
    CHECK(e("WebFetch", "https://b\xC3\xBC" "cher.example/") == ask);
}

TEST_CASE("web: a deny rule holds against Unicode spellings of the host (IDNA, full-width forms)",
          "[permissions][rules][web]") {
    // S9.2: hosts are taken from a WHATWG-style parse and IDNs converted to punycode, so
    // `https://evil。example/` (U+3002) and full-width letters are evil.example, and bücher.example
    // is xn--bcher-kva.example. A deny rule must deny them, not fall back to the non-ASCII ask.
    const rules_env e(R"J({"deny":["WebFetch(domain:evil.example)","WebFetch(domain:xn--bcher-kva.example)"]})J",
                      "danger-full-access");
    CHECK(e("WebFetch", "https://evil\xE3\x80\x82" "example/") == deny);             // ideographic full stop
    CHECK(e("WebFetch", "https://\xEF\xBD\x85vil.example/") == deny);                // full-width e
    CHECK(e("WebFetch", "https://EVIL\xEF\xBC\x8E" "example/") == deny);             // full-width full stop
    CHECK(e("WebFetch", "https://b\xC3\xBC" "cher.example/") == deny);               // bücher
    CHECK(e("WebFetch", "https://xn--bcher-kva.example/") == deny);
}

TEST_CASE("web: WebFetch rules do not grant shell network commands and Bash rules do not grant WebFetch (S9.4)",
          "[permissions][rules][web]") {
    const rules_env e(R"J({"allow":["WebFetch(domain:example.com)"]})J");
    CHECK(e("WebFetch", "https://example.com/") == allow);
    CHECK(e("Bash", "curl https://example.com/") == ask);
    const rules_env f(R"J({"allow":["Bash(curl *)"]})J");
    CHECK(f("Bash", "curl https://example.com/") == allow);
    CHECK(f("WebFetch", "https://example.com/") == ask);
}

TEST_CASE("web: network is ask in read-only, default and workspace-write, allow in danger-full-access", "[permissions][rules][web][modes]") {
    CHECK(rules_env("{}", "read-only")("WebFetch", "https://example.com/") == ask);
    CHECK(rules_env("{}", "default")("WebFetch", "https://example.com/") == ask);
    CHECK(rules_env("{}", "workspace-write")("WebFetch", "https://example.com/") == ask);
    CHECK(rules_env("{}", "danger-full-access")("WebFetch", "https://example.com/") == allow);
    CHECK(rules_env("{}", "dont-ask")("WebFetch", "https://example.com/") == deny);
    // An allow rule lifts the network baseline in read-only: network is not a ceiling.
    CHECK(rules_env(R"J({"allow":["WebFetch(domain:example.com)"]})J", "read-only")("WebFetch", "https://example.com/") == allow);
}
