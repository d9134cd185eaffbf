// SPDX-License-Identifier: MIT
// `json_file_store`, the default session store: one file per session, `<dir>/<id>.json`, in the
// reference's exact format, written atomically (temporary file in the same folder, then rename)
// so that a reader or a crash never sees a partial file.
#pragma once

#include <claw/config.hpp>

#include <claw/detail/os.hpp>
#include <claw/error.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/codec.hpp>
#include <claw/session/detail/messages.hpp>
#include <claw/session/durability.hpp>
#include <claw/session/id.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/session/stored_session.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

/**
 * Sessions as JSON files, byte-identical to the reference's `.port_sessions/<id>.json`.
 *
 * Guarantees:
 * - ids are checked with `is_valid_session_id` before any file-system call;
 * - the folder is created with mode 0700 when missing (missing ancestors with 0777 less the
 *   umask, as `mkdir -p`), files with mode 0600;
 * - `save` writes a temporary file (`O_EXCL|O_NOFOLLOW`) in the same folder, then renames it over
 *   the target: a planted symlink at the target is replaced, never followed;
 * - the session folder itself must not be a symbolic link, however it is spelled (`link`,
 *   `link/`, `link/.`, `./link//`): the store drops trailing slashes and `.` components, then
 *   opens the folder with `O_NOFOLLOW`, which refuses a link at the last component (and creates
 *   a missing folder with `mkdirat` in its parent's descriptor). Links at PARENT components are followed (a home folder or
 *   `/tmp` reached through a link is common, and whoever chooses the path controls them); `..`
 *   as the last component names the real parent folder, which is never a link;
 * - every file is reached through one descriptor of the folder, so the folder cannot be swapped
 *   during an operation;
 * - a folder the process may search but not read (mode 0100 or 0300) works: files are reached
 *   through an `O_PATH` descriptor. Such a folder cannot be opened to fsync it (nor listed), so a
 *   durable save there commits the whole file system (`syncfs`) instead of the folder;
 * - invalid UTF-8, a negative counter, more than `max_session_messages` messages, or an encoded
 *   file larger than `max_file_size()` is rejected before anything is written, so `save` never
 *   writes what `load` refuses;
 * - `load` refuses links, non-regular files and files above `max_file_size()`, and its memory is
 *   bounded: peak heap use is at most about 3 x the file size + 100 bytes per message, with
 *   messages capped at `max_session_messages` (so a 64 MiB file costs at most about 300 MiB; the
 *   worst cases are measured by the tests);
 * - error messages show ids and paths escaped (`detail::shown`): always one line, no control
 *   characters; `session_error::source()` holds the same displayed form.
 *
 * Durability (`durability::fsync`, the default): the file is fsynced before the rename, the folder
 * after it, and a newly created folder's parent (and each new ancestor's parent) after creating
 * it. If only the LAST step fails (the folder fsync after a successful rename), `save` throws
 * `session_durability_error` (`errc::not_durable`): the new file IS in place, but may not survive
 * a power cut. With `durability::none` nothing is synced; a crash of the process still never
 * leaves a torn file, a power cut may lose recent saves.
 *
 * Across threads and processes: `save` and `load` share no state in the object, so one store (or
 * many stores on the same folder, in any number of processes) may be used concurrently. The last
 * writer wins, with its whole file; a reader sees one complete version, never a mixture or a
 * partial file. A writer killed at any moment leaves the previous version in place (and at
 * worst a hidden temporary file, `.<id>.json.<16 hex digits>.tmp`, which `load` never reads and
 * `sweep_temporaries` removes).
 */
class json_file_store {
public:
    /** Largest file `load` reads and `save` writes by default: `CLAW_MAX_SESSION_FILE_SIZE`. */
    static constexpr std::uint64_t default_max_file_size = CLAW_MAX_SESSION_FILE_SIZE;

    /**
     * A store on the folder `dir` (created on the first save, not here: construction touches
     * nothing). A `dir` holding a NUL byte is refused by every operation (`errc::invalid_argument`).
     * Complexity: constant. Never throws.
     */
    explicit json_file_store(std::filesystem::path dir = ".port_sessions", durability d = durability::fsync) noexcept
        : dir_(std::move(dir)), durability_(d) {}

