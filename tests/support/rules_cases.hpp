// SPDX-License-Identifier: MIT
// The permission-rule cases of tests/data/rules_cases.json, materialised as RULES.md "Test data"
// says: a temporary folder T holds the tree, every /w/proj and /home/u in rules and inputs is
// prefixed with T, rules go to the project layer (or the layer the case names), symlinks of the
// case are created. Shared by the library test and the claw-port test.
#pragma once

#include "test_support.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace claw::test {

/** One case, ready to run. */
struct rules_case {
    std::int64_t id = 0;
    std::string tool;
    std::string input;     ///< rewritten; the JSON argument object when `input_json`
    bool input_json = false;
    std::string mode;
    std::string expected;  ///< allow, ask or deny
    std::string why;
    bool trusted = true;
    std::string override_verdict;  ///< empty, or allow/ask/deny
    std::filesystem::path cwd, home;
};

inline std::string rewrite_case_paths(std::string s, const std::filesystem::path& root) {
    for (const std::string from : {"/w/proj", "/home/u"}) {
        std::string out;
        std::size_t at = 0;
        for (std::size_t k; (k = s.find(from, at)) != std::string::npos; at = k + from.size()) {
            out += s.substr(at, k - at);
            out += root.string() + from;
        }
        out += s.substr(at);
        s = std::move(out);
    }
    return s;
}

inline boost::json::value rewrite_case_json(const boost::json::value& v, const std::filesystem::path& root) {
    if (v.is_string()) return boost::json::value(rewrite_case_paths(std::string(v.as_string()), root));
    if (v.is_array()) {
        boost::json::array a;
        for (const auto& x : v.as_array()) a.push_back(rewrite_case_json(x, root));
        return a;
    }
    if (v.is_object()) {
        boost::json::object o;
        for (const auto& kv : v.as_object()) o[kv.key()] = rewrite_case_json(kv.value(), root);
        return o;
    }
    return v;
}

/** Writes the tree of case `c` under `root` and returns the case, rewritten. */
inline rules_case materialise_rules_case(const boost::json::object& c, const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    rules_case r;
    r.id = c.at("id").as_int64();
    r.tool = std::string(c.at("tool").as_string());
    r.mode = std::string(c.at("mode").as_string());
    r.expected = std::string(c.at("expected").as_string());
    r.why = std::string(c.at("why").as_string());
    r.cwd = root / "w" / "proj";
    r.home = root / "home" / "u";
    fs::create_directories(r.cwd / ".claw");
    fs::create_directories(r.home / ".claw");
    if (const auto* ij = c.if_contains("input_json")) {
        r.input = boost::json::serialize(rewrite_case_json(*ij, root));
        r.input_json = true;
    } else {
        r.input = rewrite_case_paths(std::string(c.at("input").as_string()), root);
    }
    // Rules per layer file.
    std::map<std::string, boost::json::object> files;  // path -> permissions object
    const auto add_rules = [&](const fs::path& file, const boost::json::object& lists) {
        auto& perms = files[file.string()];
        for (const auto& kv : lists) {
            if (kv.value().as_array().empty()) continue;
            perms[kv.key()] = rewrite_case_json(kv.value(), root);
        }
    };
    fs::path rules_file = r.cwd / ".claw" / "settings.json";
    const boost::json::object* ctx = c.if_contains("context") ? &c.at("context").as_object() : nullptr;
    if (ctx) {
        if (const auto* src = ctx->if_contains("rule_source")) {
            const std::string s(src->as_string());
            const auto colon = s.find(':');
            rules_file = rewrite_case_paths(s.substr(colon + 1), root);
        }
        if (const auto* t = ctx->if_contains("trusted")) r.trusted = t->as_bool();
        if (const auto* o = ctx->if_contains("override")) r.override_verdict = std::string(o->as_string());
        if (const auto* links = ctx->if_contains("symlink")) {
            for (const auto& kv : links->as_object()) {
                const fs::path link = rewrite_case_paths(std::string(kv.key()), root);
                const fs::path target = rewrite_case_paths(std::string(kv.value().as_string()), root);
                fs::create_directories(link.parent_path());
                fs::create_directories(target.parent_path());
                write_file(target, "secret");
                fs::create_symlink(target, link);
            }
        }
    }
    if (const auto* layers = c.if_contains("layers")) {
        for (const auto& kv : layers->as_object()) {
            const std::string layer(kv.key());
            const fs::path file = layer == "user"    ? r.home / ".claw" / "settings.json"
                                  : layer == "local" ? r.cwd / ".claw" / "settings.local.json"
                                                     : r.cwd / ".claw" / "settings.json";
            add_rules(file, kv.value().as_object());
        }
    } else {
        add_rules(rules_file, c.at("rules").as_object());
    }
    for (const auto& [file, perms] : files) {
        fs::create_directories(fs::path(file).parent_path());
        boost::json::object doc;
        doc["permissions"] = perms;
        write_file(file, boost::json::serialize(doc));
    }
    return r;
}

/** Every case of rules_cases.json. */
inline std::vector<boost::json::object> rules_case_objects() {
    std::vector<boost::json::object> out;
    const boost::json::value all = load_json("rules_cases.json");
    for (const auto& c : all.as_array()) out.push_back(c.as_object());
    return out;
}

}  // namespace claw::test
