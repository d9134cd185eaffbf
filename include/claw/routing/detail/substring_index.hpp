// SPDX-License-Identifier: MIT
// The search index behind routing: for a list of texts (an inventory's lowercased haystacks) it
// answers "which texts contain this token?" without scanning them all. Every text is reduced to
// the set of byte values it holds and the set of three-byte sequences starting at each of its
// positions; both are built in time and memory linear in the total text size.
#pragma once

#include <claw/config.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <string.h>  // memmem (glibc, musl, the BSDs)

CLAW_BEGIN_NAMESPACE
namespace detail {

/**
 * True when `needle` occurs in `text`, in time linear in both. A plain search
 * (`std::string_view::find`) may compare O(text x needle) bytes on crafted input, so it is used
 * only while that product stays under 64 Ki, where it is the fastest; beyond, the C library's
 * `memmem` (the Two-Way algorithm in glibc) is linear.
 */
inline bool contains_bytes(std::string_view text, std::string_view needle) noexcept {
    if (needle.size() > text.size()) return false;
    if (text.size() <= (std::size_t{1} << 16) && text.size() * needle.size() <= (std::size_t{1} << 16))
        return text.find(needle) != std::string_view::npos;
    return ::memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

/**
 * Which texts contain a given token, for tokens that hold no '\n' (the separator the inventory
 * puts between the fields of one haystack).
 *
 * Index: per text, a 256-bit set of the byte values it holds; and for every three-byte sequence
 * (a "gram") starting at a position of some text, the sorted list of texts holding it (its
 * "postings"). The gram at position k is `t[k] t[k+1] t[k+2]`, with '\n' standing in for the
 * byte past the end, and only grams whose first two bytes are not '\n' are kept. So every
 * occurrence of a two-byte token without '\n' is the start of an indexed gram, and the texts
 * holding such a token are the union of the postings of the grams that start with it.
 *
 * Building: two passes over the text with one hash table of the distinct grams (count, then
 * fill) and a radix sort of the distinct grams: O(total text) time. Memory kept: 4 bytes per
 * distinct (text, gram) pair, 8 bytes per distinct gram and 32 bytes per text. While building:
 * the table (at most 35 bytes per distinct gram) and, for texts of 4 KiB or more, the list of
 * their distinct grams (4 bytes each), which spares pass 2 from walking long texts again.
 */
class substring_index {
public:
    /** Largest number of texts: ids are 32-bit and one value is reserved. */
    static constexpr std::size_t max_texts = 0xFFFFFFFEu;

    /**
     * Rebuilds the index over `count` texts, `text(i)` returning the i-th as a `std::string_view`
     * that stays valid during the call. `count` must not exceed `max_texts`.
     */
    template <class Text>
    void build(std::size_t count, Text&& text) {
        bytes_.assign(count, byte_set{});
        keys_.clear();
        offsets_.clear();
        postings_.clear();
        gram_table table;
        // Pass 1: the byte sets, the distinct grams and the number of texts holding each. The
        // distinct grams of a long text are also noted, so that pass 2 need not walk it again.
        std::size_t pairs = 0;
        std::vector<std::uint32_t> long_grams;
        std::vector<std::size_t> long_ends;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string_view t = text(i);
            byte_set& set = bytes_[i];
            for (const char c : t) {
                const auto b = static_cast<unsigned char>(c);
                set[b >> 6] |= std::uint64_t{1} << (b & 63u);
            }
            const auto id = static_cast<std::uint32_t>(i);
            const bool is_long = t.size() >= long_text;
            for_each_gram(t, [&](std::uint32_t key) {
                gram_table::slot& s = table.insert(key);
                if (s.last != id) {
                    s.last = id;
                    ++s.value;
                    ++pairs;
                    if (is_long) long_grams.push_back(key);
                }
            });
            if (is_long) long_ends.push_back(long_grams.size());
        }
        // The distinct grams in order, each slot's value turned into where its postings start.
        keys_ = table.keys();
        radix_sort_24(keys_);
        offsets_.resize(keys_.size() + 1);
        std::uint32_t at = 0;
        for (std::size_t k = 0; k < keys_.size(); ++k) {
            gram_table::slot& s = *table.find(keys_[k]);
            offsets_[k] = at;
            at += s.value;
            s.value = offsets_[k];
            s.last = gram_table::none;
        }
        offsets_[keys_.size()] = at;
        // Pass 2: the postings, in increasing text order within each gram.
        postings_.resize(pairs);
        std::size_t long_begin = 0, long_index = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const auto id = static_cast<std::uint32_t>(i);
            const std::string_view t = text(i);
            if (t.size() >= long_text) {
                const std::size_t long_end = long_ends[long_index++];
                for (std::size_t k = long_begin; k < long_end; ++k) postings_[table.find(long_grams[k])->value++] = id;
                long_begin = long_end;
                continue;
            }
            for_each_gram(t, [&](std::uint32_t key) {
                gram_table::slot& s = *table.find(key);
                if (s.last != id) {
                    s.last = id;
                    postings_[s.value++] = id;
                }
            });
        }
    }