    /**
     * Saves `s` and returns its path as `<dir>/<id>.json`, spelled from the folder as given.
     * Complexity: O(size of the session): one UTF-8 check and encoding pass, one `write` of the
     * encoded bytes; about ten system calls (open the folder, `getrandom`, `openat` O_EXCL,
     * `fallocate`, `write`, `close`, `renameat`) plus two fsyncs in durable mode (the file, the
     * folder); a missing folder adds a `mkdirat` per missing ancestor and a sync of each parent.
     * @throws claw::session_error naming the file and the cause (invalid id, invalid UTF-8,
     *         negative counter, too many messages, encoded size above `max_file_size()`, symlinked
     *         folder or a folder path holding a NUL byte, I/O error with its system code,
     *         random-source failure); the previous file is untouched.
     * @throws claw::session_durability_error when the file was saved but the folder could not be
     *         synced afterwards (see the class notes).
     */
    std::string save(const stored_session& s) const {
        const std::string target = locator(s.session_id);
        detail::require_storable(s, target);
        std::string text;
        try {
            text = to_python_json(s);
        } catch (const encoding_error& e) {
            throw session_error(e.code(), shown(target), std::string(e.what()) + "; nothing was written");
        }
        if (text.size() > max_file_size_)
            throw session_error(errc::too_large, shown(target),
                                "the encoded session is " + std::to_string(text.size()) +
                                    " bytes, more than the limit of " + std::to_string(max_file_size_) +
                                    " bytes that load accepts; nothing was written");
        const detail::os::folder_fd f = open_folder(target, true);
        write_atomically(f, s.session_id, target, text);
        return target;
    }

    /**
     * Loads the session stored under `id`.
     * Complexity: O(file size): open the folder, `openat` + `fstat` of the file, reads of the
     * whole file through one descriptor, one parsing pass; memory bounded as in the class notes.
     * @throws claw::session_error naming the file and the cause (invalid id, missing file or
     *         folder: `errc::not_found`, link or non-regular file, too large, too many messages,
     *         malformed content, I/O error with its system code).
     */
    [[nodiscard]] stored_session load(std::string_view id) const {
        const std::string target = locator(id);
        require_valid_session_id(id, target);
        const detail::os::folder_fd f = open_folder(target, false);
        return session_from_json(read_file(f.fd.get(), std::string(id) + ".json", target), shown(target));
    }

    /**
     * Every session file's summary, newest first (by mtime, then greater id first): one folder
     * descriptor, `readdir`, and per `<valid id>.json` regular file an `openat` + `fstat` + one
     * read of at most 96 bytes from its end. Transcripts are never parsed: `message_count` is
     * always empty, the two counters come from the file's tail when it has the reference layout
     * (`"input_tokens": N,\n  "output_tokens": M\n}`, as claw-cpp and the reference write it) and
     * are empty otherwise; `updated_at` is the file's mtime; `revision` is 0. Temporary files,
     * links, folders and other names are skipped. A missing folder lists nothing.
     * Complexity: O(e + n log n) for e folder entries of which n are session files: `readdir`
     * over every entry, then per session file `openat` + `fstat` + one `pread` of at most 96
     * bytes and `close` (never the whole file), then a sort.
     * @throws claw::session_error when the folder cannot be read (e.g. mode 0300), is a link or
     *         not a folder, or its path holds a NUL byte.
     */
    [[nodiscard]] std::vector<session_summary> list() const {
        const std::string where = dir_.string();
        std::vector<session_summary> out;
        const std::optional<detail::os::folder_fd> f = open_existing_folder(where);
        if (!f) return out;
        const int dfd = f->fd.get();
        const std::error_code ec = detail::os::for_each_entry(dfd, [&](const char* name) {
            const std::string_view n(name);
            if (n.size() <= 5 || !n.ends_with(".json") || !is_valid_session_id(n.substr(0, n.size() - 5))) return;
            const detail::os::unique_fd fd(detail::os::open_for_reading(dfd, name));
            struct stat st {};
            if (!fd || !detail::os::stat_fd(fd.get(), st) || !S_ISREG(st.st_mode)) return;
            session_summary sum;
            sum.session_id = std::string(n.substr(0, n.size() - 5));
            sum.updated_at = std::chrono::system_clock::time_point(
                std::chrono::duration_cast<std::chrono::system_clock::duration>(
                    std::chrono::nanoseconds(detail::os::mtime_ns(st))));
            char tail[96];
            const auto size = static_cast<std::uint64_t>(st.st_size);
            const std::size_t want = size < sizeof tail ? static_cast<std::size_t>(size) : sizeof tail;
            const ssize_t got = detail::os::read_at(fd.get(), tail, want, size - want);
            if (got > 0) read_counters(std::string_view(tail, static_cast<std::size_t>(got)), sum);
            out.push_back(std::move(sum));
        });
        if (ec) throw session_error(ec, shown(where), "cannot list the session folder: " + ec.message());
        std::sort(out.begin(), out.end(), [](const session_summary& a, const session_summary& b) {
            if (a.updated_at != b.updated_at) return a.updated_at > b.updated_at;
            return a.session_id > b.session_id;
        });
        return out;
    }

