// SPDX-License-Identifier: MIT
// Fuzz target: the paths module without the file system. The first byte holds options (Windows
// syntax, folding, allow role, keep_dot_dot); the rest is a path, then after the first newline
// a pattern. Checks: normalisation is deterministic, idempotent and yields the normal form; a
// compiled pattern matches deterministically, folding only adds matches, a one-pattern set
// agrees with the pattern, and a candidate set without resolution holds the lexical path.
#include <claw/paths.hpp>

#include <cstdint>
#include <cstdlib>
#include <memory>
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
    using namespace claw::paths;
    if (size < 1) return 0;
    const unsigned flags = data[0];
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t nl = rest.find('\n');
    const std::string_view input = rest.substr(0, nl);
    const std::string_view spec = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);

    normalize_options o;
    o.cwd = "/w/proj";
    o.home = "/home/u";
    o.syntax = (flags & 1u) ? path_syntax::windows : path_syntax::posix;
    o.keep_dot_dot = (flags & 8u) != 0;
    const bool fold = (flags & 2u) != 0;
    static path_buffer a, b, c;
    const normalize_result r1 = normalize(input, o, a);
    const normalize_result r2 = normalize(input, o, b);
    require(r1.status == r2.status && r1.unc == r2.unc && a.view() == b.view());
    if (r1.ok()) {
        const std::string_view p = a.view();
        require(!p.empty() && p[0] == '/' && p.size() <= path_buffer::capacity());
        require(p.find("//") == std::string_view::npos && p.find("/./") == std::string_view::npos);
        require(p.size() == 1 || p.back() != '/');
        if (!o.keep_dot_dot) require(is_normalized(p));
        if (o.syntax == path_syntax::windows) require(p.find('\\') == std::string_view::npos);
        const normalize_result again = normalize(p, o, c);  // idempotent
        require(again.ok() && c.view() == p);
    } else {
        require(a.view().empty());
    }

    if (spec.empty()) return 0;
    static const anchor_context anchors({"/w/proj", "/home/u", "/etc/claw"}, false);
    try {
        const pattern_options po{(flags & 4u) ? pattern_role::allow : pattern_role::deny};
        const path_pattern pat = path_pattern::compile(spec, anchors, po);
        o.keep_dot_dot = false;
        const std::string_view targets[] = {r1.ok() && !(flags & 8u) ? a.view() : std::string_view("/w/proj/x"),
                                            "/w/proj", "/home/u/.ssh/id_rsa", "/etc/claw/a/b"};
        const pattern_set set(std::vector<path_pattern>{pat});
        for (const auto t : targets) {
            const bool m = pat.matches(t, fold);
            require(m == pat.matches(t, fold));
            if (pat.matches(t, false)) require(pat.matches(t, true));
            require((set.match(t, fold) == 0) == m);
        }
    } catch (const path_pattern_error&) {
        // refused patterns are fine; anything else escapes and crashes
    }

    static candidate_set cands;
    candidate_options co;
    co.cwd = "/w/proj";
    co.home = "/home/u";
    co.resolve = false;
    co.windows = windows_spellings::ignore;
    const path_status st = build_candidates(input, co, cands);
    o.keep_dot_dot = false;
    o.syntax = path_syntax::posix;
    const normalize_result posix = normalize(input, o, b);
    require((st == path_status::ok) == posix.ok());
    if (posix.ok()) require(cands.size() == 1 && cands.lexical() == b.view());
    return 0;
}
