// SPDX-License-Identifier: MIT
// `json_file_store`, the default session store: one file per session, `<dir>/<id>.json`, in the
// reference's exact format, written atomically (temporary file in the same folder, then rename)
// so that a reader or a crash never sees a partial file.
#pragma once

#include <claw/config.hpp>

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

CLAW_BEGIN_NAMESPACE

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
 * - the folder itself must not be a symbolic link (its parents may be), and every file is reached
 *   through one descriptor of it, so it cannot be swapped during a save;
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
        const folder f = open_folder(target, true);
        write_atomically(f.fd, s.session_id, target, text);
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
        const folder f = open_folder(target, false);
        return session_from_json(read_file(f.fd, std::string(id) + ".json", target), target);
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

    // The session folder, opened once per operation; every file is then reached relative to it,
    // so the folder cannot be swapped for another between the steps of a save.
    struct folder {
        int fd = -1;
        explicit folder(int descriptor) noexcept : fd(descriptor) {}
        folder(const folder&) = delete;
        folder& operator=(const folder&) = delete;
        ~folder() {
            if (fd >= 0) ::close(fd);
        }
    };

    folder open_folder(const std::string& target, bool create) const {
        if (create) make_folder(target);
        const int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) return folder(fd);
        const int saved = errno;
        struct stat st {};
        if (saved == ELOOP || (saved == ENOTDIR && ::lstat(dir_.c_str(), &st) == 0 && S_ISLNK(st.st_mode)))
            throw session_error(errc::not_a_regular_file, target,
                                "the session folder " + dir_.string() + " is a symbolic link; refusing to follow it");
        if (saved == ENOENT && !create) throw session_error(errc::not_found, target, "no such session file");
        if (saved == ENOTDIR)
            throw session_error(errc::not_a_regular_file, target, "the session folder " + dir_.string() + " is not a folder");
        errno = saved;
        fail(target, "cannot open the session folder " + dir_.string());
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

    void write_atomically(int dfd, const std::string& id, const std::string& target, const std::string& text) const {
        const std::string final_name = id + ".json";
        const std::string temp = "." + final_name + "." + new_session_id().substr(0, 16) + ".tmp";
        const int fd = ::openat(dfd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) fail(target, "cannot create temporary file " + temp);
        const auto abandon = [&](const std::string& what, bool close_fd) {
            const int saved = errno;
            if (close_fd) ::close(fd);
            ::unlinkat(dfd, temp.c_str(), 0);
            errno = saved;
            fail(target, what);
        };
        // Reserving the blocks first means the data is not left for delayed allocation, which on
        // ext4 would make the rename below flush it synchronously. Where the file system cannot
        // reserve, the write simply proceeds.
        if (!text.empty() && ::fallocate(fd, 0, 0, static_cast<off_t>(text.size())) != 0 && errno == ENOSPC)
            abandon("no space left for temporary file " + temp, true);
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                abandon("cannot write temporary file " + temp, true);
            }
            done += static_cast<std::size_t>(n);
        }
        if (durability_ == durability::fsync && ::fsync(fd) != 0) abandon("cannot sync temporary file " + temp, true);
        if (::close(fd) != 0) abandon("cannot close temporary file " + temp, false);
        if (::renameat(dfd, temp.c_str(), dfd, final_name.c_str()) != 0)
            abandon("cannot move temporary file into place", false);
        if (durability_ == durability::fsync && ::fsync(dfd) != 0) fail(target, "saved, but cannot sync the folder");
    }

    std::string read_file(int dfd, const std::string& name, const std::string& target) const {
        const int fd = ::openat(dfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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

CLAW_END_NAMESPACE