    /**
     * Removes the session's file (`unlinkat`), then syncs the folder (durability `fsync`). True
     * when it existed; idempotent. Complexity: constant: open the folder, one `unlinkat`, one
     * fsync of the folder (durable mode).
     * @throws claw::session_error for an invalid id or an I/O error;
     *         claw::session_durability_error when removed but the folder sync failed.
     */
    bool remove(std::string_view id) const {
        const std::string target = locator(id);
        require_valid_session_id(id, target);
        const std::optional<detail::os::folder_fd> f = open_existing_folder(target);
        if (!f) return false;
        const std::string name = std::string(id) + ".json";
        if (!detail::os::unlink_at(f->fd.get(), name.c_str())) {
            if (errno == ENOENT) return false;
            fail(target, "cannot remove");
        }
        if (durability_ == durability::fsync) sync_folder_after_write(*f, "", target);
        return true;
    }

    /**
     * True when `<id>.json` exists as a regular file (what `load` would open; a link or a folder
     * in its place is not a session). Complexity: constant: open the folder, one `fstatat`.
     * @throws claw::session_error for an invalid id or when the folder cannot be opened (a missing
     *         folder is not an error: false).
     */
    [[nodiscard]] bool contains(std::string_view id) const {
        const std::string target = locator(id);
        require_valid_session_id(id, target);
        const std::optional<detail::os::folder_fd> f = open_existing_folder(target);
        if (!f) return false;
        struct stat st {};
        const std::string name = std::string(id) + ".json";
        return detail::os::stat_at(f->fd.get(), name.c_str(), st) && S_ISREG(st.st_mode);
    }

    /**
     * Removes the hidden temporary files that killed writers left behind: only names of the exact
     * form `.<valid id>.json.<16 lowercase hex digits>.tmp`, only regular files, only those last
     * modified more than `older_than` ago (a live writer's file is younger than one save). Nothing
     * else is ever touched. Returns how many were removed; syncs the folder afterwards when any were
     * and durability is `fsync`. A missing folder removes nothing.
     * Complexity: O(e) for e folder entries: one `readdir` pass, one `fstatat` per name of the
     * temporary form, one `unlinkat` per stale file, at most one folder fsync.
     * @throws claw::session_error when the folder cannot be read (e.g. mode 0300) or an unlink fails;
     *         claw::session_durability_error when files were removed but the folder sync failed.
     */
    std::size_t sweep_temporaries(std::chrono::seconds older_than = std::chrono::hours(1)) const {
        const std::string where = dir_.string();
        const std::optional<detail::os::folder_fd> f = open_existing_folder(where);
        if (!f) return 0;
        const std::int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
        const std::int64_t cutoff =
            now_ns - std::chrono::duration_cast<std::chrono::nanoseconds>(older_than).count();
        std::vector<std::string> stale;
        const std::error_code ec = detail::os::for_each_entry(f->fd.get(), [&](const char* name) {
            if (!is_temporary_name(name)) return;
            struct stat st {};
            if (detail::os::stat_at(f->fd.get(), name, st) && S_ISREG(st.st_mode) && detail::os::mtime_ns(st) < cutoff)
                stale.emplace_back(name);
        });
        if (ec) throw session_error(ec, shown(where), "cannot list the session folder: " + ec.message());
        std::size_t removed = 0;
        for (const std::string& name : stale) {
            if (detail::os::unlink_at(f->fd.get(), name.c_str())) {
                ++removed;
            } else if (errno != ENOENT) {  // gone already: another sweeper was faster
                fail(where, "cannot remove stale temporary file " + shown(name));
            }
        }
        if (removed > 0 && durability_ == durability::fsync) sync_folder_after_write(*f, "", where);
        return removed;
    }

