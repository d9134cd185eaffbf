// SPDX-License-Identifier: MIT
// Inventories of mirrored modules (commands or tools): built in code, parsed from the reference's
// snapshot JSON, or loaded from a file. Order is kept, duplicate names are allowed, and lookup by
// name is case-insensitive with Python's rules and returns the first match.
#pragma once

#include <claw/error.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/repr.hpp>
#include <claw/text/utf8.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace claw {

/** One mirrored command or tool. */
struct module_entry {
    std::string name;
    std::string responsibility;
    std::string source_hint;
    std::string status = "mirrored";
    friend bool operator==(const module_entry&, const module_entry&) = default;
};

/** An inventory file or text could not be read. `what()` names the file, entry index and field. */
class inventory_error : public error {
public:
    using error::error;
};

/** Largest inventory file `load_inventory` reads: 64 MiB. */
inline constexpr std::uintmax_t max_inventory_file_size = 64ull << 20;

/**
 * An ordered list of `module_entry`. Alongside each entry it keeps the lowercased text that
 * routing and search compare against, computed once.
 */
class inventory {
public:
    inventory() = default;
    inventory(std::initializer_list<module_entry> entries) : inventory(std::vector<module_entry>(entries)) {}
    explicit inventory(std::vector<module_entry> entries) : entries_(std::move(entries)) { index(); }

    /**
     * Parses the reference's snapshot schema: a JSON array of objects with string fields `name`,
     * `source_hint` and `responsibility` (other keys ignored; status is `mirrored`).
     * @throws claw::inventory_error naming `source`, the entry index and the field.
     */
    static inventory from_json(std::string_view text, const std::string& source = "<text>") {
        const auto fail = [&](errc code, const std::string& why) -> inventory_error {
            return inventory_error(code, "inventory " + source + ": " + why);
        };
        if (const std::size_t bad = text::find_invalid_utf8(text); bad != std::string_view::npos)
            throw fail(errc::invalid_utf8, "not valid UTF-8 at byte offset " + std::to_string(bad));
        boost::json::parse_options opts;
        opts.max_depth = 64;
        boost::system::error_code ec;
        boost::json::monotonic_resource mr;
        const boost::json::value doc = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec, &mr, opts);
        if (ec) {
            if (ec == boost::json::error::too_deep) throw fail(errc::too_deep, "nesting deeper than 64 levels");
            throw fail(errc::malformed_json, "malformed JSON: " + ec.message());
        }
        if (!doc.is_array()) throw fail(errc::wrong_type, "the top-level value must be an array of objects");
        std::vector<module_entry> entries;
        entries.reserve(doc.as_array().size());
        std::size_t i = 0;
        for (const auto& v : doc.as_array()) {
            const std::string where = "entry " + std::to_string(i);
            if (!v.is_object()) throw fail(errc::wrong_type, where + " must be an object");
            const auto& obj = v.as_object();
            const auto field = [&](const char* key) -> std::string {
                const auto* f = obj.if_contains(key);
                if (!f) throw fail(errc::missing_field, where + " has no field '" + key + "'");
                if (!f->is_string()) throw fail(errc::wrong_type, where + " field '" + key + "' must be a string");
                return std::string(f->as_string());
            };
            module_entry e;
            e.name = field("name");
            e.source_hint = field("source_hint");
            e.responsibility = field("responsibility");
            entries.push_back(std::move(e));
            ++i;
        }
        return inventory(std::move(entries));
    }

    /** The entries, in order. */
    const std::vector<module_entry>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    const module_entry& operator[](std::size_t i) const noexcept { return entries_[i]; }
    auto begin() const noexcept { return entries_.begin(); }
    auto end() const noexcept { return entries_.end(); }

    /** The first entry whose lowercased name equals `lower(name)`, or nullptr (`get_tool`/`get_command`). */
    const module_entry* get(std::string_view name) const {
        const std::string needle = text::lower(name);
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (lowered_name(i) == needle) return &entries_[i];
        return nullptr;
    }

    /**
     * Query search, as the reference's `find_tools`/`find_commands`: entries whose lowercased
     * name or source hint contains `lower(query)`, the first `limit` in inventory order.
     */
    std::vector<const module_entry*> find(std::string_view query, std::size_t limit = 20) const {
        const std::string needle = text::lower(query);
        std::vector<const module_entry*> out;
        for (std::size_t i = 0; i < entries_.size() && out.size() < limit; ++i) {
            if (lowered_name(i).find(needle) != std::string_view::npos ||
                lowered_hint(i).find(needle) != std::string_view::npos)
                out.push_back(&entries_[i]);
        }
        return out;
    }

    /**
     * `lower(name) + "\n" + lower(source_hint) + "\n" + lower(responsibility)` of entry `i`.
     * A token never holds whitespace, so it matches this text exactly when it matches one field.
     */
    std::string_view haystack(std::size_t i) const noexcept {
        return std::string_view(lowered_).substr(spans_[i].begin, spans_[i].end - spans_[i].begin);
    }
    /** `lower(name)` of entry `i`. */
    std::string_view lowered_name(std::size_t i) const noexcept { return haystack(i).substr(0, spans_[i].name); }
    /** `lower(source_hint)` of entry `i`. */
    std::string_view lowered_hint(std::size_t i) const noexcept {
        return haystack(i).substr(spans_[i].name + 1, spans_[i].hint);
    }

private:
    struct span {
        std::size_t begin, end, name, hint;
    };
    void index() {
        spans_.clear();
        lowered_.clear();
        for (const auto& e : entries_) {
            span s{};
            s.begin = lowered_.size();
            // '\n' is neither cased nor case-ignorable, so lowering the joined text equals joining
            // the lowered fields (the final-sigma rule sees the same boundaries).
            const std::string joined = e.name + "\n" + e.source_hint + "\n" + e.responsibility;
            lowered_ += text::lower(joined);
            s.end = lowered_.size();
            const std::string_view h = std::string_view(lowered_).substr(s.begin);
            s.name = h.find('\n');
            s.hint = h.find('\n', s.name + 1) - s.name - 1;
            spans_.push_back(s);
        }
    }

    std::vector<module_entry> entries_;
    std::string lowered_;
    std::vector<span> spans_;
};

/**
 * Loads an inventory file in the reference's snapshot schema.
 * @throws claw::inventory_error naming the file and the cause (missing, too large, malformed,
 *         entry index and field).
 */
inline inventory load_inventory(const std::filesystem::path& path) {
    const std::string source = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw inventory_error(ec, "inventory " + source + ": cannot read: " + ec.message());
    if (size > max_inventory_file_size)
        throw inventory_error(errc::too_large, "inventory " + source + ": is " + std::to_string(size) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(max_inventory_file_size));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw inventory_error(std::make_error_code(std::errc::io_error), "inventory " + source + ": cannot open");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return inventory::from_json(text, source);
}

}  // namespace claw
