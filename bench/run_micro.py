#!/usr/bin/env python3
"""Instructions per loop iteration of the interpreter (JIT off) against CPython 3.11, on the
microbenchmarks in bench/micro/*.py, counted by callgrind.

Usage (from the repository root, valgrind installed):
    python3 bench/run_micro.py --ripy PATH [PROGRAM ...]

Each program is a function `f(n)` whose loop runs `n` iterations of one kind of instruction
(calls, attribute accesses, ...), called as `f(N)`. Every program runs twice under each
interpreter, with N = 100000 and N = 200000, and the difference of the two instruction counts,
divided by 100000, is the cost of one iteration without the start-up: deterministic, so two
builds compare without an idle machine. ripy runs with `METATRACE_JIT=off` and the stand-in
allocator (`METATRACE_GC=standin`: MMTk's threads do not run under valgrind); CPython's count
varies by a few percent between runs (hash randomization, address-space layout).
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "bench", "micro")


def instructions(command, source, n, env):
    """The instructions callgrind counts for `command` running `source` with `f(N)` as `f(n)`."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source.replace("f(N)", f"f({n})"))
        path = f.name
    try:
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command, path],
            capture_output=True, text=True, env=env, check=False,
        )
    finally:
        os.unlink(path)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"run_micro: {' '.join(command)} failed on {source[:40]!r}:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def per_iteration(command, source, env):
    """Instructions of one loop iteration: the difference of two runs, per extra iteration."""
    return (instructions(command, source, 200000, env) - instructions(command, source, 100000, env)) / 100000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ripy", required=True, help="the ripy binary to measure")
    parser.add_argument("--python", default="/usr/bin/python3.11", help="CPython 3.11")
    parser.add_argument("programs", nargs="*", help="programs of bench/micro (default: all)")
    args = parser.parse_args()
    if not os.access(args.ripy, os.X_OK):
        sys.exit(f"run_micro: {args.ripy} is not an executable")
    names = args.programs or sorted(os.path.basename(p) for p in glob.glob(os.path.join(PROGRAMS, "*.py")))
    ripy_env = dict(os.environ, METATRACE_JIT="off", METATRACE_GC="standin", PYTHONHASHSEED="0")
    print("| program | what one iteration does | CPython 3.11 | ripy JIT off | ripy / CPython |")
    print("|---|---|---|---|---|")
    for name in names:
        path = os.path.join(PROGRAMS, name)
        if not os.path.exists(path):
            sys.exit(f"run_micro: no program {path}")
        source = open(path).read()
        what = source.splitlines()[0].lstrip("# ").strip()
        cpython = per_iteration([args.python], source, os.environ)
        ripy = per_iteration([args.ripy], source, ripy_env)
        print(f"| {name} | {what} | {cpython:.0f} | {ripy:.0f} | {ripy / cpython:.2f} |", flush=True)


if __name__ == "__main__":
    main()
