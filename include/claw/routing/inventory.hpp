// SPDX-License-Identifier: MIT
// Inventories of mirrored modules (commands or tools): built in code, parsed from the reference's
// snapshot JSON, or loaded from a file. Order is kept, duplicate names are allowed, and lookup by
// name is case-insensitive with Python's rules and returns the first match. Alongside the entries
// an inventory keeps their lowercased text and a substring index over it, built in linear time,
// which routing queries.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/os.hpp>
#include <claw/error.hpp>
#include <claw/routing/detail/inventory_parser.hpp>
#include <claw/routing/detail/substring_index.hpp>
#include <claw/text/lower.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>

CLAW_BEGIN_NAMESPACE

/** Largest inventory file `load_inventory` reads: `CLAW_MAX_INVENTORY_FILE_SIZE` (64 MiB by default). */
inline constexpr std::uintmax_t max_inventory_file_size = CLAW_MAX_INVENTORY_FILE_SIZE;

/**
 * An ordered list of `module_entry`. Alongside the entries it keeps, computed once when it is
 * built: each entry's lowercased fields, the entries' order by name, and a substring index over
 * the lowercased text (see `for_each_containing`).
 *
 * Building costs O(T + n log n) time for n entries holding T bytes of text (the log factor is
 * the sort by name), and keeps about T bytes of lowercased text, 4 bytes per distinct
 * three-byte sequence of each entry (at most 4T in all) and 68 bytes per entry besides the entries
 * themselves. An inventory is immutable: copies are independent, and it is safe to read from
 * several threads at once.
 *
 * Fields are opaque bytes to routing; text that is not valid UTF-8 is lowercased byte by byte
 * where it is invalid (see `text::lower`). `from_json` and `load_inventory` accept only valid UTF-8.
 */
class inventory {
public:
    /** An empty inventory. Constant; never throws. */
    inventory() = default;
    /** Copies `entries`, then builds as the vector constructor. */
    inventory(std::initializer_list<module_entry> entries) : inventory(std::vector<module_entry>(entries)) {}
    /**
     * Takes `entries` and builds the lowercased text, the name order and the substring index.
     * Complexity: O(T + n log n) for n entries holding T bytes (see the class notes).
     * @throws claw::error (`errc::too_large`) above 2^32 - 2 entries or 4 GiB of text.
     */
    explicit inventory(std::vector<module_entry> entries) : entries_(std::move(entries)) { index(); }

    /**
     * Parses the reference's snapshot schema: a JSON array of objects with string fields `name`,
     * `source_hint` and `responsibility` (other keys ignored; when a key appears twice in an
     * object the last one counts; status is `mirrored`). Streams through the text once, O(size).
     *
     * @param source how messages name the text (a file name, "<text>", ...)
     * @throws claw::inventory_error with a one-line message `inventory <source>: <cause>`, `source`
     *         shown escaped (`text::repr`) unless it is plain printable text: a byte order mark or
     *         empty text, invalid UTF-8 (entry index, field, offset and the value escaped),
     *         malformed JSON (line, column; a lone surrogate escape such as `\ud800` is named as
     *         such), nesting deeper than `CLAW_MAX_INVENTORY_JSON_DEPTH` (64), a top level that
     *         is not an array, an entry that is not an object, or a field missing or not a string
     *         (entry index and field). Error codes: `errc::invalid_utf8`, `malformed_json`,
     *         `too_deep`, `wrong_type`, `missing_field`. Nothing is half built.
     */
    [[nodiscard]] static inventory from_json(std::string_view text, const std::string& source = "<text>") {
        return inventory(detail::parse_inventory(text, detail::shown_inventory_source(source)));
    }

    /** The entries, in order. The accessors below are constant and never throw. */
    const std::vector<module_entry>& entries() const noexcept { return entries_; }
    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    const module_entry& operator[](std::size_t i) const noexcept { return entries_[i]; }
    auto begin() const noexcept { return entries_.begin(); }
    auto end() const noexcept { return entries_.end(); }

    /**
     * The first entry whose lowercased name equals `lower(name)`, or nullptr (`get_tool`/`get_command`).
     * Complexity: O(|name| + n + total name length) for n entries. Never throws but allocation
     * (the lowercased copy of `name`).
     */
    [[nodiscard]] const module_entry* get(std::string_view name) const {
        const std::string needle = text::lower(name);
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (lowered_name(i) == needle) return &entries_[i];
        return nullptr;
    }

