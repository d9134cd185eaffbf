// SPDX-License-Identifier: MIT
// Reads a JSON document once with Boost.JSON's SAX parser to learn where each value is: its JSON
// pointer and its line. Settings errors name both. Also refuses what a tolerant reader would let
// through and a strict one would not: duplicate keys (a parser differential), comments, and any
// syntax error, with line and column.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/json_sax.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace rules::detail {

/** Escapes one reference token of a JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`). */
inline std::string pointer_token(std::string_view key) {
    std::string out;
    for (const char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

/** Where the values of a document are. */
class json_locations {
public:
    /** The line (1-based) of the value at `pointer`, or 0 when unknown. */
    std::uint32_t line_of(const std::string& pointer) const noexcept {
        const auto it = lines_.find(pointer);
        return it == lines_.end() ? 0 : it->second;
    }
    void add(std::string pointer, std::uint32_t line) { lines_.emplace(std::move(pointer), line); }

private:
    std::unordered_map<std::string, std::uint32_t> lines_;
};

/** A syntax problem found by `locate_json`. */
struct json_problem {
    std::string cause;         ///< empty when the document is fine
    std::string pointer;       ///< where (for duplicate keys)
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

class locating_handler : public claw::detail::json_sax_base {
public:
    json_locations locations;
    json_problem problem;
    std::uint32_t line = 1;

    bool on_document_end(ec_t&) { return true; }
    bool on_object_begin(ec_t&) {
        value_start();
        frames_.push_back({false, 0, {}, {}, pending_cut_});
        return true;
    }
    bool on_object_end(std::size_t, ec_t&) {
        path_.resize(frames_.back().cut);
        frames_.pop_back();
        return true;
    }
    bool on_array_begin(ec_t&) {
        value_start();
        frames_.push_back({true, 0, {}, {}, pending_cut_});
        return true;
    }
    bool on_array_end(std::size_t, ec_t&) {
        path_.resize(frames_.back().cut);
        frames_.pop_back();
        return true;
    }
    bool on_key_part(sv s, std::size_t, ec_t&) {
        key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(sv s, std::size_t, ec_t& ec) {
        key_.append(s.data(), s.size());
        frame& f = frames_.back();
        for (const auto& k : f.keys) {
            if (k == key_) {
                problem.cause = "the key '" + key_ + "' appears more than once in the same object";
                problem.pointer = path_ + "/" + pointer_token(key_);
                problem.line = line;
                ec = boost::json::make_error_code(boost::json::error::exception);
                return false;
            }
        }
        f.keys.push_back(key_);
        f.key = std::move(key_);
        key_.clear();
        return true;
    }
    bool on_string_part(sv, std::size_t, ec_t&) { return true; }
    bool on_string(sv, std::size_t, ec_t&) { return scalar(); }
    bool on_int64(std::int64_t, sv, ec_t&) { return scalar(); }
    bool on_uint64(std::uint64_t, sv, ec_t&) { return scalar(); }
    bool on_double(double, sv, ec_t&) { return scalar(); }
    bool on_bool(bool, ec_t&) { return scalar(); }
    bool on_null(ec_t&) { return scalar(); }

private:
    struct frame {
        bool array;
        std::size_t index;
        std::string key;
        std::vector<std::string> keys;
        std::size_t cut;  // length of path_ before this container's own token
    };

    bool scalar() {
        value_start();
        path_.resize(pending_cut_);
        return true;
    }

    // Records the pointer of the value that starts now, then counts it in its array. A container
    // value stays in `path_` (its frame cuts it back when it ends).
    bool value_start() {
        const std::size_t keep = path_.size();
        if (!frames_.empty()) {
            path_ += '/';
            path_ += frames_.back().array ? std::to_string(frames_.back().index) : pointer_token(frames_.back().key);
            if (frames_.back().array) ++frames_.back().index;
        }
        locations.add(path_, line);
        pending_cut_ = keep;
        return true;
    }

    std::vector<frame> frames_;
    std::string key_;
    std::string path_;
    std::size_t pending_cut_ = 0;
};

/**
 * Checks `text` as strict JSON (no comments, no trailing commas, no duplicate keys, valid UTF-8,
 * nesting at most `max_depth`) and records the line of every value. The text is fed to the parser
 * one line at a time, so that each value is seen on its own line.
 */
inline json_problem locate_json(std::string_view text, json_locations& out, std::size_t max_depth = 64) {
    boost::json::parse_options opts;
    opts.max_depth = max_depth;
    boost::json::basic_parser<locating_handler> parser(opts);
    boost::system::error_code ec;
    std::size_t pos = 0;
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    while (pos < text.size() && !ec) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        parser.handler().line = line;
        const std::size_t used = parser.write_some(true, text.data() + pos, end - pos, ec);
        if (ec) {
            pos += used;
            break;
        }
        pos = end;
        if (nl != std::string_view::npos) {
            ++line;
            line_start = end;
        }
    }
    if (!ec) parser.write_some(false, nullptr, 0, ec);
    json_problem p = std::move(parser.handler().problem);
    if (ec && p.cause.empty()) {
        p.cause = text.empty() ? "the file is empty, expected a JSON object" : "malformed JSON: " + ec.message();
        p.line = line;
        p.column = static_cast<std::uint32_t>(pos - line_start + 1);
    }
    out = std::move(parser.handler().locations);
    return p;
}

}  // namespace rules::detail
CLAW_END_NAMESPACE
