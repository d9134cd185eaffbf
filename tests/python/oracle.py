#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python oracle for claw-cpp's cross-checks.

Reads lines of space-separated, hex-encoded fields on stdin (every line ends with a newline) and
writes one hex-encoded answer per line. Text is decoded from UTF-8 with 'surrogateescape', the
way claw-cpp treats invalid bytes.

modes:
  lower    s                      -> s.lower()
  split    s                      -> str(len(s.split()))
  repr     s                      -> repr(s)
  session  id n_in n_out msg...   -> json.dumps({...}, indent=2)
"""
import json
import sys


def dec(h):
    return bytes.fromhex(h).decode("utf-8", "surrogateescape")


def enc(s):
    return s.encode("utf-8", "surrogateescape").hex()


def answer(mode, fields):
    if mode == "lower":
        return dec(fields[0]).lower()
    if mode == "split":
        return str(len(dec(fields[0]).split()))
    if mode == "repr":
        return repr(dec(fields[0]))
    if mode == "session":
        return json.dumps(
            {
                "session_id": dec(fields[0]),
                "messages": [dec(f) for f in fields[3:]],
                "input_tokens": int(dec(fields[1])),
                "output_tokens": int(dec(fields[2])),
            },
            indent=2,
        )
    sys.exit("oracle: unknown mode " + mode)


def main():
    mode = sys.argv[1]
    lines = sys.stdin.read().split("\n")[:-1]
    sys.stdout.write("".join(enc(answer(mode, line.split(" "))) + "\n" for line in lines))


main()