    /**
     * Calls `f(i)` once for every text `i` (of the `count` given to `build`, `text(i)` returning
     * the same texts) that contains `token`, in increasing order of `i`. `token` must not be
     * empty nor hold '\n'. One-byte tokens are answered from the byte sets (O(count)); two-byte
     * tokens from the union of the postings of their grams; longer ones from the texts sharing
     * the token's two rarest grams, each confirmed by a search (`contains_bytes`, linear) unless
     * the token is one gram.
     */
    template <class Text, class F>
    void for_each_containing(std::string_view token, std::size_t count, Text&& text, F&& f) const {
        if (token.size() == 1) {
            const auto b = static_cast<unsigned char>(token[0]);
            for (std::size_t i = 0; i < count; ++i)
                if ((bytes_[i][b >> 6] >> (b & 63u)) & 1u) f(i);
            return;
        }
        if (token.size() == 2) {
            const std::uint32_t first = gram_key(token[0], token[1], '\0');
            const auto lo = std::lower_bound(keys_.begin(), keys_.end(), first);
            const auto hi = std::lower_bound(lo, keys_.end(), first + 0x100u);
            if (lo == hi) return;
            const auto list_of = [&](std::vector<std::uint32_t>::const_iterator k) {
                const auto n = static_cast<std::size_t>(k - keys_.begin());
                return std::span<const std::uint32_t>(postings_).subspan(offsets_[n], offsets_[n + 1] - offsets_[n]);
            };
            if (hi - lo == 1) {
                for (const std::uint32_t i : list_of(lo)) f(i);
                return;
            }
            std::vector<std::uint32_t> hits;
            for (auto k = lo; k != hi; ++k) {
                const auto list = list_of(k);
                hits.insert(hits.end(), list.begin(), list.end());
            }
            std::sort(hits.begin(), hits.end());
            hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
            for (const std::uint32_t i : hits) f(i);
            return;
        }
        // The two rarest grams of the token; a text must hold both.
        std::span<const std::uint32_t> rarest, second;
        bool have_second = false;
        for (std::size_t k = 0; k + 3 <= token.size(); ++k) {
            const auto list = postings(gram_key(token[k], token[k + 1], token[k + 2]));
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
            if (token.size() == 3 || contains_bytes(text(i), token)) f(i);
        }
    }

    /** Bytes held by the index (its vectors' capacities). */
    std::size_t memory_bytes() const noexcept {
        return bytes_.capacity() * sizeof(byte_set) +
               (keys_.capacity() + offsets_.capacity() + postings_.capacity()) * sizeof(std::uint32_t);
    }

private:
    using byte_set = std::array<std::uint64_t, 4>;

    // Texts at least this long keep their distinct grams from pass 1 for pass 2.
    static constexpr std::size_t long_text = 4096;

    static constexpr std::uint32_t gram_key(char a, char b, char c) noexcept {
        return (std::uint32_t{static_cast<unsigned char>(a)} << 16) | (std::uint32_t{static_cast<unsigned char>(b)} << 8) |
               std::uint32_t{static_cast<unsigned char>(c)};
    }