    /**
     * Query search, as the reference's `find_tools`/`find_commands`: entries whose lowercased
     * name or source hint contains `lower(query)`, the first `limit` in inventory order.
     * Complexity: O(total length of the names and hints searched x |query|) at worst (a plain
     * substring search per field), stopping at the `limit`-th hit. Never throws but allocation.
     */
    [[nodiscard]] std::vector<const module_entry*> find(std::string_view query, std::size_t limit = 20) const {
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
     * A token without '\n' matches this text exactly when it matches one of the fields.
     */
    std::string_view haystack(std::size_t i) const noexcept {
        return std::string_view(lowered_).substr(spans_[i].begin, spans_[i].end - spans_[i].begin);
    }

    /**
     * Calls `f(i)` once for every entry one of whose lowercased fields contains `token`, in
     * increasing order of `i`; `token` must already be lowercased. Cost, for n entries:
     * an empty token visits all; one byte, O(n); two bytes, O(h log h) for the h postings of the
     * three-byte sequences starting with it; three bytes, O(log d + hits) for d distinct
     * sequences; longer tokens, the entries sharing the token's two rarest three-byte sequences,
     * each confirmed by a search of its text, linear in the token and the entry's text even on
     * crafted input. A token holding '\n' is searched for in every field, O(T).
     * Throws only what `f` throws, and allocation (a two-byte token gathers its hits in a vector).
     */
    template <class F>
    void for_each_containing(std::string_view token, F&& f) const {
        if (token.empty()) {
            for (std::size_t i = 0; i < entries_.size(); ++i) f(i);
            return;
        }
        if (token.find('\n') != std::string_view::npos) {
            for (std::size_t i = 0; i < entries_.size(); ++i) {
                const std::string_view h = haystack(i);
                const std::string_view fields[3] = {h.substr(0, spans_[i].name),
                                                    h.substr(spans_[i].name + 1, spans_[i].hint),
                                                    h.substr(spans_[i].name + spans_[i].hint + 2)};
                for (const std::string_view field : fields) {
                    if (detail::contains_bytes(field, token)) {
                        f(i);
                        break;
                    }
                }
            }
            return;
        }
        index_.for_each_containing(token, entries_.size(), [this](std::size_t i) { return haystack(i); }, f);
    }

    /** Position of entry `i` when entries are sorted by name (code point order), ties in inventory order. */
    std::uint32_t name_rank(std::size_t i) const noexcept { return ranks_[i]; }

    /** `lower(name)` of entry `i`. */
    std::string_view lowered_name(std::size_t i) const noexcept { return haystack(i).substr(0, spans_[i].name); }
    /** `lower(source_hint)` of entry `i`. */
    std::string_view lowered_hint(std::size_t i) const noexcept {
        return haystack(i).substr(spans_[i].name + 1, spans_[i].hint);
    }

    /** Bytes of memory the inventory holds beyond its entries: lowercased text, order and index. */
    std::size_t index_memory_bytes() const noexcept {
        return lowered_.capacity() + spans_.capacity() * sizeof(span) + ranks_.capacity() * sizeof(std::uint32_t) +
               index_.memory_bytes();
    }

private:
    struct span {
        std::size_t begin, end, name, hint;
    };

    // Appends lower(s) to out, lowering through `scratch` so that `out` grows only by what it keeps.
    static void append_lower(std::string& out, std::string_view s, std::string& scratch) {
        // lower() never makes text more than 1.5 times longer (two bytes become at most three).
        const std::size_t room = s.size() + s.size() / 2 + 8;
        if (scratch.size() < room) scratch.resize(room);
        // lower_prefix writes the first bytes of lower(s), at most `room`: fewer means all of them.
        const std::size_t n = text::lower_prefix(s, scratch.data(), room);
        if (n < room) {
            out.append(scratch.data(), n);
        } else {
            out += text::lower(s);  // not expected; the plain function is always right
        }
    }

    void index() {
        if (entries_.size() > detail::substring_index::max_texts)
            throw error(errc::too_large, "inventory: more than " + std::to_string(detail::substring_index::max_texts) + " entries");
        std::size_t total = 0;
        for (const auto& e : entries_) total += e.name.size() + e.source_hint.size() + e.responsibility.size() + 2;
        if (total + total / 2 > 0xFFFFFFFFu) throw error(errc::too_large, "inventory: more than 4 GiB of text");
        spans_.clear();
        spans_.reserve(entries_.size());
        lowered_.clear();
        lowered_.reserve(total + 16);
        std::string scratch;
        for (const auto& e : entries_) {
            // Each field is lowered on its own (fields may hold any text, newlines included), and
            // the three are joined with '\n' for routing, where tokens never hold whitespace.
            span s{};
            s.begin = lowered_.size();
            append_lower(lowered_, e.name, scratch);
            s.name = lowered_.size() - s.begin;
            lowered_ += '\n';
            append_lower(lowered_, e.source_hint, scratch);
            s.hint = lowered_.size() - s.begin - s.name - 1;
            lowered_ += '\n';
            append_lower(lowered_, e.responsibility, scratch);
            s.end = lowered_.size();
            spans_.push_back(s);
        }
        scratch = std::string();
        if (lowered_.capacity() > lowered_.size() + lowered_.size() / 8 + 64) lowered_.shrink_to_fit();
        std::vector<std::uint32_t> by_name(entries_.size());
        for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<std::uint32_t>(i);
        std::stable_sort(by_name.begin(), by_name.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return entries_[a].name < entries_[b].name; });
        ranks_.assign(entries_.size(), 0);
        for (std::size_t r = 0; r < by_name.size(); ++r) ranks_[by_name[r]] = static_cast<std::uint32_t>(r);
        index_.build(entries_.size(), [this](std::size_t i) { return haystack(i); });
    }

