// SPDX-License-Identifier: MIT
// The one exception hierarchy of claw-cpp. Permission denials are values, never exceptions; I/O,
// parse and validation failures throw a type derived from `claw::error`, which carries a
// `std::error_code` and a message naming the file or field and the cause.
#pragma once

#include <claw/config.hpp>

#include <cerrno>
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

/**
 * Kinds of failure, for callers that handle errors by kind rather than by cause (as Boost.JSON's
 * `condition`). Compare an error's code with them: `if (e.code() == claw::condition::not_found)`.
 * Codes of the `claw` category map as listed; system errors are `not_found` (ENOENT) or
 * `storage_failure`; the SQLite and PostgreSQL categories are `storage_failure`.
 */
enum class condition {
    invalid_input = 1,  ///< the data is not what it must be: malformed JSON, a wrong type, a missing or duplicate field, a bad number, invalid UTF-8
    limit_exceeded,     ///< a size or nesting limit was exceeded (too_large, too_deep)
    invalid_argument,   ///< the caller passed something outside its domain (invalid_session_id, invalid_argument)
    not_found,          ///< no such session or file
    unsafe_file,        ///< a link, folder or device where a regular file must be
    storage_failure,    ///< the storage failed or cannot tell: I/O errors, not_durable, outcome_unknown, database errors
    conflict,           ///< a compare-and-set write found a newer revision
};

/** The condition a `claw::errc` belongs to. Constant; never throws. */
constexpr condition condition_of(errc e) noexcept {
    switch (e) {
        case errc::invalid_utf8:
        case errc::malformed_json:
        case errc::missing_field:
        case errc::wrong_type:
        case errc::out_of_range:
        case errc::duplicate_key: return condition::invalid_input;
        case errc::too_deep:
        case errc::too_large: return condition::limit_exceeded;
        case errc::invalid_session_id:
        case errc::invalid_argument: return condition::invalid_argument;
        case errc::not_found: return condition::not_found;
        case errc::not_a_regular_file: return condition::unsafe_file;
        case errc::not_durable:
        case errc::outcome_unknown: return condition::storage_failure;
        case errc::conflict: return condition::conflict;
    }
    return condition::invalid_input;
}

namespace detail {
class condition_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "claw.condition"; }
    std::string message(int value) const override {
        switch (static_cast<condition>(value)) {
            case condition::invalid_input: return "invalid input";
            case condition::limit_exceeded: return "limit exceeded";
            case condition::invalid_argument: return "invalid argument";
            case condition::not_found: return "not found";
            case condition::unsafe_file: return "unsafe file";
            case condition::storage_failure: return "storage failure";
            case condition::conflict: return "conflict";
        }
        return "unknown condition";
    }
    bool equivalent(const std::error_code& code, int value) const noexcept override;
};
}  // namespace detail

/** The category of `claw::condition`. */
inline const std::error_category& condition_category() noexcept {
    static const detail::condition_category category;
    return category;
}

/** Makes a `std::error_condition` from a `claw::condition`. */
inline std::error_condition make_error_condition(condition c) noexcept { return {static_cast<int>(c), condition_category()}; }

inline bool detail::condition_category::equivalent(const std::error_code& code, int value) const noexcept {
    // (Qualified: inside detail, the bare name is the category class, not the function.)
    if (code.category() == claw::claw_category()) return static_cast<int>(condition_of(static_cast<errc>(code.value()))) == value;
    if (code.category() == std::system_category() || code.category() == std::generic_category())
        return static_cast<int>(code.value() == ENOENT ? condition::not_found : condition::storage_failure) == value;
    // Other categories (the database stores') say which condition they are.
    return code.category().default_error_condition(code.value()) == std::error_condition(value, *this);
}

/**
 * Base of every exception claw-cpp throws. `what()` is a complete, human-readable sentence.
 * The exceptions that are not a `claw::error`: `std::bad_alloc` (allocation failures are never
 * wrapped), and whatever user-supplied callbacks, policies, init policies and stores throw, which
 * passes through unchanged.
 */
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
template <>
struct std::is_error_condition_enum<claw::condition> : std::true_type {};
