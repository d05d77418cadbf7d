#!/usr/bin/env python3
"""Benchmark the garbage collector on allocation-heavy tiny programs.

Usage: python3 bench/run_gc.py [--runs N] [PROGRAM.tl ...]   (from the repository root; default
bench/tiny/alloc_loop.tl)

Builds `tiny` in release mode and runs each program with the JIT off and on, under MMTk's
StickyImmix (the default), Immix and the stand-in allocator that never frees, N times each, with
METATRACE_GC_STATS=1. Prints a Markdown table of median wall time, allocation rate (bytes allocated
per second of the whole run), collections, and the share of the run spent with the world stopped
for collections.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = [("MMTk StickyImmix", {"METATRACE_GC": "mmtk", "METATRACE_GC_PLAN": "StickyImmix"}),
           ("MMTk Immix", {"METATRACE_GC": "mmtk", "METATRACE_GC_PLAN": "Immix"}),
           ("stand-in (never frees)", {"METATRACE_GC": "standin"})]
STATS = re.compile(r"(\d+) collections, ([0-9.]+) s paused .* (\d+) allocations, ([0-9.]+) MB allocated")


def run(binary, program, jit, env):
    env = dict(os.environ, METATRACE_JIT=jit, METATRACE_GC_STATS="1", **env)
    start = time.perf_counter()
    proc = subprocess.run([binary, program], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{program} failed with METATRACE_JIT={jit!r} {env}:\n{proc.stderr}")
    m = STATS.search(proc.stderr)
    collections, paused, allocations, mb = int(m[1]), float(m[2]), int(m[3]), float(m[4])
    return elapsed, collections, paused, allocations, mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("programs", nargs="*", default=[os.path.join(ROOT, "bench/tiny/alloc_loop.tl")])
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "tiny"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "tiny")
    print("| program | JIT | collector | time (s) | allocations | MB allocated | MB/s | collections | GC time share |")
    print("|---|---|---|---|---|---|---|---|---|")
    for program in args.programs:
        for jit in ["off", ""]:
            for name, env in CONFIGS:
                runs = [run(binary, program, jit, env) for _ in range(args.runs)]
                elapsed = statistics.median(r[0] for r in runs)
                _, collections, paused, allocations, mb = min(runs, key=lambda r: abs(r[0] - elapsed))
                share = f"{100 * paused / elapsed:.1f}%" if collections else "-"
                print(f"| {os.path.basename(program)} | {jit or 'on'} | {name} | {elapsed:.3f} | {allocations} | "
                      f"{mb:.0f} | {mb / elapsed:.0f} | {collections} | {share} |")


if __name__ == "__main__":
    main()