    /** True when `name` has the exact form of a temporary file of `save`. Complexity: O(length of `name`). */
    static bool is_temporary_name(std::string_view name) noexcept {
        constexpr std::string_view mid = ".json.", tail = ".tmp";
        constexpr std::size_t random_digits = 16;
        if (name.size() < 1 + 1 + mid.size() + random_digits + tail.size() || name[0] != '.') return false;
        if (name.substr(name.size() - tail.size()) != tail) return false;
        const std::string_view hex = name.substr(name.size() - tail.size() - random_digits, random_digits);
        for (const char c : hex)
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        const std::string_view before = name.substr(1, name.size() - 1 - random_digits - tail.size());
        if (before.size() <= mid.size() || before.substr(before.size() - mid.size()) != mid) return false;
        return is_valid_session_id(before.substr(0, before.size() - mid.size()));
    }

    /** The folder, as given. Constant; never throws. */
    const std::filesystem::path& directory() const noexcept { return dir_; }
    /** The durability chosen at construction. */
    durability durability_mode() const noexcept { return durability_; }
    /** Largest file `load` reads and `save` writes. */
    std::uint64_t max_file_size() const noexcept { return max_file_size_; }
    /** Changes the largest file `load` reads and `save` writes (bytes). */
    void set_max_file_size(std::uint64_t bytes) noexcept { max_file_size_ = bytes; }

private:
    static std::string shown(std::string_view s) { return detail::shown(s); }

