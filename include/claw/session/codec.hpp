// SPDX-License-Identifier: MIT
// The session file format. `to_python_json` writes the exact bytes of the reference's
// `json.dumps(asdict(session), indent=2)`; `session_from_json` reads any valid JSON object that
// holds the four fields, with Boost.JSON's parser and an error for everything else.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/json_sax.hpp>
#include <claw/detail/lines.hpp>
#include <claw/error.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/json_string.hpp>
#include <claw/text/utf8.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

CLAW_BEGIN_NAMESPACE

/** Deepest nesting `session_from_json` accepts: `CLAW_MAX_SESSION_JSON_DEPTH`. */
inline constexpr std::size_t max_session_json_depth = CLAW_MAX_SESSION_JSON_DEPTH;

/** Most messages a stored session may hold: `CLAW_MAX_SESSION_MESSAGES`. */
inline constexpr std::size_t max_session_messages = CLAW_MAX_SESSION_MESSAGES;

namespace detail {
// Appends one string; on invalid UTF-8 throws an encoding_error naming the field and offset.
inline void append_field(std::string& out, std::string_view s, const char* field, std::size_t index, bool indexed) {
    std::size_t bad = std::string_view::npos;
    text::append_json_string(out, s, &bad);
    if (bad == std::string_view::npos) return;
    std::string where = field;
    if (indexed) where += "[" + std::to_string(index) + "]";
    throw encoding_error(errc::invalid_utf8,
                         where + " is not valid UTF-8 (first bad byte at offset " + std::to_string(bad) + ")");
}
}  // namespace detail

/**
 * The reference's file bytes for `s`: two-space indentation, keys in the order `session_id`,
 * `messages`, `input_tokens`, `output_tokens`, ASCII-only escapes, no trailing newline.
 *
 * Cost: one pass over the text, O(total size); the result is at most six times the text (every
 * control character becomes `\u00XX`) plus about 8 bytes per message.
 * @throws claw::encoding_error if the id or a message is not valid UTF-8 (the message names the
 *         field and the offset); nothing else throws but allocation.
 */
[[nodiscard]] inline std::string to_python_json(const stored_session& s) {
    std::size_t bytes = 96 + s.session_id.size();
    for (const auto& m : s.messages) bytes += m.size() + 8;
    std::string out;
    out.reserve(bytes + bytes / 8);
    out += "{\n  \"session_id\": ";
    detail::append_field(out, s.session_id, "session_id", 0, false);
    if (s.messages.empty()) {
        out += ",\n  \"messages\": [],\n  \"input_tokens\": ";
    } else {
        out += ",\n  \"messages\": [";
        for (std::size_t i = 0; i < s.messages.size(); ++i) {
            out += i == 0 ? "\n    " : ",\n    ";
            detail::append_field(out, s.messages[i], "messages", i, true);
        }
        out += "\n  ],\n  \"input_tokens\": ";
    }
    out += std::to_string(s.input_tokens);
    out += ",\n  \"output_tokens\": ";
    out += std::to_string(s.output_tokens);
    out += "\n}";
    return out;
}

namespace detail {

// SAX handler that fills a stored_session and stops at the first problem with a clear cause.
class session_handler : public json_sax_base {
public:
    stored_session session;
    std::string problem;
    errc problem_code = errc::malformed_json;