    std::vector<module_entry> entries_;
    std::string lowered_;
    std::vector<span> spans_;
    std::vector<std::uint32_t> ranks_;
    detail::substring_index index_;
};

namespace detail {
[[noreturn]] inline void throw_inventory_io(std::error_code code, const std::string& shown, const std::string& why) {
    throw inventory_error(code, "inventory " + shown + ": " + why);
}
}  // namespace detail

/**
 * Loads an inventory file in the reference's snapshot schema (see `inventory::from_json`).
 *
 * The file is opened once, without following a symbolic link at its last component (a link is
 * refused: pass the path of the file itself; links among its parent folders are followed), and
 * read through that one descriptor: it must be a regular file of at most
 * `max_inventory_file_size` bytes, and a file that grows past the limit while it is read is
 * refused, so a swapped or growing file cannot make the read run forever. O(file size) time;
 * memory while loading stays within about 10 times the file size for ordinary inventories.
 *
 * @throws claw::inventory_error naming the file (escaped when it is not plain text) and the
 *         cause: `cannot read: open failed: <system message>` (missing, unreadable, ...), a
 *         symbolic link or a path holding a NUL byte (`errc::not_a_regular_file`,
 *         `errc::invalid_argument`), a folder, device or pipe (`errc::not_a_regular_file`), a
 *         file too large (`errc::too_large`), a read error (system code), or any error of
 *         `from_json` (entry index and field).
 */
[[nodiscard]] inline inventory load_inventory(const std::filesystem::path& path) {
    const std::string& native = path.native();
    const std::string shown = detail::shown_inventory_source(native);
    if (native.find('\0') != std::string::npos)
        detail::throw_inventory_io(errc::invalid_argument, shown, "the path holds a NUL byte");
    std::vector<module_entry> entries;
    {
        detail::os::unique_fd fd(detail::os::open_for_reading(AT_FDCWD, native.c_str()));
        if (!fd) {
            const std::error_code ec = detail::os::last_error();
            struct stat st {};
            if (ec.value() == ELOOP && detail::os::stat_at(AT_FDCWD, native.c_str(), st) && S_ISLNK(st.st_mode))
                detail::throw_inventory_io(errc::not_a_regular_file, shown,
                                           "is a symbolic link; inventory files are not followed through links "
                                           "(pass the path of the file itself)");
            detail::throw_inventory_io(ec, shown, "cannot read: open failed: " + ec.message());
        }
        detail::os::read_result r = detail::os::read_regular(fd.get(), max_inventory_file_size);
        switch (r.status) {
            case detail::os::read_status::ok: break;
            case detail::os::read_status::not_regular:
                detail::throw_inventory_io(errc::not_a_regular_file, shown,
                                           "is not a regular file (a folder, device or pipe)");
            case detail::os::read_status::too_large:
                detail::throw_inventory_io(errc::too_large, shown,
                                           "has at least " + std::to_string(r.size) +
                                               " bytes, more than the limit of " +
                                               std::to_string(max_inventory_file_size) + " bytes");
            case detail::os::read_status::io_error:
                detail::throw_inventory_io(r.error, shown, "cannot read: read failed: " + r.error.message());
        }
        fd.reset();
        entries = detail::parse_inventory(r.bytes, shown);
    }  // the file's bytes are released before the index is built
    return inventory(std::move(entries));
}

CLAW_END_NAMESPACE
