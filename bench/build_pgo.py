#!/usr/bin/env python3
"""Build ripy with profile-guided optimization (PGO), the build that bench/RESULTS.md measures.

Usage (from the repository root; llvm-profdata of LLVM 19 or later on the machine, e.g.
`apt-get install llvm-19`):
    python3 bench/build_pgo.py [--target-dir DIR] [--no-tests]

Three steps, as CPython's `--enable-optimizations` build does:
1. build ripy in release mode instrumented to count what its code does (`-Cprofile-generate`),
   in DIR/pgo-generate;
2. run the training programs under it: every program of bench/python with the JIT off and with
   the JIT on (each one's output must equal CPython 3.11's, when python3.11 is on the PATH), then
   every program of tests/python with the JIT off (for the breadth of the profile: code that no
   training program runs is laid out as cold; their outputs are the differential tests' concern);
3. merge the counts (`llvm-profdata merge`) and build ripy again with them
   (`-Cprofile-use`), in DIR/pgo.

DIR is $CARGO_TARGET_DIR, else target/. The profile's file name holds a hash of its content, so
that a new profile changes the flags and cargo rebuilds every crate with it. Prints the path of
the optimized binary (DIR/pgo/release/ripy) last.
"""
import argparse
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench", "python")
TESTS = os.path.join(ROOT, "tests", "python")
# rustc 1.95 is built on LLVM 22; llvm-profdata reads the raw counts of its own LLVM and of newer
# ones as long as the raw format's version is one it knows, which LLVM 19 is the first to (10).
OLDEST_LLVM = 19
# Seconds a training program may run.
TIMEOUT = 120


def fail(message):
    sys.exit(f"build_pgo: {message}")


def llvm_profdata():
    """The path of an llvm-profdata of LLVM OLDEST_LLVM or later."""
    chosen = os.environ.get("LLVM_PROFDATA")
    names = [chosen] if chosen else [f"llvm-profdata-{v}" for v in range(30, OLDEST_LLVM - 1, -1)] + ["llvm-profdata"]
    for name in names:
        path = shutil.which(name)
        if not path:
            continue
        out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        found = re.search(r"LLVM version (\d+)", out)
        if found and int(found.group(1)) >= OLDEST_LLVM:
            return path
    if chosen:
        fail(f"LLVM_PROFDATA={chosen} is not an llvm-profdata of LLVM {OLDEST_LLVM} or later")
    fail(f"no llvm-profdata of LLVM {OLDEST_LLVM} or later found (apt-get install llvm-{OLDEST_LLVM}, "
         "or set LLVM_PROFDATA)")


def cargo_build(target_dir, rustflags):
    """Build ripy in release mode into `target_dir` with `rustflags`; the binary's path."""
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir, RUSTFLAGS=rustflags)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "ripy"], cwd=ROOT, env=env, check=True)
    return os.path.join(target_dir, "release", "ripy")


def run(command, program, jit, check_against=None):
    """Run `program` (from its directory) under `command` with METATRACE_JIT=`jit`; its stdout.
    When `check_against` is given, the output must equal it."""
    env = dict(os.environ, METATRACE_JIT=jit, PYTHONHASHSEED="0")
    try:
        proc = subprocess.run(command + [os.path.basename(program)], cwd=os.path.dirname(program), env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        if check_against is not None:
            fail(f"{program} (METATRACE_JIT={jit or 'default'}) ran longer than {TIMEOUT} s")
        return None
    if check_against is not None and (proc.returncode != 0 or proc.stdout != check_against):
        fail(f"{program} (METATRACE_JIT={jit or 'default'}) printed other than CPython 3.11 "
             f"(exit status {proc.returncode}):\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc.stdout


def train(ripy, with_tests):
    """Run the training programs under the instrumented `ripy`."""
    python = shutil.which("python3.11")
    for program in sorted(glob.glob(os.path.join(BENCH, "*.py"))):
        expected = run([python], program, "") if python else None
        for jit in ["off", ""]:
            run([ripy], program, jit, check_against=expected)
    if with_tests:
        for program in sorted(glob.glob(os.path.join(TESTS, "*.py"))):
            run([ripy], program, "off")


def default_target_dir():
    """$CARGO_TARGET_DIR, else the repository's target/."""
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")


def build(target_dir, with_tests=True):
    """The three steps into `target_dir`; the path of the optimized binary. The benchmark
    harnesses call it for their `--pgo` option."""
    profdata_tool = llvm_profdata()
    target_dir = os.path.abspath(target_dir)
    raw = os.path.join(target_dir, "pgo-profiles")
    shutil.rmtree(raw, ignore_errors=True)
    os.makedirs(raw)
    print("build_pgo: building the instrumented ripy", file=sys.stderr)
    instrumented = cargo_build(os.path.join(target_dir, "pgo-generate"), f"-Cprofile-generate={raw}")
    print("build_pgo: running the training programs", file=sys.stderr)
    train(instrumented, with_tests)
    counts = glob.glob(os.path.join(raw, "*.profraw"))
    if not counts:
        fail(f"the training runs wrote no counts into {raw}")
    merged = os.path.join(raw, "merged.profdata")
    subprocess.run([profdata_tool, "merge", "-o", merged] + counts, check=True)
    with open(merged, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    profile = os.path.join(target_dir, f"ripy-{digest}.profdata")
    os.replace(merged, profile)
    for old in glob.glob(os.path.join(target_dir, "ripy-*.profdata")):
        if old != profile:
            os.remove(old)
    print("build_pgo: building ripy with the profile", file=sys.stderr)
    return cargo_build(os.path.join(target_dir, "pgo"), f"-Cprofile-use={profile}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-dir", default=default_target_dir(), help="where the two builds go")
    parser.add_argument("--no-tests", action="store_true", help="train on bench/python only")
    args = parser.parse_args()
    print(build(args.target_dir, not args.no_tests))


if __name__ == "__main__":
    main()
