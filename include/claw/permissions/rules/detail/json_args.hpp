// SPDX-License-Identifier: MIT
// A strict, allocation-free reader of a tool's JSON argument object (RULES.md S5.2): validates the
// whole text as RFC 8259 JSON, lists the top-level members with their decoded keys, refuses
// duplicate keys (a parser differential between the policy and the tool is a bypass), and decodes
// string values into caller-provided buffers. Used on the check path, so it never allocates and
// never throws.
#pragma once

#include <claw/config.hpp>
#include <claw/text/utf8.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

CLAW_BEGIN_NAMESPACE
namespace rules::detail {

inline constexpr std::size_t max_key_bytes = 256;
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

/** The JSON type of a value. */
enum class json_type : unsigned char { null, boolean, number, string, array, object };

/** One top-level member of the argument object. */
struct json_member {
    std::array<char, max_key_bytes> key_buffer{};
    std::size_t key_size = 0;
    json_type type = json_type::null;
    std::string_view raw;  ///< the value's text as written (strings with their quotes)

    std::string_view key() const noexcept { return {key_buffer.data(), key_size}; }
};

/** The members of an argument object, or why it is not one. */
struct json_args {
    std::array<json_member, CLAW_RULES_MAX_INPUT_MEMBERS> members;
    std::size_t count = 0;
    std::string_view error;  ///< empty when the text is a valid object
    // The raw keys of the nested objects being read, innermost last (a stack shared by all levels).
    std::array<std::string_view, CLAW_RULES_MAX_NESTED_KEYS * 4> nested_keys;
    std::size_t nested_top = 0;

    bool ok() const noexcept { return error.empty(); }
    const json_member* find(std::string_view key) const noexcept {
        for (std::size_t i = 0; i < count; ++i)
            if (members[i].key() == key) return &members[i];
        return nullptr;
    }
};

/**
 * Decodes the JSON string `raw` (with its quotes, already validated) into `out` as UTF-8.
 * Returns the decoded length, or `npos` when it does not fit in `capacity` or holds a lone
 * surrogate escape (which has no UTF-8 form).
 */
inline std::size_t decode_json_string(std::string_view raw, char* out, std::size_t capacity) noexcept {
    std::size_t n = 0;
    const auto put = [&](char c) {
        if (n == capacity) return false;
        out[n++] = c;
        return true;
    };
    const auto hex4 = [&](std::size_t at, std::uint32_t& v) {
        v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = raw[at + k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else return false;
        }
        return true;
    };
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\') {
            if (!put(c)) return npos;
            continue;
        }
        const char e = raw[++i];
        char plain = 0;
        switch (e) {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': break;
            default: return npos;
        }
        if (e != 'u') {
            if (!put(plain)) return npos;
            continue;
        }
        std::uint32_t cp = 0;
        if (!hex4(i + 1, cp)) return npos;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo = 0;
            if (i + 6 >= raw.size() || raw[i + 1] != '\\' || raw[i + 2] != 'u' || !hex4(i + 3, lo) || lo < 0xDC00 ||
                lo > 0xDFFF)
                return npos;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return npos;
        }
        char buf[4];
        const std::size_t len = text::encode_utf8(cp, buf);
        for (std::size_t k = 0; k < len; ++k)
            if (!put(buf[k])) return npos;
    }
    return n;
}

class json_args_scanner {
public:
    explicit json_args_scanner(std::string_view t) noexcept : t_(t) {}

    bool run(json_args& out) noexcept {
        out.count = 0;
        out.error = {};
        out.nested_top = 0;
        keys_ = &out;
        skip_ws();
        if (i_ >= t_.size() || t_[i_] != '{') return fail(out, "the input is not a JSON object");
        ++i_;
        skip_ws();
        if (peek() == '}') {
            ++i_;
            return finish(out);
        }
        for (;;) {
            skip_ws();
            const std::size_t key_start = i_;
            if (!string()) return fail(out, "malformed JSON (a key must be a string)");
            if (out.count == out.members.size()) return fail(out, "too many members in the input object");
            json_member& m = out.members[out.count];
            const std::size_t k = decode_json_string(t_.substr(key_start, i_ - key_start), m.key_buffer.data(), max_key_bytes);
            if (k == npos) return fail(out, "a key is too long or holds a lone surrogate");
            m.key_size = k;
            for (std::size_t j = 0; j < out.count; ++j)
                if (out.members[j].key() == m.key()) return fail(out, "a key appears more than once");
            skip_ws();
            if (peek() != ':') return fail(out, "malformed JSON (expected ':')");
            ++i_;
            skip_ws();
            const std::size_t value_start = i_;
            json_type type{};
            if (!value(1, type)) return fail(out, "malformed JSON");
            m.type = type;
            m.raw = t_.substr(value_start, i_ - value_start);
            ++out.count;
            skip_ws();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == '}') {
                ++i_;
                return finish(out);
            }
            return fail(out, "malformed JSON (expected ',' or '}')");
        }
    }

