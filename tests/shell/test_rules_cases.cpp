// SPDX-License-Identifier: MIT
// The shell cases of tests/data/rules_cases.json (a copy of the shared golden vectors), checked at
// the level the shell module can decide without the rules engine: which facts a deny/ask rule
// matches, whether every fact is covered by an allow rule or the built-in read-only set, and the
// floors' inputs (critical removals, redirect writes, network). Cases that depend on modes,
// layers, trust or parameters only are listed with their reason.
#include <claw/permissions/rules/shell_pattern.hpp>
#include <claw/shell.hpp>

#include "../support/test_support.hpp"

#include <iostream>
#include <memory>

namespace {
struct outcome {
    bool deny = false, ask = false, covered = false, floor = false;
};

std::vector<std::string> bash_rules(const boost::json::value& rules, const char* list) {
    std::vector<std::string> out;
    for (const auto& r : rules.at(list).as_array()) {
        const std::string s = claw::test::str(r);
        const auto open = s.find('(');
        const std::string tool = s.substr(0, open);
        std::string lower;
        for (const char c : tool) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (lower != "bash") continue;
        if (open == std::string::npos || s.substr(open) == "()" || s.substr(open) == "(*)") {
            out.push_back("*");
            continue;
        }
        out.push_back(s.substr(open + 1, s.size() - open - 2));
    }
    return out;
}

bool is_param_rule(const std::string& spec) {
    const auto colon = spec.find(':');
    return colon != std::string::npos && colon > 0 && spec.find(' ') > colon && spec.substr(colon, 2) != ":*";
}
}  // namespace

TEST_CASE("shell cases of the rules vectors, at the shell level", "[shell][vectors]") {
    const auto cases = claw::test::load_json("rules_cases.json").as_array();
    auto a = std::make_unique<claw::shell::analysis>();
    std::size_t checked = 0;
    std::vector<std::string> skipped;
    for (const auto& v : cases) {
        const auto& c = v.as_object();
        const std::string tool = claw::test::str(c.at("tool"));
        if (tool != "Bash" && tool != "bash" && tool != "BashTool") continue;
        const std::string id = std::to_string(c.at("id").as_int64());
        const std::string input = claw::test::str(c.at("input"));
        const std::string expected = claw::test::str(c.at("expected"));
        const std::string mode = claw::test::str(c.at("mode"));
        const auto deny = bash_rules(c.at("rules"), "deny");
        const auto ask = bash_rules(c.at("rules"), "ask");
        const auto allow = bash_rules(c.at("rules"), "allow");
        bool params = false;
        for (const auto* list : {&deny, &ask, &allow})
            for (const auto& r : *list) params = params || is_param_rule(r);
        if (c.contains("layers") || c.contains("input_json") || params || c.contains("context")) {
            skipped.push_back(id + " (layers, trust, overrides or parameter rules: rules engine)");
            continue;
        }
        claw::shell::analyze(input, *a);
        outcome o;
        const auto matches_any = [&](const std::vector<std::string>& rules) {
            for (const auto& r : rules) {
                if (r == "*") return true;
                const auto p = claw::rules::shell_pattern::compile(r);
                for (const auto& cmd : a->commands())
                    if (p.may_match(*a, cmd) != claw::rules::may_result::no) return true;
                if (!a->complete()) {
                    std::vector<std::array<char, 256>> bufs(p.elements().size());
                    std::vector<std::string_view> words;
                    for (std::size_t i = 0; i < p.elements().size(); ++i)
                        if (p.elements()[i].kind == claw::rules::element_kind::literal)
                            words.push_back(claw::shell::scan_tokens::normalize(p.elements()[i].text, bufs[i]));
                    if (claw::shell::scan_matches(input, words)) return true;
                }
            }
            return false;
        };
        o.deny = matches_any(deny);
        o.ask = matches_any(ask);
        o.covered = a->complete();
        for (const auto& cmd : a->commands()) {
            if (!claw::rules::requires_allow(cmd)) continue;
            bool ok = claw::rules::builtin_read_only(*a, cmd).what == claw::rules::read_only::yes;
            for (const auto& r : allow) ok = ok || r == "*" || claw::rules::shell_pattern::compile(r).must_match(*a, cmd);
            o.covered = o.covered && ok;
        }
        for (const auto& r : a->redirects())
            if ((r.writes() || (r.flags & claw::shell::redirect_flags::network)) && !(r.flags & claw::shell::redirect_flags::sink))
                o.floor = true;
        for (const auto& cmd : a->commands())
            claw::rules::for_each_removal_target(*a, cmd, [&](const claw::rules::removal_target& t) {
                const std::string_view w = a->words()[t.word].text;
                if (w == "/" || w == "~" || w == "." || w == ".." || w == "*" || t.variable_then_glob) o.floor = true;
            });
        INFO("case " << id << ": " << claw::test::visible(input) << " expected " << expected << " in " << mode);
        if (mode == "not-a-mode") {
            skipped.push_back(id + " (configuration error: rules engine)");
            continue;
        }
        if (expected == "deny" && !deny.empty()) {
            CHECK(o.deny);
        } else if (expected == "deny" && deny.empty() && !c.at("rules").at("deny").as_array().empty()) {
            // a path rule (Read/Edit) denies: the redirect's file fact must be there for it
            bool file_fact = false;
            for (const auto& r : a->redirects())
                if (r.target >= 0 && (r.reads() || r.writes())) file_fact = true;
            CHECK(file_fact);
        } else if (expected == "deny" && (mode == "dont-ask" || mode == "dontAsk")) {
            CHECK(!o.deny);
            CHECK((o.ask || !o.covered || o.floor));  // something would ask, and asking is denied
        } else if (expected == "ask" && !ask.empty()) {
            CHECK(o.ask);
            CHECK(!o.deny);
        } else if (expected == "ask") {
            CHECK(!o.deny);
            CHECK((!o.covered || o.floor));
        } else if (expected == "allow") {
            CHECK(!o.deny);
            CHECK(!o.ask);
            if (allow.empty() && mode == "workspace-write") {
                skipped.push_back(id + " (allowed by the workspace-write baseline for filesystem commands: rules engine)");
                continue;
            }
            CHECK(o.covered);
            CHECK(!o.floor);
        } else {
            skipped.push_back(id + " (" + expected + " decided by the mode alone)");
            continue;
        }
        ++checked;
    }
    std::cout << "rules vectors: " << checked << " shell cases checked at the shell level, " << skipped.size()
              << " left to the rules engine:";
    for (const auto& s : skipped) std::cout << "\n  case " << s;
    std::cout << "\n";
    CHECK(checked >= 45);
}