    // Calls f(key) for the gram at every position whose first two bytes are not '\n'.
    template <class F>
    static void for_each_gram(std::string_view t, F&& f) {
        const std::size_t n = t.size();
        for (std::size_t k = 0; k + 1 < n; ++k) {
            if (t[k + 1] == '\n') {
                ++k;  // the grams at k and k + 1 both hold this '\n' in their first two bytes
                continue;
            }
            if (t[k] == '\n') continue;
            f(gram_key(t[k], t[k + 1], k + 2 < n ? t[k + 2] : '\n'));
        }
    }

    // Sorts 24-bit keys in three stable counting passes of eight bits: O(n).
    static void radix_sort_24(std::vector<std::uint32_t>& keys) {
        std::vector<std::uint32_t> tmp(keys.size());
        for (unsigned shift = 0; shift < 24; shift += 8) {
            std::array<std::size_t, 257> at{};
            for (const std::uint32_t k : keys) ++at[((k >> shift) & 0xFFu) + 1];
            for (std::size_t b = 1; b < at.size(); ++b) at[b] += at[b - 1];
            for (const std::uint32_t k : keys) tmp[at[(k >> shift) & 0xFFu]++] = k;
            keys.swap(tmp);
        }
    }

    // Open addressing (linear probing) from a 24-bit gram to a counter and the last text that
    // touched it; at most 70% full.
    class gram_table {
    public:
        static constexpr std::uint32_t none = 0xFFFFFFFFu;
        struct slot {
            std::uint32_t key = none;
            std::uint32_t value = 0;
            std::uint32_t last = none;
        };

        gram_table() : slots_(std::size_t{1} << bits_) {}

        slot& insert(std::uint32_t key) {
            for (std::size_t at = home(key);; at = (at + 1) & mask()) {
                slot& s = slots_[at];
                if (s.key == key) return s;
                if (s.key == none) {
                    if (10 * (used_ + 1) > 7 * slots_.size()) {
                        grow();
                        return insert(key);
                    }
                    ++used_;
                    s.key = key;
                    return s;
                }
            }
        }
        slot* find(std::uint32_t key) noexcept {
            for (std::size_t at = home(key);; at = (at + 1) & mask()) {
                slot& s = slots_[at];
                if (s.key == key) return &s;
                if (s.key == none) return nullptr;
            }
        }
        std::vector<std::uint32_t> keys() const {
            std::vector<std::uint32_t> out;
            out.reserve(used_);
            for (const slot& s : slots_)
                if (s.key != none) out.push_back(s.key);
            return out;
        }

    private:
        std::size_t mask() const noexcept { return slots_.size() - 1; }
        std::size_t home(std::uint32_t key) const noexcept {
            return static_cast<std::size_t>((key * 0x9E3779B1u) >> (32 - bits_));
        }
        void grow() {
            std::vector<slot> old(std::size_t{1} << ++bits_);
            old.swap(slots_);
            for (const slot& s : old) {
                if (s.key == none) continue;
                std::size_t at = home(s.key);
                while (slots_[at].key != none) at = (at + 1) & mask();
                slots_[at] = s;
            }
        }

        unsigned bits_ = 10;
        std::size_t used_ = 0;
        std::vector<slot> slots_;
    };

    std::span<const std::uint32_t> postings(std::uint32_t key) const noexcept {
        const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
        if (it == keys_.end() || *it != key) return {};
        const auto k = static_cast<std::size_t>(it - keys_.begin());
        return std::span<const std::uint32_t>(postings_).subspan(offsets_[k], offsets_[k + 1] - offsets_[k]);
    }

    std::vector<byte_set> bytes_;
    std::vector<std::uint32_t> keys_;      // distinct grams, sorted
    std::vector<std::uint32_t> offsets_;   // postings of keys_[k]: [offsets_[k], offsets_[k + 1])
    std::vector<std::uint32_t> postings_;  // text ids, grouped by gram, increasing within a group
};

}  // namespace detail
CLAW_END_NAMESPACE
