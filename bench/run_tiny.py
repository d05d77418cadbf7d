#!/usr/bin/env python3
"""Benchmark the tiny language: the same interpreter with the JIT off and on, side by side.

Usage: python3 bench/run_tiny.py [--runs N]   (from the repository root)

Builds `tiny` in release mode, runs every bench/tiny/*.tl program with METATRACE_JIT=off and with
the default JIT, interleaved, N times each, and prints a Markdown table of median wall times and the
speedup. With the JIT on it also reads the JIT log summary to report tracing and compile time per
recorded trace operation. Every run's output must match the JIT-off output, or the harness stops.
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, program, jit, log=None):
    env = dict(os.environ, METATRACE_JIT=jit)
    if log:
        env["METATRACE_LOG"] = log
    start = time.perf_counter()
    proc = subprocess.run([binary, program], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{program} failed with METATRACE_JIT={jit!r}:\n{proc.stderr}")
    return elapsed, proc.stdout


def summary(log):
    with open(log) as f:
        for line in f:
            if line.startswith("# summary:"):
                fields = dict(re.findall(r"([a-z-]+) ([0-9.]+)s?", line))
                return fields
    return {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "tiny"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "tiny")
    rows = []
    for program in sorted(glob.glob(os.path.join(ROOT, "bench", "tiny", "*.tl"))):
        times = {"off": [], "": []}
        expected = None
        for _ in range(args.runs):
            for mode in ("off", ""):
                t, out = run(binary, program, mode)
                expected = expected or out
                if out != expected:
                    sys.exit(f"{program}: output differs with METATRACE_JIT={mode!r}")
                times[mode].append(t)
        with tempfile.NamedTemporaryFile(suffix=".jitlog", delete=False) as f:
            log = f.name
        run(binary, program, "", log)
        s = summary(log)
        os.unlink(log)
        ops = float(s.get("trace-ops", 0)) or 1.0
        off, on = statistics.median(times["off"]), statistics.median(times[""])
        rows.append((os.path.basename(program), off, on, off / on, s.get("loops", "?"), s.get("bridges", "?"),
                     s.get("trace-ops", "?"), 1e6 * float(s.get("tracing", 0)) / ops,
                     1e6 * float(s.get("compiling", 0)) / ops))
    print(f"| program | JIT off (s) | JIT on (s) | speedup | loops | bridges | trace ops | tracing µs/op | compiling µs/op |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.1f}x | {r[4]} | {r[5]} | {r[6]} | {r[7]:.2f} | {r[8]:.2f} |")


if __name__ == "__main__":
    main()
