// SPDX-License-Identifier: MIT
// Inventories of mirrored modules (commands or tools): built in code, parsed from the reference's
// snapshot JSON, or loaded from a file. Order is kept, duplicate names are allowed, and lookup by
// name is case-insensitive with Python's rules and returns the first match.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/text/lower.hpp>
#include <claw/text/utf8.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

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
        if (text.substr(0, 3) == "\xEF\xBB\xBF") throw fail(errc::malformed_json, "the text starts with a UTF-8 byte order mark");
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
    /**
     * Calls `f(i)` once for every entry whose haystack contains `token`, in increasing order of
     * `i`. `token` must already be lowercased and hold no whitespace. One- and two-byte tokens are
     * answered from the index alone; longer ones from the entries sharing the token's rarest
     * three-byte sequence, each confirmed by a search.
     */
    template <class F>
    void for_each_containing(std::string_view token, F&& f) const {
        if (token.empty()) {
            for (std::size_t i = 0; i < entries_.size(); ++i) f(i);
            return;
        }
        if (token.size() <= 2) {
            for (const std::uint32_t i : postings(gram_key(token))) f(i);
            return;
        }
        // The two rarest three-byte sequences of the token; entries must hold both.
        std::span<const std::uint32_t> rarest, second;
        bool have_second = false;
        for (std::size_t k = 0; k + 3 <= token.size(); ++k) {
            const auto list = postings(gram_key(token.substr(k, 3)));
            if (list.empty()) return;
            if (k == 0 || list.size() < rarest.size()) {
                second = rarest;
                have_second = k > 0;
                rarest = list;
            } else if (!have_second || list.size() < second.size()) {
                second = list;
                have_second = true;
            }
        }
        auto other = second.begin();
        for (const std::uint32_t i : rarest) {
            if (have_second) {
                while (other != second.end() && *other < i) ++other;
                if (other == second.end()) return;
                if (*other != i) continue;
            }
            if (token.size() == 3 || haystack(i).find(token) != std::string_view::npos) f(i);
        }
    }

    /** Position of entry `i` when entries are sorted by name (code point order), ties in inventory order. */
    std::uint32_t name_rank(std::size_t i) const noexcept { return ranks_[i]; }

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
    // One-, two- and three-byte sequences, keyed with their length in the top byte.
    static std::uint32_t gram_key(std::string_view g) noexcept {
        std::uint32_t k = static_cast<std::uint32_t>(g.size()) << 24;
        for (std::size_t i = 0; i < g.size(); ++i)
            k |= static_cast<std::uint32_t>(static_cast<unsigned char>(g[i])) << (8 * (g.size() - 1 - i));
        return k;
    }

    std::span<const std::uint32_t> postings(std::uint32_t key) const noexcept {
        const auto it = std::lower_bound(gram_keys_.begin(), gram_keys_.end(), key);
        if (it == gram_keys_.end() || *it != key) return {};
        const auto k = static_cast<std::size_t>(it - gram_keys_.begin());
        return std::span<const std::uint32_t>(postings_).subspan(gram_offsets_[k], gram_offsets_[k + 1] - gram_offsets_[k]);
    }

    // Posting lists: for every sequence of one to three bytes, the entries whose haystack holds it.
    void build_grams() {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // (key, entry)
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            const std::string_view h = haystack(i);
            const std::size_t first = pairs.size();
            for (std::size_t n = 1; n <= 3; ++n)
                for (std::size_t k = 0; k + n <= h.size(); ++k) {
                    const std::string_view g = h.substr(k, n);
                    if (g.find('\n') == std::string_view::npos) pairs.emplace_back(gram_key(g), static_cast<std::uint32_t>(i));
                }
            std::sort(pairs.begin() + static_cast<std::ptrdiff_t>(first), pairs.end());
            pairs.erase(std::unique(pairs.begin() + static_cast<std::ptrdiff_t>(first), pairs.end()), pairs.end());
        }
        std::stable_sort(pairs.begin(), pairs.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        gram_keys_.clear();
        gram_offsets_.clear();
        postings_.clear();
        postings_.reserve(pairs.size());
        for (const auto& [key, entry] : pairs) {
            if (gram_keys_.empty() || gram_keys_.back() != key) {
                gram_keys_.push_back(key);
                gram_offsets_.push_back(static_cast<std::uint32_t>(postings_.size()));
            }
            postings_.push_back(entry);
        }
        gram_offsets_.push_back(static_cast<std::uint32_t>(postings_.size()));
    }

    void index() {
        spans_.clear();
        lowered_.clear();
        for (const auto& e : entries_) {
            // Each field is lowered on its own (fields may hold any text, newlines included), and
            // the three are joined with '\n' for routing, where tokens never hold whitespace.
            span s{};
            s.begin = lowered_.size();
            lowered_ += text::lower(e.name);
            s.name = lowered_.size() - s.begin;
            lowered_ += '\n';
            lowered_ += text::lower(e.source_hint);
            s.hint = lowered_.size() - s.begin - s.name - 1;
            lowered_ += '\n';
            lowered_ += text::lower(e.responsibility);
            s.end = lowered_.size();
            spans_.push_back(s);
        }
        std::vector<std::uint32_t> by_name(entries_.size());
        for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<std::uint32_t>(i);
        std::stable_sort(by_name.begin(), by_name.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return entries_[a].name < entries_[b].name; });
        ranks_.assign(entries_.size(), 0);
        for (std::size_t r = 0; r < by_name.size(); ++r) ranks_[by_name[r]] = static_cast<std::uint32_t>(r);
        build_grams();
    }

    std::vector<module_entry> entries_;
    std::string lowered_;
    std::vector<span> spans_;
    std::vector<std::uint32_t> ranks_;
    std::vector<std::uint32_t> gram_keys_;
    std::vector<std::uint32_t> gram_offsets_;
    std::vector<std::uint32_t> postings_;
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

CLAW_END_NAMESPACE
