// SPDX-License-Identifier: MIT
// The reader of inventory JSON text: one streaming pass of Boost.JSON's parser that builds the
// entries directly (no document tree) and turns every way the text can be wrong into one line
// naming the entry, the field and the cause.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/json_sax.hpp>
#include <claw/detail/lines.hpp>
#include <claw/error.hpp>
#include <claw/text/repr.hpp>
#include <claw/text/utf8.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

/** One mirrored command or tool. */
struct module_entry {
    std::string name;
    std::string responsibility;
    std::string source_hint;
    std::string status = "mirrored";
    friend bool operator==(const module_entry&, const module_entry&) = default;
};

/**
 * An inventory file or text could not be read. `what()` is one line: `inventory <source>: <cause>`,
 * the cause naming the entry index and the field where there is one.
 */
class inventory_error : public error {
public:
    using error::error;
};

namespace detail {

/**
 * How a file name or source appears in a message: as it is when that is unambiguous (printable
 * UTF-8 without spaces, quotes or backslashes), otherwise as Python's `repr` shows it, so a
 * message always stays on one line and shows every byte.
 */
inline std::string shown_inventory_source(std::string_view s) {
    bool plain = !s.empty();
    for (std::size_t i = 0; plain && i < s.size();) {
        const text::decoded d = text::decode_next(s, i);
        plain = d.valid && text::is_printable(d.code_point) && d.code_point != ' ' && d.code_point != '\'' &&
                d.code_point != '"' && d.code_point != '\\';
        i += d.length;
    }
    return plain ? std::string(s) : text::repr(s);
}

/**
 * `repr` of a value for a message, cut to about 60 bytes around byte `focus` (at code point
 * boundaries, with `...` where text was left out).
 */
inline std::string shown_inventory_value(std::string_view v, std::size_t focus = 0) {
    constexpr std::size_t room = 60;
    if (v.size() <= room) return text::repr(v);
    std::size_t from = focus > room / 2 ? focus - room / 2 : 0;
    if (from + room > v.size()) from = v.size() - room;
    std::size_t to = from + room;
    const auto continuation = [&](std::size_t i) {
        return i < v.size() && (static_cast<unsigned char>(v[i]) & 0xC0u) == 0x80u;
    };
    for (int k = 0; k < 3 && from > 0 && continuation(from); ++k) --from;
    for (int k = 0; k < 3 && to < v.size() && continuation(to); ++k) ++to;
    return (from > 0 ? "..." : "") + text::repr(v.substr(from, to - from)) + (to < v.size() ? "..." : "");
}

// SAX handler for Boost.JSON's basic_parser. It builds the entries while the text is parsed and
// records the first problem of each kind; the parse always runs to the end, so that a syntax
// error anywhere wins over a schema problem, as when the whole text is parsed first.
class inventory_handler : public json_sax_base {
public:
    std::vector<module_entry> entries;

    // The first schema problem (top-level type, entry type, missing or mistyped field).
    bool has_problem = false;
    errc problem_code = errc::wrong_type;
    std::string problem;

    // Set before parsing when the text is known to hold invalid UTF-8: every string is then
    // checked, and the first bad one is described here.
    bool check_utf8 = false;
    bool found_bad_string = false;
    std::string bad_string_where;  // e.g. "entry 3 field 'name'"
    std::string bad_string_value;  // its value, shown with repr

    bool on_document_end(ec_t&) { return true; }

