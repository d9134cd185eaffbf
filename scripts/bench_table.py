#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints a Markdown table from Google Benchmark JSON with aggregates: name, median time, the
run-to-run noise (coefficient of variation of the repetitions) and items per second."""
import json
import sys


def unit_ns(b):
    return {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]


def fmt_time(ns):
    if ns < 1e3:
        return f"{ns:.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.2f} us"
    return f"{ns / 1e6:.2f} ms"


def fmt_rate(r):
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if r >= div:
            return f"{r / div:.2f}{suffix}/s"
    return f"{r:.1f}/s"


def main(path):
    data = json.load(open(path))
    ctx = data["context"]
    rows, cv = {}, {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        if b.get("aggregate_name") == "median":
            rows[name] = b
        elif b.get("aggregate_name") == "cv":
            cv[name] = b["real_time"]
    print(f"Machine: {ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz, "
          f"{ctx.get('library_build_type', '?')} Google Benchmark, {ctx.get('date', '')}")
    print()
    print("| benchmark | median | noise (CV) | items/s |")
    print("| --- | ---: | ---: | ---: |")
    for name, b in rows.items():
        t = b["real_time"] * unit_ns(b)
        noise = f"{100 * cv[name]:.1f}%" if name in cv else ""
        rate = fmt_rate(b["items_per_second"]) if "items_per_second" in b else ""
        print(f"| {name} | {fmt_time(t)} | {noise} | {rate} |")


if __name__ == "__main__":
    main(sys.argv[1])
