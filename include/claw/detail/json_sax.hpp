// SPDX-License-Identifier: MIT
// What every SAX handler given to Boost.JSON's `basic_parser` must declare but claw's readers do
// not use: the size limits (none beyond the parser's own options) and the callbacks for the
// pieces of numbers, comments and the document's start, which they ignore.
#pragma once

#include <claw/config.hpp>

#include <boost/json/string_view.hpp>
#include <boost/system/error_code.hpp>

#include <cstddef>

CLAW_BEGIN_NAMESPACE
namespace detail {

/**
 * Base of the SAX handlers: no size limit of its own on objects, arrays, keys or strings; number
 * pieces, comments (which the parse options refuse anyway) and the document's start accepted and
 * ignored. A handler derives from it publicly and declares the other callbacks; one that declares
 * a callback of the same name hides this one (e.g. to act on `on_document_begin`).
 */
class json_sax_base {
public:
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    using ec_t = boost::system::error_code;
    using sv = boost::json::string_view;

    bool on_document_begin(ec_t&) { return true; }
    bool on_number_part(sv, ec_t&) { return true; }
    bool on_comment_part(sv, ec_t&) { return true; }
    bool on_comment(sv, ec_t&) { return true; }
};

}  // namespace detail
CLAW_END_NAMESPACE
