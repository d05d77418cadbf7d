#!/usr/bin/env python3
"""Benchmark the tiny language: the same interpreter with the JIT off and on, and the same loops
written by hand in Rust, side by side.

Usage: python3 bench/run_tiny.py [--runs N]   (from the repository root)

Builds `tiny` in release mode, runs every bench/tiny/*.tl program with METATRACE_JIT=off and with
the default JIT, interleaved, N times each, and prints a Markdown table of median wall times and the
speedup. With the JIT on it also reads the JIT log: the summary (tracing and compile time per
recorded trace operation) and the length of the peeled loop of each optimized loop (operations
after its second label, without `debug_merge_point`s and `quasiimmut_field` markers).

Times are CPU times (user + system) of whole processes, medians of N runs: on a shared machine a
process waits for a core for much of its wall time.

A second table compares the JIT with bench/rust/NAME.rs, the same loop written by hand in Rust
(compiled with `rustc -O`, overflow checked as tiny does): the JIT's loop time is its run time
minus tiny's start-up (the median time of an empty program), the Rust time is the whole process.
Every run's output must match the JIT-off output, or the harness stops.
"""
import argparse
import glob
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_seconds():
    """User and system time of the finished child processes so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(binary, program, jit, log=None):
    """The CPU time (user + system) of one run, and its output. CPU time rather than wall time:
    on a loaded machine a process waits for a core for much of its wall time."""
    env = dict(os.environ, METATRACE_JIT=jit)
    if log:
        env["METATRACE_LOG"] = log
    start = cpu_seconds()
    proc = subprocess.run([binary, program], env=env, capture_output=True, text=True)
    elapsed = cpu_seconds() - start
    if proc.returncode != 0:
        sys.exit(f"{program} failed with METATRACE_JIT={jit!r}:\n{proc.stderr}")
    return elapsed, proc.stdout


def peeled_lengths(log):
    """The number of operations of each optimized loop's peeled loop, from a JIT log."""
    lengths, ops, in_loop = [], None, False
    with open(log) as f:
        for line in f:
            if re.match(r"# loop \d+: ", line):
                in_loop, ops = True, None
            elif in_loop and (line.startswith("#") or not line.strip()):
                in_loop = False
                if ops is not None:
                    lengths.append(ops)
            elif in_loop:
                if line.startswith("label("):
                    ops = 0
                elif ops is not None and not line.startswith(("debug_merge_point", "quasiimmut_field")):
                    ops += 1
    return lengths


def rust_loop(program, runs):
    """Compile bench/rust/NAME.rs; its output and the median of the loop times it reports."""
    source = os.path.join(ROOT, "bench", "rust", os.path.basename(program)[:-3] + ".rs")
    if not os.path.exists(source):
        return None
    binary = os.path.join(tempfile.gettempdir(), "bench_rust_" + os.path.basename(program)[:-3])
    subprocess.run(["rustc", "-O", "--edition", "2021", "-o", binary, source], check=True)
    times, out = [], None
    for _ in range(runs):
        start = cpu_seconds()
        proc = subprocess.run([binary], capture_output=True, text=True, check=True)
        times.append(cpu_seconds() - start)
        out = proc.stdout
    return out, statistics.median(times)


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
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "tiny")
    rows, rust_rows = [], []
    with tempfile.NamedTemporaryFile("w", suffix=".tl", delete=False) as f:
        empty = f.name
    startup = statistics.median(run(binary, empty, "")[0] for _ in range(args.runs))
    os.unlink(empty)
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
        peeled = peeled_lengths(log)
        os.unlink(log)
        ops = float(s.get("trace-ops", 0)) or 1.0
        off, on = statistics.median(times["off"]), statistics.median(times[""])
        rows.append((os.path.basename(program), off, on, off / on, s.get("loops", "?"), s.get("bridges", "?"),
                     s.get("trace-ops", "?"), 1e6 * float(s.get("tracing", 0)) / ops,
                     1e6 * float(s.get("compiling", 0)) / ops, "/".join(map(str, peeled)) or "-"))
        rust = rust_loop(program, args.runs)
        if rust:
            if rust[0] != expected:
                sys.exit(f"{program}: the Rust version prints {rust[0]!r}, tiny {expected!r}")
            jit_loop = max(on - startup, 1e-6)
            rust_rows.append((os.path.basename(program), on, jit_loop, rust[1], jit_loop / rust[1]))
    print(f"| program | JIT off (s) | JIT on (s) | speedup | loops | bridges | trace ops | peeled loop ops | tracing µs/op | compiling µs/op |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.3f} | {r[2]:.3f} | {r[3]:.1f}x | {r[4]} | {r[5]} | {r[6]} | {r[9]} | {r[7]:.2f} | {r[8]:.2f} |")
    print()
    print(f"tiny start-up (empty program, JIT on): {startup:.4f} s")
    print()
    print("| program | JIT on (s) | JIT loop (s) | Rust (s) | JIT / Rust |")
    print("|---|---|---|---|---|")
    for r in rust_rows:
        print(f"| {r[0]} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.4f} | {r[4]:.1f}x |")


if __name__ == "__main__":
    main()