    bool on_document_end(ec_t& ec) {
        static constexpr const char* names[] = {"session_id", "messages", "input_tokens", "output_tokens"};
        for (unsigned f = 0; f < 4; ++f) {
            if (!(seen_ & (1u << f))) return fail(errc::missing_field, std::string("missing field '") + names[f] + "'", ec);
        }
        return true;
    }
    bool on_object_begin(ec_t& ec) {
        if (!value_start(kind::object, ec)) return false;
        ++depth_;
        return true;
    }
    bool on_object_end(std::size_t, ec_t&) {
        --depth_;
        return true;
    }
    bool on_array_begin(ec_t& ec) {
        if (depth_ == 1 && field_ == field::messages) {
            if (!mark_seen(ec)) return false;
            in_messages_ = true;
            ++depth_;
            return true;
        }
        if (!value_start(kind::array, ec)) return false;
        ++depth_;
        return true;
    }
    bool on_array_end(std::size_t, ec_t&) {
        --depth_;
        if (depth_ == 1) in_messages_ = false;
        return true;
    }
    bool on_key_part(sv s, std::size_t, ec_t&) {
        if (depth_ == 1) key_.append(s.data(), s.size());
        return true;
    }
    bool on_key(sv s, std::size_t, ec_t&) {
        if (depth_ != 1) return true;
        key_.append(s.data(), s.size());
        field_ = key_ == "session_id"      ? field::session_id
                 : key_ == "messages"      ? field::messages
                 : key_ == "input_tokens"  ? field::input_tokens
                 : key_ == "output_tokens" ? field::output_tokens
                                           : field::other;
        key_.clear();
        return true;
    }
    bool on_string_part(sv s, std::size_t, ec_t&) {
        if (wants_string()) str_.append(s.data(), s.size());
        return true;
    }
    bool on_string(sv s, std::size_t, ec_t& ec) {
        if (!value_start(kind::string, ec)) return false;
        if (!wants_string()) return true;
        str_.append(s.data(), s.size());
        if (in_messages_) {
            if (session.messages.size() >= max_session_messages)
                return fail(errc::too_large,
                            "more than " + std::to_string(max_session_messages) +
                                " messages (the limit, CLAW_MAX_SESSION_MESSAGES)",
                            ec);
            session.messages.push_back(std::move(str_));
        } else {
            session.session_id = std::move(str_);
        }
        str_.clear();
        return true;
    }
    bool on_int64(std::int64_t v, sv, ec_t& ec) {
        if (!value_start(kind::number, ec)) return false;
        if (!is_counter()) return true;
        if (v < 0) return fail(errc::out_of_range, counter_name() + " must not be negative, got " + std::to_string(v), ec);
        (field_ == field::input_tokens ? session.input_tokens : session.output_tokens) = v;
        return true;
    }
    bool on_uint64(std::uint64_t v, sv, ec_t& ec) {
        if (!value_start(kind::number, ec)) return false;
        if (!is_counter()) return true;
        return fail(errc::out_of_range, counter_name() + " is too large (" + std::to_string(v) + " > " +
                                            std::to_string(std::numeric_limits<std::int64_t>::max()) + ")",
                    ec);
    }
    bool on_double(double, sv, ec_t& ec) {
        if (!value_start(kind::number, ec)) return false;
        if (!is_counter()) return true;
        return fail(errc::out_of_range,
                    counter_name() + " must be a whole number within 64 bits, got a fraction, an exponent or a "
                                     "number too large",
                    ec);
    }
    bool on_bool(bool, ec_t& ec) { return value_start(kind::boolean, ec); }
    bool on_null(ec_t& ec) { return value_start(kind::null, ec); }

private:
    enum class field : unsigned char { session_id, messages, input_tokens, output_tokens, other };
    enum class kind : unsigned char { object, array, string, number, boolean, null };

    static std::string describe(kind k) {
        switch (k) {
            case kind::object: return "an object";
            case kind::array: return "an array";
            case kind::string: return "a string";
            case kind::number: return "a number";
            case kind::boolean: return "a boolean";
            case kind::null: return "null";
        }
        return "a value";
    }

    bool fail(errc code, std::string why, ec_t& ec) {
        problem_code = code;
        problem = std::move(why);
        ec = boost::json::make_error_code(boost::json::error::exception);
        return false;
    }
    bool wants_string() const noexcept {
        return in_messages_ ? depth_ == 2 : (depth_ == 1 && field_ == field::session_id);
    }
    bool is_counter() const noexcept {
        return depth_ == 1 && (field_ == field::input_tokens || field_ == field::output_tokens);
    }
    std::string counter_name() const { return field_ == field::input_tokens ? "input_tokens" : "output_tokens"; }