    bool on_array_begin(ec_t&) {
        if (depth_ == 1) problem_once(errc::wrong_type, "entry " + std::to_string(index_) + " must be an object");
        value_of_field(kind::other);
        ++depth_;
        return true;
    }
    bool on_array_end(std::size_t, ec_t&) {
        if (--depth_ == 1) ++index_;
        return true;
    }
    bool on_object_begin(ec_t&) {
        if (depth_ == 0) problem_once(errc::wrong_type, "the top-level value must be an array of objects");
        if (depth_ == 1) {
            current_ = module_entry{};
            state_[0] = state_[1] = state_[2] = absent;
        }
        value_of_field(kind::other);
        ++depth_;
        return true;
    }
    bool on_object_end(std::size_t, ec_t&) {
        if (--depth_ == 1) {
            finish_entry();
            ++index_;
        }
        return true;
    }
    bool on_key_part(sv s, std::size_t, ec_t&) {
        if (depth_ == 2 || check_utf8) key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(sv s, std::size_t, ec_t&) {
        if (depth_ != 2 && !check_utf8) return true;
        key_.append(s.data(), s.size());
        if (check_utf8 && !found_bad_string && !text::is_valid_utf8(key_)) {
            bad_string(depth_ == 1   ? std::string("a key of the top-level object")
                       : depth_ == 2 ? "a key of entry " + std::to_string(index_)
                                     : "a key inside " + where(),
                       key_);
        }
        if (depth_ == 2) {
            field_ = key_ == "name" ? 0 : key_ == "source_hint" ? 1 : key_ == "responsibility" ? 2 : other_field;
            if (check_utf8) field_key_ = key_;
        }
        key_.clear();
        return true;
    }
    bool on_string_part(sv s, std::size_t, ec_t&) {
        if (keeps_string()) str_.append(s.data(), s.size());
        return true;
    }
    bool on_string(sv s, std::size_t, ec_t&) {
        if (!keeps_string()) {
            scalar();
            return true;
        }
        str_.append(s.data(), s.size());
        if (check_utf8 && !found_bad_string && !text::is_valid_utf8(str_)) bad_string(where(), str_);
        if (depth_ == 2 && field_ != other_field) {
            state_[field_] = is_string;
            (field_ == 0 ? current_.name : field_ == 1 ? current_.source_hint : current_.responsibility) = std::move(str_);
        } else {
            scalar();
        }
        str_.clear();
        return true;
    }
    bool on_int64(std::int64_t, sv, ec_t&) { return scalar(); }
    bool on_uint64(std::uint64_t, sv, ec_t&) { return scalar(); }
    bool on_double(double, sv, ec_t&) { return scalar(); }
    bool on_bool(bool, ec_t&) { return scalar(); }
    bool on_null(ec_t&) { return scalar(); }

private:
    enum class kind : unsigned char { string, other };
    static constexpr unsigned char absent = 0, is_string = 1, not_string = 2;
    static constexpr int other_field = 3;
    static constexpr const char* field_names[3] = {"name", "source_hint", "responsibility"};

    void problem_once(errc code, std::string why) {
        if (has_problem) return;
        has_problem = true;
        problem_code = code;
        problem = std::move(why);
        entries.clear();
        entries.shrink_to_fit();
    }
    void bad_string(std::string at, std::string_view value) {
        found_bad_string = true;
        bad_string_where = std::move(at);
        bad_string_value = shown_inventory_value(value, text::find_invalid_utf8(value));
    }
    // Where the current string is, for a message about it.
    std::string where() const {
        if (depth_ == 0) return "the top-level value";
        const std::string entry = "entry " + std::to_string(index_);
        if (depth_ == 1) return entry;
        const std::string field =
            field_ == other_field ? text::repr(field_key_) : std::string("'").append(field_names[field_]).append("'");
        return entry + " field " + field;
    }
    bool keeps_string() const noexcept { return check_utf8 || (depth_ == 2 && field_ != other_field); }

    // A value directly under a field of the current entry starts: note a wrong type.
    void value_of_field(kind k) {
        if (depth_ == 2 && field_ != other_field) state_[field_] = k == kind::string ? is_string : not_string;
    }
    // A scalar (number, boolean, null, or a string the schema does not keep) was parsed.
    bool scalar() {
        if (depth_ == 0) problem_once(errc::wrong_type, "the top-level value must be an array of objects");
        if (depth_ == 1) {
            problem_once(errc::wrong_type, "entry " + std::to_string(index_) + " must be an object");
            ++index_;
        }
        value_of_field(kind::other);
        return true;
    }
    // Checks the fields in the order name, source_hint, responsibility and keeps the entry.
    void finish_entry() {
        if (has_problem) return;
        for (int f = 0; f < 3; ++f) {
            const std::string entry = "entry " + std::to_string(index_);
            if (state_[f] == absent)
                return problem_once(errc::missing_field, entry + " has no field '" + field_names[f] + "'");
            if (state_[f] == not_string)
                return problem_once(errc::wrong_type, entry + " field '" + field_names[f] + "' must be a string");
        }
        entries.push_back(std::move(current_));
    }

    std::size_t depth_ = 0;  // open arrays and objects
    std::size_t index_ = 0;  // the current element of the top-level array
    int field_ = other_field;
    unsigned char state_[3] = {absent, absent, absent};
    module_entry current_;
    std::string key_, str_, field_key_;
};

/**
 * What a parse error at byte `at` of `text` was, for a message: Boost.JSON reports a lone
 * surrogate escape as a syntax or surrogate error at or after the escape; this finds the escape.
 */
inline std::string describe_json_error(std::string_view text, std::size_t at, const boost::system::error_code& ec) {
    const bool maybe_surrogate = ec == boost::json::error::syntax || ec == boost::json::error::illegal_leading_surrogate ||
                                 ec == boost::json::error::illegal_trailing_surrogate;
    const auto hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    // Depending on where the parser stops, the escape starts up to 8 bytes before `at` or just after it.
    const std::size_t first = at > 10 ? at - 10 : 0;
    for (std::size_t p = first; maybe_surrogate && p <= at + 2; ++p) {
        if (p + 6 > text.size() || text[p] != '\\' || text[p + 1] != 'u' || (text[p + 2] != 'd' && text[p + 2] != 'D'))
            continue;
        if (!hex(text[p + 3]) || !hex(text[p + 4]) || !hex(text[p + 5])) continue;
        const char third = text[p + 3];
        const bool high = third == '8' || third == '9' || third == 'a' || third == 'b' || third == 'A' || third == 'B';
        const bool low = third == 'c' || third == 'd' || third == 'e' || third == 'f' || third == 'C' ||
                         third == 'D' || third == 'E' || third == 'F';
        if (!high && !low) continue;
        // The backslash starts an escape only if an even number of backslashes precede it.
        std::size_t run = 0;
        while (run < p && text[p - 1 - run] == '\\') ++run;
        if (run % 2 != 0) continue;
        // A well-formed pair is not what went wrong.
        const auto escape_at = [&](std::size_t q, bool want_high) {
            if (q + 6 > text.size() || text[q] != '\\' || text[q + 1] != 'u' || (text[q + 2] != 'd' && text[q + 2] != 'D'))
                return false;
            const char c = static_cast<char>(text[q + 3] | 0x20);
            return want_high ? (c == '8' || c == '9' || c == 'a' || c == 'b') : (c == 'c' || c == 'd' || c == 'e' || c == 'f');
        };
        if (high ? escape_at(p + 6, false) : (p >= 6 && escape_at(p - 6, true))) continue;
        const std::string escape(text.substr(p, 6));
        return "malformed JSON at " + line_and_column(text, p) + ": lone surrogate escape " + escape +
               (high ? " (a high surrogate must be followed by a low surrogate escape \\udc00-\\udfff)"
                     : " (a low surrogate must follow a high surrogate escape \\ud800-\\udbff)");
    }
    return "malformed JSON at " + line_and_column(text, at) + ": " + ec.message();
}

/**
 * Parses inventory JSON text into entries; see `inventory::from_json`. `shown` is the source as
 * messages show it.
 */
inline std::vector<module_entry> parse_inventory(std::string_view text, const std::string& shown) {
    const auto fail = [&](std::error_code code, const std::string& why) {
        return inventory_error(code, "inventory " + shown + ": " + why);
    };
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        throw fail(errc::malformed_json, "malformed JSON: the text starts with a UTF-8 byte order mark");
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw fail(errc::malformed_json, "malformed JSON: the text is empty, expected an array of objects");
    const std::size_t bad_utf8 = text::find_invalid_utf8(text);

    boost::json::parse_options opts;
    opts.max_depth = CLAW_MAX_INVENTORY_JSON_DEPTH;
    opts.allow_invalid_utf8 = true;  // checked above and by the handler, with better messages
    boost::json::basic_parser<inventory_handler> parser(opts);
    inventory_handler& h = parser.handler();
    h.check_utf8 = bad_utf8 != std::string_view::npos;
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);

    if (bad_utf8 != std::string_view::npos) {
        const std::string at = "not valid UTF-8 at byte offset " + std::to_string(bad_utf8) + " (" +
                               line_and_column(text, bad_utf8) + ")";
        if (h.found_bad_string) throw fail(errc::invalid_utf8, h.bad_string_where + " is " + at + ": " + h.bad_string_value);
        throw fail(errc::invalid_utf8, "the text is " + at);
    }
    if (ec) {
        if (ec == boost::json::error::too_deep)
            throw fail(errc::too_deep, "nesting deeper than " + std::to_string(CLAW_MAX_INVENTORY_JSON_DEPTH) +
                                           " levels at " + line_and_column(text, used));
        throw fail(errc::malformed_json, describe_json_error(text, used, ec));
    }
    if (used != text.size())
        throw fail(errc::malformed_json,
                   "malformed JSON at " + line_and_column(text, used) + ": unexpected data after the top-level value");
    if (h.has_problem) throw fail(h.problem_code, h.problem);
    return std::move(h.entries);
}

}  // namespace detail
CLAW_END_NAMESPACE
