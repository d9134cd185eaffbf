// SPDX-License-Identifier: MIT
// The path and domain cases of the golden rules_cases.json (copied to tests/data/paths/), run
// through a small model of RULES.md S13 restricted to path and domain facts: deny rules
// (may-match on every candidate, folded), the read-only ceiling for writes, the protected-path
// floor, allow rules (lexical and resolved must match), the mode baselines, non-interactive
// asks. It is the evaluation claw::rules_policy performs, reduced to what these cases need, to
// show the modules answer each case's path question the way the expected verdict requires.
#include <claw/domains.hpp>
#include <claw/paths.hpp>

#include "paths_test_support.hpp"

namespace {

using claw::paths::pattern_role;

enum class verdict { allow, ask, deny };
const char* name(verdict v) { return v == verdict::allow ? "allow" : v == verdict::ask ? "ask" : "deny"; }
verdict max(verdict a, verdict b) { return static_cast<int>(a) > static_cast<int>(b) ? a : b; }

struct rule {
    std::string tool, spec;
};
rule parse_rule(const std::string& text) {
    const auto open = text.find('(');
    if (open == std::string::npos) return {text, ""};
    return {text.substr(0, open), text.substr(open + 1, text.size() - open - 2)};
}

struct case_env {
    claw::test::paths::tree t{"claw-rules-cases"};
    std::string rewrite(std::string s) const {
        for (const std::string from : {"/w/proj", "/home/u"}) {
            for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + t.root.size() + from.size()))
                s.replace(at, from.size(), t.root + from);
        }
        return s;
    }
};

/** S10.2 protected names (the part these cases need). */
bool is_protected(std::string_view path) {
    for (const auto& n : claw::test::paths::names_of(path))
        for (const char* p : {".git", ".claw", ".claude", ".vscode", ".idea", ".husky", ".bashrc", ".profile", ".zshrc",
                              ".gitconfig", ".mcp.json", ".claw.json"})
            if (n == p) return true;
    return false;
}

verdict evaluate_path(const boost::json::object& c, case_env& env, std::string& why) {
    const std::string tool = claw::test::str(c.at("tool"));
    const std::string mode = claw::test::str(c.at("mode"));
    std::string input;
    bool write = tool == "Edit" || tool == "Write";
    if (c.contains("path_fact")) {
        const auto& f = c.at("path_fact").as_object();
        input = claw::test::str(f.at("path"));
        write = claw::test::str(f.at("kind")) == "write";
    } else if (c.contains("input_json")) {
        input = claw::test::str(c.at("input_json").at("file_path"));
    } else {
        input = claw::test::str(c.at("input"));
    }
    input = env.rewrite(input);
    const std::string proj = env.t.at("w/proj"), home = env.t.at("home/u");
    std::string settings_dir = proj;  // project layer: '/x' is relative to the project root
    if (c.contains("context") && c.at("context").as_object().contains("rule_source")) {
        const std::string src = claw::test::str(c.at("context").at("rule_source"));
        if (src.rfind("user:", 0) == 0) settings_dir = home + "/.claw";
    }
    const claw::paths::anchor_context anchors({proj, home, settings_dir});
    auto cands = claw::test::paths::new_candidates();
    claw::paths::candidate_options o;
    o.cwd = proj;
    o.home = home;
    claw::paths::build_candidates(input, o, *cands);
    const auto rules = [&](const char* list) {
        std::vector<rule> out;
        for (const auto& r : c.at("rules").at(list).as_array()) {
            rule x = parse_rule(claw::test::str(r));
            x.spec = env.rewrite(x.spec);
            out.push_back(x);
        }
        return out;
    };
    // A Read rule covers reads; an Edit/Write rule covers writes; a Read deny also covers writes (S8.6).
    const auto applies = [&](const rule& r, bool deny) {
        if (r.tool == "Read") return !write || deny;
        if (r.tool == "Edit" || r.tool == "Write") return write;
        return false;
    };
    // 1. deny rules: may-match on every candidate, ASCII-folded (S8.3, S8.4)
    for (const auto& r : rules("deny")) {
        if (!applies(r, true)) continue;
        const auto p = claw::paths::path_pattern::compile(r.spec, anchors, {pattern_role::deny});
        if (claw::paths::any_candidate_matches(*cands, p, true)) {
            why = "deny rule " + r.tool + "(" + r.spec + ")";
            return verdict::deny;
        }
    }
    if (!cands->ok()) {
        why = "unknown path";
        return verdict::ask;
    }
    // 2. the read-only ceiling
    if (write && mode == "read-only") {
        why = "read-only forbids writes";
        return verdict::deny;
    }
    verdict v = verdict::allow;
    // 3. floors: protected paths (writes)
    if (write && mode != "danger-full-access") {
        for (const auto path : cands->all())
            if (is_protected(path)) {
                v = verdict::ask;
                why = "protected path";
            }
    }
    // 5. allow rules (lexical and resolved must match) or the baseline
    verdict fact = verdict::ask;
    bool allowed = false;
    for (const auto& r : rules("allow")) {
        if (!applies(r, false)) continue;
        const auto p = claw::paths::path_pattern::compile(r.spec, anchors, {pattern_role::allow});
        if (claw::paths::lexical_and_resolved_match(*cands, p, false)) allowed = true;
    }
    const auto root = claw::paths::path_pattern::compile("./", anchors, {pattern_role::allow});
    const bool inside = claw::paths::lexical_and_resolved_match(*cands, root, false);
    if (allowed) {
        fact = verdict::allow;
    } else if (mode == "danger-full-access") {
        fact = verdict::allow;
    } else if (!write) {
        fact = inside ? verdict::allow : verdict::ask;
    } else {
        fact = inside && mode == "workspace-write" ? verdict::allow : verdict::ask;
    }
    if (fact == verdict::ask && v != verdict::ask) why = inside ? "not covered (baseline)" : "outside the roots";
    v = max(v, fact);
    if (v == verdict::ask && mode == "dont-ask") v = verdict::deny;
    return v;
}