    // Reads the two counters from the tail of a file in the reference layout; leaves them empty
    // when the tail has another shape.
    static void read_counters(std::string_view tail, session_summary& sum) {
        constexpr std::string_view in_key = "\"input_tokens\": ", out_key = ",\n  \"output_tokens\": ";
        const std::size_t at = tail.rfind(in_key);
        if (at == std::string_view::npos) return;
        std::string_view rest = tail.substr(at + in_key.size());
        const auto number = [&rest](std::int64_t& value) {
            std::size_t i = 0;
            std::uint64_t v = 0;
            while (i < rest.size() && i < 19 && rest[i] >= '0' && rest[i] <= '9') v = v * 10 + static_cast<std::uint64_t>(rest[i++] - '0');
            if (i == 0 || (i > 1 && rest[0] == '0') || v > static_cast<std::uint64_t>(INT64_MAX)) return false;
            if (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') return false;
            value = static_cast<std::int64_t>(v);
            rest.remove_prefix(i);
            return true;
        };
        std::int64_t in = 0, out = 0;
        if (!number(in) || !rest.starts_with(out_key)) return;
        rest.remove_prefix(out_key.size());
        if (!number(out) || rest != "\n}") return;
        sum.input_tokens = in;
        sum.output_tokens = out;
    }

    std::string locator(std::string_view id) const { return (dir_ / (std::string(id) + ".json")).string(); }

    // Throws with the current errno as the cause.
    [[noreturn]] static void fail(const std::string& target, const std::string& what) {
        const std::error_code ec = detail::os::last_error();
        throw session_error(ec, shown(target), what + ": " + ec.message());
    }

    // The folder split into the parent to open (following links) and the last component to open
    // without following one. Trailing slashes and "." components are dropped first, since
    // "link/" and "link/." name the link's target.
    struct location {
        std::string parent;
        std::string name;
        std::string path;  // the folder without trailing slashes and "." components
    };
    static location split_folder(const std::filesystem::path& dir) {
        std::string s = dir.native();
        if (s.empty()) s = ".";
        for (;;) {
            if (s.size() > 1 && s.back() == '/') {
                s.pop_back();
            } else if (s.size() > 1 && s.ends_with("/.")) {
                s.pop_back();
            } else {
                break;
            }
        }
        if (s == "/") return {"/", ".", s};
        const std::size_t slash = s.rfind('/');
        if (slash == std::string::npos) return {".", s, s};
        return {slash == 0 ? std::string("/") : s.substr(0, slash), s.substr(slash + 1), s};
    }

    // The session folder, opened as `open_folder(target, false)` opens it, or nothing when it does
    // not exist: a missing folder holds no session, which is not an error for a listing, a removal
    // or a lookup.
    std::optional<detail::os::folder_fd> open_existing_folder(const std::string& target) const {
        try {
            return open_folder(target, false);
        } catch (const session_error& e) {
            if (e.code() == errc::not_found) return std::nullopt;
            throw;
        }
    }

    // Opens the session folder (creating it, with its missing ancestors, when `create`). The
    // common case is one `open` of the folder's path with O_NOFOLLOW (which applies to its last
    // component, hence the normalisation); the parent is opened only to create the folder.
    detail::os::folder_fd open_folder(const std::string& target, bool create) const {
        const std::string folder_shown = shown(dir_.string());
        // The system calls take C strings: a NUL byte would silently cut the path short and name
        // another folder.
        if (dir_.native().find('\0') != std::string::npos)
            throw session_error(errc::invalid_argument, shown(target),
                                "the session folder " + folder_shown + " holds a NUL byte");
        const location loc = split_folder(dir_);
        detail::os::folder_fd f = detail::os::open_folder_at(AT_FDCWD, loc.path.c_str());
        if (!f.fd && errno == ENOENT && create) f = create_folder(loc, target, folder_shown);
        if (!f.fd) {
            const int saved = errno;
            struct stat st {};
            const bool exists = detail::os::stat_at(AT_FDCWD, loc.path.c_str(), st);
            if (exists && S_ISLNK(st.st_mode))
                throw session_error(errc::not_a_regular_file, shown(target),
                                    "the session folder " + folder_shown + " is a symbolic link; refusing to follow it");
            if (exists && !S_ISDIR(st.st_mode))
                throw session_error(errc::not_a_regular_file, shown(target),
                                    "the session folder " + folder_shown + " is not a folder");
            if (saved == ENOENT) throw session_error(errc::not_found, shown(target), "no such session file");
            errno = saved;
            fail(target, "cannot open the session folder " + folder_shown);
        }
        return f;
    }

    // Creates the session folder (0700) in its parent (creating missing ancestors first), syncs
    // the parent, and opens the folder. An empty descriptor (errno set) when it cannot be opened.
    detail::os::folder_fd create_folder(const location& loc, const std::string& target,
                                        const std::string& folder_shown) const {
        detail::os::unique_fd parent(detail::os::open_folder_path(loc.parent.c_str()));
        if (!parent && errno == ENOENT) {
            make_ancestors(loc.parent, target);
            parent = detail::os::unique_fd(detail::os::open_folder_path(loc.parent.c_str()));
        }
        if (!parent)
            fail(target, "cannot open " + shown(loc.parent) + ", the parent of the session folder " + folder_shown);
        bool created = false;
        if (detail::os::make_folder_at(parent.get(), loc.name.c_str(), 0700)) {
            created = true;
        } else if (errno != EEXIST) {
            fail(target, "cannot create the session folder " + folder_shown);
        }
        detail::os::folder_fd f = detail::os::open_folder_at(parent.get(), loc.name.c_str());
        if (f.fd && created && durability_ == durability::fsync) {
            // The new folder's entry lives in its parent: sync the parent, or (when the parent
            // cannot be opened for reading) the file system through the new folder.
            if (!sync_folder_path(loc.parent, f.fd.get()))
                fail(target, "created the session folder " + folder_shown + ", but cannot sync its parent " +
                                 shown(loc.parent));
        }
        return f;
    }

    // Creates the missing ancestors of `path`, outermost first, syncing each one's parent.
    void make_ancestors(const std::string& path, const std::string& target) const {
        std::vector<std::string> missing;
        std::filesystem::path p = path;
        for (;;) {
            struct stat st {};
            if (p.empty() || detail::os::stat_path(p.c_str(), st) || errno != ENOENT) break;
            missing.push_back(p.string());
            p = p.parent_path();
        }
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
            if (!detail::os::make_folder(it->c_str(), 0777)) {
                if (errno == EEXIST) continue;
                fail(target, "cannot create folder " + shown(*it));
            }
            if (durability_ != durability::fsync) continue;
            const std::filesystem::path above = std::filesystem::path(*it).parent_path();
            detail::os::unique_fd created(detail::os::open_folder_for_reading(it->c_str()));
            if (!sync_folder_path(above.empty() ? std::string(".") : above.string(), created.get()))
                fail(target, "created folder " + shown(*it) + ", but cannot sync its parent");
        }
    }

