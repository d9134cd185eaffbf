// SPDX-License-Identifier: MIT
// The messages of a session as one JSON array of raw UTF-8 strings, the form the database stores
// keep in a column (SQLite TEXT checked by json_valid, PostgreSQL jsonb). Decoding goes through
// `session_from_json`, so the same checks (UTF-8, types, the message cap) apply as to a file.
#pragma once

#include <claw/config.hpp>

#include <claw/session/codec.hpp>
#include <claw/text/json_string.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

CLAW_BEGIN_NAMESPACE
namespace detail {

/**
 * `["…","…"]`: `"` and `\` escaped, control characters (below U+0020) as `\n`, `\t`, ... or
 * `\u00XX`, everything else (valid UTF-8, checked before) as it is. U+0000 becomes `\u0000`.
 */
inline std::string encode_message_array(const std::vector<std::string>& messages) {
    std::size_t bytes = 2;
    for (const auto& m : messages) bytes += m.size() + 3;
    std::string out;
    out.reserve(bytes + bytes / 16);
    out.push_back('[');
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out.push_back(',');
        out.push_back('"');
        for (const char ch : messages[i]) {
            const auto b = static_cast<unsigned char>(ch);
            // Unlike `text::json_string`, DEL and non-ASCII stay raw: the column holds UTF-8.
            if (b < 0x20 || ch == '"' || ch == '\\') text::detail::append_ascii_escape(out, b);
            else out.push_back(ch);
        }
        out.push_back('"');
    }
    out.push_back(']');
    return out;
}

/** Decodes an array written by `encode_message_array` (or any JSON array of strings). @throws claw::session_error. */
inline std::vector<std::string> decode_message_array(std::string_view array, const std::string& source) {
    std::string text;
    text.reserve(array.size() + 80);
    text += R"({"session_id":"","messages":)";
    text += array;
    text += R"(,"input_tokens":0,"output_tokens":0})";
    return session_from_json(text, source).messages;
}

}  // namespace detail
CLAW_END_NAMESPACE