verdict evaluate_domain(const boost::json::object& c, std::string& why) {
    const auto h = claw::domains::parse_url_host(claw::test::str(c.at("input")));
    if (!h.ok()) {
        why = "malformed URL";
        return verdict::deny;
    }
    const auto domain_rules = [&](const char* list) {
        std::vector<std::string> out;
        for (const auto& r : c.at("rules").at(list).as_array()) {
            const rule x = parse_rule(claw::test::str(r));
            if (x.tool == "WebFetch" && x.spec.rfind("domain:", 0) == 0) out.push_back(x.spec.substr(7));
        }
        return out;
    };
    const auto deny = claw::domains::domain_pattern_set::compile(domain_rules("deny"));
    if (deny.match(h.host()) != claw::domains::domain_pattern_set::npos) {
        why = "deny rule";
        return verdict::deny;
    }
    const auto allow = claw::domains::domain_pattern_set::compile(domain_rules("allow"));
    const bool flagged = h.non_http_scheme() || h.non_ascii_host();
    if (!flagged && allow.match(h.host()) != claw::domains::domain_pattern_set::npos) {
        why = "allow rule matched host " + std::string(h.host());
        return verdict::allow;
    }
    why = "network baseline for host " + std::string(h.host());
    return claw::test::str(c.at("mode")) == "danger-full-access" ? verdict::allow : verdict::ask;
}

}  // namespace

TEST_CASE("the path and domain cases of rules_cases.json get their expected verdicts", "[paths][domains][rules]") {
    const auto doc = claw::test::load_json("paths/rules_path_cases.json");
    std::size_t run = 0;
    for (const auto& v : doc.at("cases").as_array()) {
        const auto& c = v.as_object();
        const std::string expected = claw::test::str(c.at("expected"));
        const std::string tool = claw::test::str(c.at("tool"));
        case_env env;
        env.t.mkdir("w/proj");
        env.t.mkdir("home/u");
        if (c.contains("context") && c.at("context").as_object().contains("symlink"))
            for (const auto& [link, target] : c.at("context").at("symlink").as_object()) {
                const std::string from = env.rewrite(std::string(link)), to = env.rewrite(claw::test::str(target));
                std::filesystem::create_directories(std::filesystem::path(from).parent_path());
                std::filesystem::create_directories(std::filesystem::path(to).parent_path());
                claw::test::write_file(to, "secret");
                std::filesystem::create_symlink(to, from);
            }
        std::string why;
        const verdict got = tool == "WebFetch" ? evaluate_domain(c, why) : evaluate_path(c, env, why);
        INFO("case " << c.at("id").as_int64() << " (" << claw::test::str(c.at("why")) << "): got " << name(got)
                     << " because " << why);
        CHECK(std::string(name(got)) == expected);
        ++run;
    }
    WARN("ran " << run << " path and domain cases of rules_cases.json");
    CHECK(run == 19);
}