    // Fsyncs the folder at `path`; where it cannot be opened for reading, commits the file system
    // through `fallback_fd` instead. False (errno set) on failure.
    static bool sync_folder_path(const std::string& path, int fallback_fd) {
        detail::os::unique_fd fd(detail::os::open_folder_for_reading(path.c_str()));
        if (fd) return detail::os::sync(fd.get());
        if (errno != EACCES || fallback_fd < 0) return false;
        return detail::os::sync_file_system(fallback_fd);
    }

    // After a rename or unlink in `f`: fsync the folder, or (O_PATH folder) commit the file
    // system through the file `name` (or the folder descriptor when none). A failure here means
    // the change is done but not durable.
    static void sync_folder_after_write(const detail::os::folder_fd& f, const std::string& name,
                                        const std::string& target) {
        bool ok;
        if (f.readable) {
            ok = detail::os::sync(f.fd.get());
        } else {
            detail::os::unique_fd file(name.empty() ? -1 : detail::os::open_for_reading(f.fd.get(), name.c_str()));
            ok = file && detail::os::sync_file_system(file.get());
        }
        if (!ok)
            throw session_durability_error(detail::os::last_error(), shown(target),
                                           "saved, but syncing the folder failed, so the change may not survive a "
                                           "power cut");
    }

    void write_atomically(const detail::os::folder_fd& f, const std::string& id, const std::string& target,
                          const std::string& text) const {
        const int dfd = f.fd.get();
        const std::string final_name = id + ".json";
        unsigned char random[8];
        detail::random_bytes(random, sizeof random, shown(target),
                             "cannot name the temporary file; nothing was written");
        std::string temp = "." + final_name + ".";
        constexpr char hex[] = "0123456789abcdef";
        for (const unsigned char b : random) {
            temp.push_back(hex[b >> 4]);
            temp.push_back(hex[b & 0xF]);
        }
        temp += ".tmp";
        detail::os::unique_fd fd(detail::os::create_exclusive(dfd, temp.c_str(), 0600));
        if (!fd) fail(target, "cannot create temporary file " + temp);
        const auto abandon = [&](const std::string& what) {
            const int saved = errno;
            fd.reset();
            detail::os::unlink_at(dfd, temp.c_str());
            errno = saved;
            fail(target, what + "; nothing was written");
        };
        // Reserving the blocks first means the data is not left for delayed allocation, which on
        // ext4 would make the rename below flush it synchronously. Where the file system cannot
        // reserve, the write simply proceeds.
        if (detail::os::reserve(fd.get(), text.size()) == ENOSPC) {
            errno = ENOSPC;
            abandon("no space left for temporary file " + temp);
        }
        if (!detail::os::write_all(fd.get(), text.data(), text.size())) abandon("cannot write temporary file " + temp);
        if (durability_ == durability::fsync && !detail::os::sync(fd.get()))
            abandon("cannot sync temporary file " + temp);
        if (!fd.reset()) abandon("cannot close temporary file " + temp);
        if (!detail::os::rename_at(dfd, temp.c_str(), final_name.c_str()))
            abandon("cannot move temporary file into place");
        if (durability_ == durability::fsync) sync_folder_after_write(f, final_name, target);
    }

    std::string read_file(int dfd, const std::string& name, const std::string& target) const {
        const detail::os::unique_fd fd(detail::os::open_for_reading(dfd, name.c_str()));
        if (!fd) {
            if (errno == ENOENT) throw session_error(errc::not_found, shown(target), "no such session file");
            if (errno == ELOOP)
                throw session_error(errc::not_a_regular_file, shown(target), "is a symbolic link; refusing to follow it");
            fail(target, "cannot open");
        }
        detail::os::read_result r = detail::os::read_regular(fd.get(), max_file_size_);
        switch (r.status) {
            case detail::os::read_status::ok: break;
            case detail::os::read_status::not_regular:
                throw session_error(errc::not_a_regular_file, shown(target), "is not a regular file");
            case detail::os::read_status::too_large:
                throw session_error(errc::too_large, shown(target),
                                    "is " + std::to_string(r.size) + " bytes, more than the limit of " +
                                        std::to_string(max_file_size_) + " bytes");
            case detail::os::read_status::io_error:
                throw session_error(r.error, shown(target), "cannot read: " + r.error.message());
        }
        return std::move(r.bytes);
    }

    std::filesystem::path dir_;
    durability durability_;
    std::uint64_t max_file_size_ = default_max_file_size;
};

CLAW_END_NAMESPACE
