// SPDX-License-Identifier: MIT
// Helpers shared by the test executables: golden data, byte-exact comparison with the first
// differing position, and the Python oracle used for cross-checks when python3 is available.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <unistd.h>

namespace claw::test {

/** The folder holding the golden files copied from the reference. */
inline std::filesystem::path data_dir() { return CLAW_TEST_DATA_DIR; }

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test file " + p.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, std::string_view text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("cannot write test file " + p.string());
}

/** Parses a golden JSON file from tests/data. */
inline boost::json::value load_json(const std::string& relative) {
    return boost::json::parse(read_file(data_dir() / relative));
}

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

/**
 * The pieces appended into one string; integers (not `char`) as `std::to_string` writes them:
 * `cat("chain/c", i)`. Use it instead of `"literal" + std::string`, in which GCC 12 at -O3 reports
 * a false -Wrestrict overlap.
 */
template <class... Pieces>
std::string cat(const Pieces&... pieces) {
    std::string out;
    const auto add = [&out](const auto& p) {
        using piece = std::decay_t<decltype(p)>;
        if constexpr (std::is_integral_v<piece> && !std::is_same_v<piece, char>) out += std::to_string(p);
        else out += p;
    };
    (add(pieces), ...);
    return out;
}

/** Escapes bytes for a failure message: printable ASCII as is, everything else as \xNN. */
inline std::string visible(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        if (b >= 0x20 && b < 0x7F && b != '\\') {
            out.push_back(ch);
        } else {
            out += "\\x";
            out.push_back(hex[b >> 4]);
            out.push_back(hex[b & 0xF]);
        }
    }
    return out;
}

/** Empty when equal; otherwise where and how the two byte strings first differ. */
inline std::string first_difference(std::string_view actual, std::string_view expected) {
    if (actual == expected) return {};
    std::size_t i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
    const std::size_t from = i > 20 ? i - 20 : 0;
    std::ostringstream os;
    os << "first difference at byte " << i << " (actual " << actual.size() << " bytes, expected "
       << expected.size() << ")\n  actual:   ..." << visible(actual.substr(from, 60)) << "\n  expected: ..."
       << visible(expected.substr(from, 60));
    return os.str();
}

/** Byte-exact comparison that prints the first differing position on failure. */
#define CLAW_REQUIRE_SAME_BYTES(actual, expected)                                       \
    do {                                                                                \
        const std::string claw_diff_ = ::claw::test::first_difference((actual), (expected)); \
        INFO(claw_diff_);                                                               \
        REQUIRE(claw_diff_.empty());                                                    \
    } while (0)

inline std::string to_hex(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * s.size());
    for (const char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 0xF]);
    }
    return out;
}

inline std::string from_hex(std::string_view h) {
    const auto val = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    out.reserve(h.size() / 2);
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(val(h[i]) * 16 + val(h[i + 1])));
    return out;
}

/** A command-line argument, quoted for a failure message. */
inline std::string repr_arg(const std::string& a) {
    std::string out(1, '\'');  // appended, not `"'" + std::string&&` (GCC 12 -Wrestrict false positive)
    out += visible(a);
    out += '\'';
    return out;
}

/** True when the build found a python3 to use as an oracle. */
inline bool have_python() { return std::string_view(CLAW_TEST_PYTHON).size() > 0; }

/**
 * Runs tests/python/oracle.py in `mode` over `lines` (each line's fields hex-encoded and separated
 * by spaces) and returns its output lines (hex-decoded).
 */
inline std::vector<std::string> python_oracle(const std::string& mode, const std::vector<std::string>& lines) {
    const auto dir = std::filesystem::temp_directory_path() / ("claw-oracle-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto in = dir / "in.txt";
    const auto out = dir / "out.txt";
    std::string text;
    for (const auto& l : lines) {
        text += l;
        text += '\n';
    }
    write_file(in, text);
    const std::string cmd = std::string("\"") + CLAW_TEST_PYTHON + "\" \"" + CLAW_TEST_ORACLE + "\" " + mode + " < \"" +
                            in.string() + "\" > \"" + out.string() + "\"";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("python oracle failed: " + cmd);
    std::vector<std::string> result;
    std::istringstream is(read_file(out));
    for (std::string l; std::getline(is, l);) result.push_back(from_hex(l));
    std::filesystem::remove_all(dir);
    return result;
}

}  // namespace claw::test

#include <claw/text/utf8.hpp>

#include <random>