private:
    static bool fail(json_args& out, std::string_view why) noexcept {
        out.error = why;
        out.count = 0;
        return false;
    }
    bool finish(json_args& out) noexcept {
        skip_ws();
        if (i_ != t_.size()) return fail(out, "unexpected text after the JSON object");
        return true;
    }
    char peek() const noexcept { return i_ < t_.size() ? t_[i_] : '\0'; }
    void skip_ws() noexcept {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
    }
    bool literal(std::string_view word) noexcept {
        if (t_.substr(i_, word.size()) != word) return false;
        i_ += word.size();
        return true;
    }
    bool string() noexcept {
        if (peek() != '"') return false;
        ++i_;
        while (i_ < t_.size()) {
            const auto c = static_cast<unsigned char>(t_[i_]);
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                if (++i_ >= t_.size()) return false;
                const char e = t_[i_];
                if (e == 'u') {
                    for (int k = 1; k <= 4; ++k) {
                        if (i_ + static_cast<std::size_t>(k) >= t_.size()) return false;
                        const char h = t_[i_ + static_cast<std::size_t>(k)];
                        if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
                    }
                    i_ += 5;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
                    return false;
                ++i_;
                continue;
            }
            if (c < 0x80) {
                ++i_;
                continue;
            }
            const text::decoded d = text::decode_next(t_, i_);
            if (!d.valid) return false;
            i_ += d.length;
        }
        return false;
    }
    bool number() noexcept {
        const std::size_t start = i_;
        if (peek() == '-') ++i_;
        if (peek() == '0') {
            ++i_;
        } else if (peek() >= '1' && peek() <= '9') {
            while (peek() >= '0' && peek() <= '9') ++i_;
        } else {
            return false;
        }
        if (peek() == '.') {
            ++i_;
            if (!(peek() >= '0' && peek() <= '9')) return false;
            while (peek() >= '0' && peek() <= '9') ++i_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++i_;
            if (peek() == '+' || peek() == '-') ++i_;
            if (!(peek() >= '0' && peek() <= '9')) return false;
            while (peek() >= '0' && peek() <= '9') ++i_;
        }
        return i_ > start;
    }
    // Nested objects and arrays are validated with an explicit depth bound (no deep recursion:
    // the depth is at most CLAW_RULES_MAX_INPUT_DEPTH frames).
    bool value(int depth, json_type& type) noexcept {
        if (depth > CLAW_RULES_MAX_INPUT_DEPTH) return false;
        const char c = peek();
        if (c == '"') {
            type = json_type::string;
            return string();
        }
        if (c == 't') {
            type = json_type::boolean;
            return literal("true");
        }
        if (c == 'f') {
            type = json_type::boolean;
            return literal("false");
        }
        if (c == 'n') {
            type = json_type::null;
            return literal("null");
        }
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            type = object ? json_type::object : json_type::array;
            ++i_;
            skip_ws();
            if (peek() == (object ? '}' : ']')) {
                ++i_;
                return true;
            }
            const std::size_t first_key = keys_->nested_top;
            struct pop {
                json_args* a;
                std::size_t to;
                ~pop() { a->nested_top = to; }
            } restore{keys_, first_key};
            for (;;) {
                skip_ws();
                if (object) {
                    const std::size_t key_start = i_;
                    if (!string()) return false;
                    // Duplicate keys are refused at every depth: two readers of the same text
                    // must not see two different objects.
                    const std::string_view key = t_.substr(key_start, i_ - key_start);
                    if (keys_->nested_top - first_key >= CLAW_RULES_MAX_NESTED_KEYS ||
                        keys_->nested_top == keys_->nested_keys.size())
                        return false;
                    for (std::size_t k = first_key; k < keys_->nested_top; ++k)
                        if (same_key(keys_->nested_keys[k], key)) return false;
                    keys_->nested_keys[keys_->nested_top++] = key;
                    skip_ws();
                    if (peek() != ':') return false;
                    ++i_;
                    skip_ws();
                }
                json_type inner{};
                if (!value(depth + 1, inner)) return false;
                skip_ws();
                if (peek() == ',') {
                    ++i_;
                    continue;
                }
                if (peek() == (object ? '}' : ']')) {
                    ++i_;
                    return true;
                }
                return false;
            }
        }
        type = json_type::number;
        return number();
    }

    // Two raw JSON strings with the same decoded value (keys longer than max_key_bytes never are).
    static bool same_key(std::string_view a, std::string_view b) noexcept {
        if (a == b) return true;
        char x[max_key_bytes], y[max_key_bytes];
        const std::size_t n = decode_json_string(a, x, sizeof x);
        const std::size_t m = decode_json_string(b, y, sizeof y);
        return n != npos && n == m && std::string_view(x, n) == std::string_view(y, m);
    }

    std::string_view t_;
    std::size_t i_ = 0;
    json_args* keys_ = nullptr;
};

/** Scans `text` as a tool's JSON argument object into `out`; false (with `out.error`) when it is not one. */
inline bool scan_json_args(std::string_view text, json_args& out) noexcept { return json_args_scanner(text).run(out); }

}  // namespace rules::detail
CLAW_END_NAMESPACE
