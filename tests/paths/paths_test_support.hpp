// SPDX-License-Identifier: MIT
// Helpers of the paths and domains tests: a temporary tree with symbolic links, reference
// implementations to compare the optimised code with (a string-based normaliser, a recursive
// matcher on top of fnmatch(3)), and small conveniences.
#pragma once

#include <claw/paths.hpp>

#include "../support/test_support.hpp"

#include <fnmatch.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace claw::test::paths {

namespace fs = std::filesystem;

/** A temporary directory (canonical path) in which tests build trees with links. */
struct tree {
    claw::test::temp_dir dir;
    std::string root;  // canonical, no trailing slash

    explicit tree(const std::string& tag) : dir(tag), root(fs::canonical(dir.path).string()) {}

    std::string at(std::string_view rel) const { return rel.empty() ? root : root + "/" + std::string(rel); }
    void mkdir(std::string_view rel) const { fs::create_directories(at(rel)); }
    void file(std::string_view rel, std::string_view content = "x") const {
        fs::create_directories(fs::path(at(rel)).parent_path());
        claw::test::write_file(at(rel), content);
    }
    /** Creates `rel` as a symbolic link whose target text is `target` (relative or absolute, as given). */
    void link(std::string_view rel, const std::string& target) const {
        fs::create_directories(fs::path(at(rel)).parent_path());
        fs::create_symlink(target, at(rel));
    }
};

/** The resolution object is large: one per test, on the heap. */
inline std::unique_ptr<claw::paths::resolution> new_resolution() { return std::make_unique<claw::paths::resolution>(); }
inline std::unique_ptr<claw::paths::candidate_set> new_candidates() { return std::make_unique<claw::paths::candidate_set>(); }

/** `normalize` returning a std::string ("!" + status name on failure). */
inline std::string norm(std::string_view in, const claw::paths::normalize_options& o) {
    claw::paths::path_buffer b;
    const auto r = claw::paths::normalize(in, o, b);
    return r.ok() ? std::string(b.view()) : claw::test::cat("!", claw::paths::to_string(r.status));
}

/** Straightforward POSIX normaliser used as the reference (no buffers, no limits). */
inline std::string reference_normalize(const std::string& in, const std::string& cwd) {
    std::string full = (!in.empty() && in[0] == '/') ? in : cwd + "/" + in;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= full.size(); ++i) {
        if (i == full.size() || full[i] == '/') {
            const std::string c = full.substr(start, i - start);
            start = i + 1;
            if (c.empty() || c == ".") continue;
            if (c == "..") {
                if (!parts.empty()) parts.pop_back();
                continue;
            }
            parts.push_back(c);
        }
    }
    std::string out;
    for (const auto& p : parts) out += "/" + p;
    return out.empty() ? "/" : out;
}

/** Splits a normalised path below a prefix into names. */
inline std::vector<std::string> names_of(std::string_view rest) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= rest.size(); ++i) {
        if (i == rest.size() || rest[i] == '/') {
            if (i > start) out.emplace_back(rest.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

/**
 * Reference gitignore matcher for a body of names (no anchors): `**` names recurse, other names
 * go to fnmatch(3) (C locale, escapes on, no FNM_PERIOD), optionally with FNM_CASEFOLD.
 * Exponential in the number of `**`: for small inputs only.
 */
inline bool reference_match(const std::vector<std::string>& pat, std::size_t pi, const std::vector<std::string>& names,
                            std::size_t ni, bool fold) {
    if (pi == pat.size()) return ni == names.size();
    if (pat[pi] == "**") {
        for (std::size_t k = ni; k <= names.size(); ++k)
            if (reference_match(pat, pi + 1, names, k, fold)) return true;
        return false;
    }
    if (ni == names.size()) return false;
    const int flags = fold ? FNM_CASEFOLD : 0;
    if (::fnmatch(pat[pi].c_str(), names[ni].c_str(), flags) != 0) return false;
    return reference_match(pat, pi + 1, names, ni + 1, fold);
}

/** A random element of a list. */
template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

inline bool coin(std::mt19937_64& rng, int percent) { return std::uniform_int_distribution<int>(0, 99)(rng) < percent; }

}  // namespace claw::test::paths
