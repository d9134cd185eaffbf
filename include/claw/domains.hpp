// SPDX-License-Identifier: MIT
// The `domains` module: the host of a URL parsed the WHATWG way (userinfo dropped, IPv4 and IPv6
// spellings canonicalised, percent-escapes decoded, malformed URLs reported), and the domain
// patterns of `WebFetch(domain:...)` rules (RULES.md S9) with an indexed pattern set. It knows
// nothing of rules: `claw::rules_policy` maps `non_http_scheme()` and `non_ascii_host()` to ask.
// Parsing and matching are noexcept and allocate nothing; compiling patterns allocates and
// throws `domain_pattern_error`. There is no full IDNA processing: non-ASCII hosts are flagged,
// and `ascii_host` gives the ASCII spelling deny rules are matched against as well.
// Threads: `domain_pattern` and `domain_pattern_set` never change after construction (const
// members may be called from many threads at once); a `url_host` is a plain value.
#pragma once

#include <claw/domains/idna.hpp>
#include <claw/domains/pattern.hpp>
#include <claw/domains/url.hpp>
