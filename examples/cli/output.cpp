// SPDX-License-Identifier: MIT
#include "output.hpp"

#include <claw/text/repr.hpp>
#include <claw/text/utf8.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace claw_port {

namespace {
bool stdout_was_closed = false;
bool printed_anything = false;
int first_write_error = 0;  // errno of the first failed write, 0 while none failed

void note_write(bool ok) {
    if (!ok && first_write_error == 0) first_write_error = errno ? errno : EIO;
}
}  // namespace

void guard_standard_streams() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        if (fd == 1) stdout_was_closed = true;
        const int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (null >= 0 && null != fd) {
            ::dup2(null, fd);
            ::close(null);
        }
    }
}

void print(std::string_view s) {
    printed_anything = true;
    errno = 0;
    note_write(std::fwrite(s.data(), 1, s.size(), stdout) == s.size());
    note_write(std::fputc('\n', stdout) != EOF);
}

void print_raw(std::string_view s) {
    printed_anything = true;
    errno = 0;
    note_write(std::fwrite(s.data(), 1, s.size(), stdout) == s.size());
}

void print_error(std::string_view prefix, std::string_view message) {
    std::string line(prefix);
    constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < message.size();) {
        const auto d = claw::text::decode_next(message, i);
        const char32_t cp = d.code_point;
        const bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
        if (d.valid && !control) {
            line.append(message, i, d.length);
        } else if (cp <= 0xFF || !d.valid) {
            const unsigned b = d.valid ? static_cast<unsigned>(cp) : static_cast<unsigned char>(message[i]);
            line += "\\x";
            line += hex[b >> 4];
            line += hex[b & 0xF];
        } else {
            line += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) line += hex[(cp >> shift) & 0xF];
        }
        i += d.length;
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

int finish_output(int rc) {
    if (stdout_was_closed && printed_anything) {
        print_error("claw-port: ", "cannot write to standard output: it is closed");
        return 1;
    }
    errno = 0;
    note_write(std::fflush(stdout) == 0 && !std::ferror(stdout));
    if (first_write_error != 0) {
        print_error("claw-port: ", std::string("cannot write to standard output: ") + std::strerror(first_write_error));
        return 1;
    }
    return rc;
}

}  // namespace claw_port
