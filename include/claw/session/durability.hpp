// SPDX-License-Identifier: MIT
// How hard a store works to make a save survive power loss, and the error that says a save is
// complete but could not be made durable (distinct from a failed save).
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>

#include <string>
#include <system_error>
#include <utility>

CLAW_BEGIN_NAMESPACE

/** How hard a store's `save` works to survive power loss. */
enum class durability : unsigned char {
    none,   ///< atomic replacement only: no reader ever sees a torn session, but a power cut may lose the save
    fsync,  ///< also flush to stable storage before `save` returns (file and folder, or the database's commit)
};

/**
 * The save is COMPLETE (readers see the new version; the previous one is gone), but flushing it to
 * stable storage failed, so it may not survive a power cut: for `json_file_store`, the fsync of
 * the folder after the rename. `code()` is `errc::not_durable`; `cause()` is the system's error.
 * It derives from `session_error`, so code that treats every `session_error` as a failed save
 * stays safe; code that wants to go on (the data is there) catches this type first.
 */
class session_durability_error : public session_error {
public:
    session_durability_error(std::error_code cause, std::string source, const std::string& what)
        : session_error(errc::not_durable, std::move(source), what + ": " + cause.message()), cause_(cause) {}
    /** Why the flush failed (system category, e.g. EIO). */
    const std::error_code& cause() const noexcept { return cause_; }

private:
    std::error_code cause_;
};

CLAW_END_NAMESPACE
