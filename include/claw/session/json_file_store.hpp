// SPDX-License-Identifier: MIT
// `json_file_store`, the default session store: one file per session, `<dir>/<id>.json`, in the
// reference's exact format, written atomically (temporary file in the same folder, then rename)
// so that a reader or a crash never sees a partial file.
#pragma once

#include <claw/error.hpp>
#include <claw/session/codec.hpp>
#include <claw/session/id.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/session/stored_session.hpp>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace claw {

/** How hard `json_file_store::save` works to survive power loss. */
enum class durability : unsigned char {
    none,   ///< atomic rename only: no reader ever sees a torn file, but a power cut may lose the save
    fsync,  ///< also fsync the file before the rename and the folder after it
};

/**
 * Sessions as JSON files, byte-identical to the reference's `.port_sessions/<id>.json`.
 *
 * Guarantees:
 * - ids are checked with `is_valid_session_id` before any file-system call;
 * - the folder is created with mode 0700 when missing, files with mode 0600;
 * - `save` writes a temporary file (`O_EXCL|O_NOFOLLOW`) in the same folder, then renames it over
 *   the target: a planted symlink at the target is replaced, never followed;
 * - invalid UTF-8 or a negative counter is rejected before anything is written;
 * - `load` refuses links, non-regular files and files above `max_file_size()`.
 *
 * Across threads and processes: `save` and `load` share no state in the object, so one store (or
 * many stores on the same folder, in any number of processes) may be used concurrently. The last
 * writer wins, with its whole file; a reader sees one complete version, never a mixture or a
 * partial file. A writer killed at any moment leaves the previous version in place (and at
 * worst a hidden temporary file, `.<id>.json.<random>.tmp`, which `load` never reads).
 */
class json_file_store {
public:
    /** Largest file `load` reads by default: 64 MiB. */
    static constexpr std::uint64_t default_max_file_size = 64ull << 20;

    explicit json_file_store(std::filesystem::path dir = ".port_sessions", durability d = durability::fsync)
        : dir_(std::move(dir)), durability_(d) {}

    /**
     * Saves `s` and returns its path as `<dir>/<id>.json`, spelled from the folder as given.
     * @throws claw::session_error naming the file and the cause; the previous file is untouched.
     */
    std::string save(const stored_session& s) const {
        const std::string target = locator(s.session_id);
        detail::require_storable(s, target);
        std::string text;
        try {
            text = to_python_json(s);
        } catch (const encoding_error& e) {
            throw session_error(e.code(), target, std::string(e.what()) + "; nothing was written");
        }
        make_folder(target);
        write_atomically(s.session_id, target, text);
        return target;
    }

    /**
     * Loads the session stored under `id`.
     * @throws claw::session_error naming the file and the cause (invalid id, missing file, link,
     *         too large, malformed content).
     */
    stored_session load(std::string_view id) const {
        const std::string target = locator(id);
        require_valid_session_id(id, target);
        return session_from_json(read_file(target), target);
    }

    /** The folder, as given. */
    const std::filesystem::path& directory() const noexcept { return dir_; }
    /** The durability chosen at construction. */
    durability durability_mode() const noexcept { return durability_; }
    /** Largest file `load` reads. */
    std::uint64_t max_file_size() const noexcept { return max_file_size_; }
    /** Changes the largest file `load` reads (bytes). */
    void set_max_file_size(std::uint64_t bytes) noexcept { max_file_size_ = bytes; }

private:
    static std::error_code last_error() { return {errno, std::system_category()}; }

    std::string locator(std::string_view id) const { return (dir_ / (std::string(id) + ".json")).string(); }

    [[noreturn]] static void fail(const std::string& target, const std::string& what) {
        const std::error_code ec = last_error();
        throw session_error(ec, target, what + ": " + ec.message());
    }

    void make_folder(const std::string& target) const {
        if (::mkdir(dir_.c_str(), 0700) == 0 || errno == EEXIST) return;
        if (errno == ENOENT && dir_.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(dir_.parent_path(), ec);
            if (ec) throw session_error(ec, target, "cannot create folder " + dir_.parent_path().string() + ": " + ec.message());
            if (::mkdir(dir_.c_str(), 0700) == 0 || errno == EEXIST) return;
        }
        fail(target, "cannot create folder " + dir_.string());
    }

    void write_atomically(const std::string& id, const std::string& target, const std::string& text) const {
        const std::string temp = (dir_ / ("." + id + ".json." + new_session_id().substr(0, 16) + ".tmp")).string();
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) fail(target, "cannot create temporary file " + temp);
        const auto abandon = [&](const std::string& what) {
            const int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            errno = saved;
            fail(target, what);
        };
        // Reserving the blocks first means the data is not left for delayed allocation, which on
        // ext4 would make the rename below flush it synchronously. Where the file system cannot
        // reserve, the write simply proceeds.
        if (!text.empty() && ::fallocate(fd, 0, 0, static_cast<off_t>(text.size())) != 0 && errno == ENOSPC)
            abandon("no space left for temporary file " + temp);
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                abandon("cannot write temporary file " + temp);
            }
            done += static_cast<std::size_t>(n);
        }
        if (durability_ == durability::fsync && ::fsync(fd) != 0) abandon("cannot sync temporary file " + temp);
        if (::close(fd) != 0) {
            const int saved = errno;
            ::unlink(temp.c_str());
            errno = saved;
            fail(target, "cannot close temporary file " + temp);
        }
        if (::rename(temp.c_str(), target.c_str()) != 0) {
            const int saved = errno;
            ::unlink(temp.c_str());
            errno = saved;
            fail(target, "cannot move temporary file into place");
        }
        if (durability_ == durability::fsync) {
            const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd < 0) fail(target, "saved, but cannot open the folder to sync it");
            const int rc = ::fsync(dfd);
            const int saved = errno;
            ::close(dfd);
            errno = saved;
            if (rc != 0) fail(target, "saved, but cannot sync the folder");
        }
    }

    std::string read_file(const std::string& target) const {
        const int fd = ::open(target.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            if (errno == ENOENT) throw session_error(errc::not_found, target, "no such session file");
            if (errno == ELOOP)
                throw session_error(errc::not_a_regular_file, target, "is a symbolic link; refusing to follow it");
            fail(target, "cannot open");
        }
        struct closer {
            int fd;
            ~closer() { ::close(fd); }
        } guard{fd};
        struct stat st {};
        if (::fstat(fd, &st) != 0) fail(target, "cannot inspect");
        if (!S_ISREG(st.st_mode)) throw session_error(errc::not_a_regular_file, target, "is not a regular file");
        const auto size = static_cast<std::uint64_t>(st.st_size);
        if (size > max_file_size_)
            throw session_error(errc::too_large, target,
                                "is " + std::to_string(size) + " bytes, more than the limit of " +
                                    std::to_string(max_file_size_) + " bytes");
        std::string text(static_cast<std::size_t>(size), '\0');
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(target, "cannot read");
            }
            if (n == 0) break;  // the file shrank; parse what is there
            done += static_cast<std::size_t>(n);
        }
        text.resize(done);
        return text;
    }

    std::filesystem::path dir_;
    durability durability_;
    std::uint64_t max_file_size_ = default_max_file_size;
};

}  // namespace claw
