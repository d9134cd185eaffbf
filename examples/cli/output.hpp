// SPDX-License-Identifier: MIT
// claw-port's output: lines on standard output whose loss is detected (a full disk, a closed
// stream) and turned into exit status 1, and one-line messages on standard error in which nothing
// can start a new line or a terminal escape sequence.
#pragma once

#include <string>
#include <string_view>

namespace claw_port {

/**
 * Call first in main(). Standard descriptors that the caller closed are occupied by /dev/null, so
 * that no file the program opens later can become "standard output" and receive its output; a
 * closed standard output is remembered and reported by `finish_output`.
 */
void guard_standard_streams();

/** Writes `s` and a newline on standard output. */
void print(std::string_view s);

/** Writes `s` on standard output exactly, without adding a newline. */
void print_raw(std::string_view s);

/**
 * Writes `prefix` + `message` + newline on standard error, with every control character, DEL, C1
 * control and invalid UTF-8 byte of `message` shown as `\xNN` (or `\uNNNN`): one line, always.
 */
void print_error(std::string_view prefix, std::string_view message);

/**
 * Flushes standard output. Returns `rc` when everything printed reached it, otherwise prints why
 * on standard error and returns 1.
 */
int finish_output(int rc);

}  // namespace claw_port