namespace claw::test {

/**
 * A random valid UTF-8 string of up to `max_cps` code points, weighted towards what breaks text
 * code: ASCII letters and punctuation, controls, quotes and backslashes, whitespace of every kind,
 * Greek capital sigma with cased and case-ignorable neighbours, U+0130, and code points from every
 * plane.
 */
inline std::string random_text(std::mt19937_64& rng, std::size_t max_cps) {
    static constexpr char32_t specials[] = {
        '"', '\'', '\\', '/', '\n', '\r', '\t', '\b', '\f', 0x7F, 0x85, 0xA0, 0x3A3, 0x3A3, 0x3C3, 0x130, 0x307,
        0x345, 0x2E, 0x3A, 0x27, 0x1680, 0x2000, 0x200A, 0x200B, 0x180E, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
        0x1C, 0x1F, 0xAD, 0x2C0, 0x10400, 0x1F600, 0xFEFF, 0xFFFD, 0x212A, 0x1E9E, 0xDF, 0x10FFFF};
    std::uniform_int_distribution<std::size_t> len_dist(0, max_cps);
    std::uniform_int_distribution<int> kind(0, 99);
    std::string out;
    const std::size_t n = len_dist(rng);
    for (std::size_t i = 0; i < n; ++i) {
        const int k = kind(rng);
        char32_t cp;
        if (k < 35) {
            cp = std::uniform_int_distribution<char32_t>(0x20, 0x7E)(rng);
        } else if (k < 40) {
            cp = std::uniform_int_distribution<char32_t>(0, 0x1F)(rng);
        } else if (k < 60) {
            cp = specials[std::uniform_int_distribution<std::size_t>(0, std::size(specials) - 1)(rng)];
        } else if (k < 72) {
            cp = std::uniform_int_distribution<char32_t>(0x80, 0x5FF)(rng);
        } else if (k < 82) {
            cp = std::uniform_int_distribution<char32_t>(0x600, 0xFFFF)(rng);
        } else {
            cp = std::uniform_int_distribution<char32_t>(0x10000, 0x10FFFF)(rng);
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x3A3;
        claw::text::append_utf8(out, cp);
    }
    return out;
}

/** Random bytes, often but not always valid UTF-8: a valid string with bytes flipped or cut. */
inline std::string random_bytes_text(std::mt19937_64& rng, std::size_t max_cps) {
    std::string s = random_text(rng, max_cps);
    std::uniform_int_distribution<int> flips(0, 3);
    for (int f = flips(rng); f > 0 && !s.empty(); --f) {
        const std::size_t at = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
        s[at] = static_cast<char>(std::uniform_int_distribution<int>(0x80, 0xFF)(rng));
    }
    return s;
}

}  // namespace claw::test

namespace claw::test {

/** Every code point except the surrogates, each as its own UTF-8 string. */
inline std::vector<std::string> every_code_point(char32_t step_after_bmp_start = 1) {
    std::vector<std::string> out;
    for (char32_t cp = 0; cp < 0x110000; cp += (cp < 0x3100 ? 1 : step_after_bmp_start)) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        std::string s;
        claw::text::append_utf8(s, cp);
        out.push_back(std::move(s));
    }
    return out;
}

/**
 * Asks the Python oracle in `mode` about every input, compares with `ours(input)` and returns
 * the number of disagreements, reporting the first five.
 */
template <class F>
std::size_t python_disagreements(const std::string& mode, const std::vector<std::string>& inputs, F&& ours) {
    std::vector<std::string> lines;
    lines.reserve(inputs.size());
    for (const auto& s : inputs) lines.push_back(to_hex(s));
    const auto expected = python_oracle(mode, lines);
    REQUIRE(expected.size() == inputs.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string got = ours(inputs[i]);
        if (got != expected[i] && ++mismatches <= 5)
            UNSCOPED_INFO("input " << visible(inputs[i]) << ": " << first_difference(got, expected[i]));
    }
    return mismatches;
}

}  // namespace claw::test

namespace claw::test {

/** One case of permission_cases.json. */
struct permission_case {
    std::vector<std::string> deny_names, deny_prefixes;
    std::string tool;
    bool blocked = false, bash_gated = false;
};

inline std::vector<permission_case> permission_cases() {
    std::vector<permission_case> out;
    const boost::json::value doc = load_json("permission_cases.json");
    for (const auto& c : doc.as_array()) {
        permission_case p;
        for (const auto& n : c.at("deny_names").as_array()) p.deny_names.push_back(str(n));
        for (const auto& x : c.at("deny_prefixes").as_array()) p.deny_prefixes.push_back(str(x));
        p.tool = str(c.at("tool"));
        p.blocked = c.at("blocked").as_bool();
        p.bash_gated = c.at("bash_gated").as_bool();
        out.push_back(std::move(p));
    }
    return out;
}

/** A fresh folder under the system's temporary folder, removed with everything in it. */
struct temp_dir {
    std::filesystem::path path;
    explicit temp_dir(const std::string& tag)
        : path(std::filesystem::temp_directory_path() / (tag + "-" + std::to_string(::getpid()) + "-" +
                                                        std::to_string(std::random_device{}()))) {
        std::filesystem::create_directories(path);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

}  // namespace claw::test

namespace claw::test {

/** What a refused call threw: its error code and message. */
struct refusal {
    std::error_code code;
    std::string what;
};

/** Runs `f`, which must throw `Error`; fails the test if it returns or throws anything else. */
template <class Error, class F>
refusal refused(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    FAIL("the call was accepted");
    return {};
}

}  // namespace claw::test
