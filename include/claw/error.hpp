// SPDX-License-Identifier: MIT
// The one exception hierarchy of claw-cpp. Permission denials are values, never exceptions; I/O,
// parse and validation failures throw a type derived from `claw::error`, which carries a
// `std::error_code` and a message naming the file or field and the cause.
#pragma once

#include <claw/config.hpp>

#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

CLAW_BEGIN_NAMESPACE

/** Causes of claw-cpp failures, in the `claw` error category. I/O failures use the system category. */
enum class errc {
    invalid_utf8 = 1,    ///< text is not valid UTF-8
    malformed_json,      ///< the input is not JSON (syntax, BOM, truncation)
    missing_field,       ///< a required field is absent
    wrong_type,          ///< a value has the wrong JSON type
    out_of_range,        ///< a number is negative, fractional or too large
    duplicate_key,       ///< a field appears twice
    too_deep,            ///< nesting beyond the parser's limit
    too_large,           ///< a file larger than the configured limit
    invalid_session_id,  ///< an id that is not a safe file name
    not_found,           ///< no such session
    not_a_regular_file,  ///< a session path that is a link, folder or device
    invalid_argument,    ///< a caller-supplied value is out of its domain
    not_durable,         ///< the write is complete, but syncing it to stable storage failed
    outcome_unknown,     ///< the connection broke during a write: it may or may not have been applied
    conflict,            ///< a compare-and-set write found a newer revision (for callers of save_if)
};

namespace detail {
class claw_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "claw"; }
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::invalid_utf8: return "invalid UTF-8";
            case errc::malformed_json: return "malformed JSON";
            case errc::missing_field: return "missing field";
            case errc::wrong_type: return "wrong type";
            case errc::out_of_range: return "value out of range";
            case errc::duplicate_key: return "duplicate key";
            case errc::too_deep: return "nesting too deep";
            case errc::too_large: return "too large";
            case errc::invalid_session_id: return "invalid session id";
            case errc::not_found: return "not found";
            case errc::not_a_regular_file: return "not a regular file";
            case errc::invalid_argument: return "invalid argument";
            case errc::not_durable: return "written, but not known to be durable";
            case errc::outcome_unknown: return "outcome of the write unknown";
            case errc::conflict: return "conflicting write";
        }
        return "unknown claw error";
    }
};
}  // namespace detail

/** The `claw` error category. */
inline const std::error_category& claw_category() noexcept {
    static const detail::claw_category category;
    return category;
}

/** Makes a `std::error_code` from a `claw::errc`. */
inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), claw_category()}; }

/** Base of every exception claw-cpp throws. `what()` is a complete, human-readable sentence. */
class error : public std::runtime_error {
public:
    error(std::error_code code, const std::string& message) : std::runtime_error(message), code_(code) {}
    /** The cause, comparable with `claw::errc` values or `std::errc` for I/O failures. */
    const std::error_code& code() const noexcept { return code_; }

private:
    std::error_code code_;
};

/** Text that must be valid UTF-8 was not. */
class encoding_error : public error {
public:
    using error::error;
};

/** A session could not be saved, loaded or decoded. `what()` names the file (or source) and cause. */
class session_error : public error {
public:
    session_error(std::error_code code, std::string source, const std::string& cause)
        : error(code, "session " + source + ": " + cause), source_(std::move(source)) {}
    /** The file, locator or description of the text the session came from or was going to. */
    const std::string& source() const noexcept { return source_; }

private:
    std::string source_;
};

CLAW_END_NAMESPACE

template <>
struct std::is_error_code_enum<claw::errc> : std::true_type {};
