// SPDX-License-Identifier: MIT
// The `text` module: the Python-exact text rules every other module relies on. Lowercasing
// (`str.lower()`), whitespace tokenisation (`str.split()`), `repr()`, `json.dumps` of a
// string, UTF-8 validation, and `one_line`, which keeps a quoted value from breaking a
// message's line.
//
// Invalid UTF-8 never crashes any of these functions. They treat each invalid byte as Python's
// `surrogateescape` handler does: an opaque character that is not whitespace, not cased, is its
// own lowercase, and is shown by `repr` as `\udcNN`. Functions that write stored data (the
// session codec) reject invalid UTF-8 instead; see claw/session.hpp.
#pragma once

#include <claw/text/json_string.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/one_line.hpp>
#include <claw/text/repr.hpp>
#include <claw/text/split.hpp>
#include <claw/text/utf8.hpp>