    bool mark_seen(ec_t& ec) {
        const unsigned bit = 1u << static_cast<unsigned>(field_);
        if (seen_ & bit) {
            static constexpr const char* names[] = {"session_id", "messages", "input_tokens", "output_tokens"};
            return fail(errc::duplicate_key,
                        std::string("field '") + names[static_cast<unsigned>(field_)] + "' appears more than once", ec);
        }
        seen_ |= bit;
        return true;
    }

    // Checks the type of a value that is starting, where the schema cares about it.
    bool value_start(kind got, ec_t& ec) {
        if (depth_ == 0) {
            if (got == kind::object) return true;
            return fail(errc::wrong_type, "the top-level value must be an object, got " + describe(got), ec);
        }
        if (in_messages_ && depth_ == 2) {
            if (got == kind::string) return true;
            return fail(errc::wrong_type,
                        "messages[" + std::to_string(session.messages.size()) + "] must be a string, got " +
                            describe(got),
                        ec);
        }
        if (depth_ != 1 || field_ == field::other) return true;
        if (!mark_seen(ec)) return false;
        switch (field_) {
            case field::session_id:
                if (got == kind::string) return true;
                return fail(errc::wrong_type, "field 'session_id' must be a string, got " + describe(got), ec);
            case field::messages:
                return fail(errc::wrong_type, "field 'messages' must be an array of strings, got " + describe(got),
                            ec);
            case field::input_tokens:
            case field::output_tokens:
                if (got == kind::number) return true;
                return fail(errc::wrong_type,
                            "field '" + counter_name() + "' must be an integer, got " + describe(got), ec);
            case field::other: break;
        }
        return true;
    }

    std::size_t depth_ = 0;
    bool in_messages_ = false;
    field field_ = field::other;
    unsigned seen_ = 0;
    std::string key_;
    std::string str_;
};

}  // namespace detail

/**
 * Reads a session from JSON text. Accepts any valid JSON object holding the four fields (any
 * whitespace and key order, unknown keys ignored, `\u` escapes of either case).
 *
 * Cost: one pass, O(size of `text`); memory: the decoded session, plus transient growth of the
 * message vector (at most `max_session_messages` entries).
 *
 * @param text   the JSON text, which must be valid UTF-8
 * @param source how errors name the text, e.g. the file path
 * @throws claw::session_error naming `source` and the cause: invalid UTF-8, a byte order mark,
 *         malformed JSON (with line and column), nesting deeper than `max_session_json_depth`, more
 *         than `max_session_messages` messages (`errc::too_large`), a wrong top-level type,
 *         a missing, duplicated or mistyped field, or a token count that is negative, fractional
 *         or beyond 64 bits. No partial session is ever returned.
 */
[[nodiscard]] inline stored_session session_from_json(std::string_view text, const std::string& source = "<text>") {
    if (text.empty()) throw session_error(errc::malformed_json, source, "the text is empty, expected a JSON object");
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        throw session_error(errc::malformed_json, source, "the text starts with a UTF-8 byte order mark");
    if (const std::size_t bad = text::find_invalid_utf8(text); bad != std::string_view::npos)
        throw session_error(errc::invalid_utf8, source,
                            "not valid UTF-8 at byte offset " + std::to_string(bad) + " (" +
                                detail::line_and_column(text, bad) + ")");
    boost::json::parse_options opts;
    opts.max_depth = max_session_json_depth;
    opts.allow_invalid_utf8 = true;  // validated above, with a better message
    boost::json::basic_parser<detail::session_handler> parser(opts);
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (ec) {
        detail::session_handler& h = parser.handler();
        if (!h.problem.empty()) throw session_error(h.problem_code, source, h.problem);
        if (ec == boost::json::error::too_deep)
            throw session_error(errc::too_deep, source,
                                "nesting deeper than " + std::to_string(max_session_json_depth) + " levels at " +
                                    detail::line_and_column(text, used));
        throw session_error(errc::malformed_json, source,
                            "malformed JSON at " + detail::line_and_column(text, used) + ": " + ec.message());
    }
    if (used != text.size())
        throw session_error(errc::malformed_json, source,
                            "unexpected data after the JSON object at " + detail::line_and_column(text, used));
    return std::move(parser.handler().session);
}

CLAW_END_NAMESPACE
