#!/usr/bin/env python3
"""pyperformance's benchmarks under ripy, CPython 3.11 and PyPy, side by side in one run.

    python3 bench/run_pyperformance.py                 # all benchmarks, 3 rounds
    python3 bench/run_pyperformance.py nbody richards  # chosen benchmarks
    python3 bench/run_pyperformance.py --write         # also update bench/RESULTS.md

The benchmark files come from pyperformance's source distribution (`pip download`, pinned
version, cached in bench/.cache). They run through bench/pyperf_standin/pyperf.py instead of
pyperf: one process per (benchmark, interpreter, round), interpreters interleaved within a
round. The loop count per iteration is calibrated once on CPython and then fixed, so every
interpreter does the same work and whole-process times compare.

Reported per benchmark: steady-state time per loop (median of the second half of the
iterations; best round) and whole-process time (best round), each as a speedup over CPython
(CPython's time / the interpreter's time, >1 is faster), and their geometric means. The warm-up
table gives the time per loop of the first iterations of ripy and PyPy, relative to CPython's
steady state.
"""

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, ".cache")
STANDIN = os.path.join(HERE, "pyperf_standin")
PYPERFORMANCE = "pyperformance==1.14.0"

BENCHMARKS = """
nbody richards spectral_norm fannkuch float chaos go hexiom raytrace deltablue nqueens
unpack_sequence generators json_dumps pidigits regex_v8 pyflate meteor_contest coroutines
comprehensions
""".split()

ITERATION = re.compile(r"^pyperf-standin \S+ iteration (\d+) loops (\d+) seconds-per-loop (\S+)$")
WARMUP_SHOWN = 8


def benchmark_dir():
    """The directory of pyperformance's benchmarks, downloading and unpacking it if needed."""
    target = os.path.join(CACHE, "benchmarks")
    if os.path.isdir(target):
        return target
    os.makedirs(CACHE, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", CACHE, PYPERFORMANCE],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    archive = next(os.path.join(CACHE, f) for f in os.listdir(CACHE) if f.endswith(".tar.gz"))
    unpacked = os.path.join(CACHE, "unpacked")
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked)
    top = os.path.join(unpacked, os.listdir(unpacked)[0])
    shutil.move(os.path.join(top, "pyperformance", "data-files", "benchmarks"), target)
    shutil.rmtree(unpacked)
    return target


def run(interpreter, bench_path, iterations, loops, max_seconds, timeout):
    """One process: (per-loop times of each iteration, whole-process seconds, error or None)."""
    env = dict(os.environ, PYTHONPATH=STANDIN, PYTHONHASHSEED="0")
    env.update(RIPY_BENCH_ITERATIONS=str(iterations), RIPY_BENCH_MAX_SECONDS=str(max_seconds))
    if loops:
        env["RIPY_BENCH_LOOPS"] = str(loops)
    env.pop("METATRACE_LOG", None)
    start = time.time()
    try:
        proc = subprocess.run(
            [interpreter, "run_benchmark.py"],
            cwd=bench_path,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [], time.time() - start, "timeout after %ds" % timeout
    elapsed = time.time() - start
    samples, last_loops = [], 0
    for line in proc.stdout.splitlines():
        m = ITERATION.match(line)
        if m:
            samples.append(float(m.group(3)))
            last_loops = int(m.group(2))
    if proc.returncode != 0 or not samples:
        tail = (proc.stderr.strip().splitlines() or ["exit %d, no samples" % proc.returncode])[-1]
        return [], elapsed, tail[:100]
    return (samples, last_loops), elapsed, None


def steady(samples):
    """The median of the second half of the iterations."""
    tail = sorted(samples[len(samples) // 2 :])
    return tail[len(tail) // 2]


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmarks", nargs="*", default=BENCHMARKS)
    parser.add_argument("--ripy", help="the ripy binary (default: target/release/ripy)")
    parser.add_argument("--pgo", action="store_true",
                        help="ripy is the profile-guided build (bench/build_pgo.py builds it unless --ripy names it)")
    parser.add_argument("--cpython", default="python3.11")
    parser.add_argument("--pypy", default="pypy3", help="'' to leave PyPy out")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if not args.ripy:
        if args.pgo:
            import build_pgo
            args.ripy = build_pgo.build(build_pgo.default_target_dir())
        else:
            args.ripy = os.path.join(ROOT, "target", "release", "ripy")

    interpreters = [("ripy", args.ripy), ("CPython", args.cpython)]
    if args.pypy and shutil.which(args.pypy):
        interpreters.append(("PyPy", args.pypy))
    elif args.pypy:
        print("no %s on PATH: PyPy left out (apt-get install pypy3)" % args.pypy, file=sys.stderr)
    root = benchmark_dir()

    loops = {}
    for bench in args.benchmarks:
        path = os.path.join(root, "bm_" + bench)
        result, _, error = run(args.cpython, path, 40, 0, 10, args.timeout)
        loops[bench] = result[1] if not error else 1
    results = {(b, name): [] for b in args.benchmarks for name, _ in interpreters}
    errors = {}
    for round_ in range(args.rounds):
        for bench in args.benchmarks:
            path = os.path.join(root, "bm_" + bench)
            for name, interpreter in interpreters:
                if (bench, name) in errors:
                    continue
                result, elapsed, error = run(interpreter, path, args.iterations, loops[bench], args.max_seconds, args.timeout)
                if error:
                    errors[(bench, name)] = error
                else:
                    results[(bench, name)].append((result[0], elapsed))
                print("round %d %-16s %-8s %s" % (round_, bench, name, error or "%.2fs" % elapsed), file=sys.stderr)

    names = [name for name, _ in interpreters]
    lines = [
        "Command: `python3 bench/run_pyperformance.py --rounds %d --iterations %d%s` (pyperformance %s's"
        % (args.rounds, args.iterations, " --pgo" if args.pgo else "", PYPERFORMANCE.split("==")[1]),
        "benchmark files through bench/pyperf_standin; speedup = CPython's time / the interpreter's, >1 is faster).",
        "",
        "| benchmark | loops | CPython steady (µs/loop) | "
        + " | ".join("%s steady | %s process" % (n, n) for n in names if n != "CPython")
        + " |",
        "|---|---|---|" + "---|---|" * (len(names) - 1),
    ]
    speedups = {(n, kind): [] for n in names for kind in ("steady", "process")}
    for bench in args.benchmarks:
        base = results[(bench, "CPython")]
        if not base:
            lines.append("| %s | %d | CPython failed: %s |" % (bench, loops[bench], errors.get((bench, "CPython"))))
            continue
        base_steady = min(steady(s) for s, _ in base)
        base_process = min(e for _, e in base)
        cells = []
        for n in names:
            if n == "CPython":
                continue
            runs = results[(bench, n)]
            if not runs:
                cells.append("fails: %s | -" % errors.get((bench, n), "?").replace("|", "/"))
                continue
            s = base_steady / min(steady(x) for x, _ in runs)
            p = base_process / min(e for _, e in runs)
            speedups[(n, "steady")].append(s)
            speedups[(n, "process")].append(p)
            cells.append("%.2fx | %.2fx" % (s, p))
        lines.append("| %s | %d | %.4g | %s |" % (bench, loops[bench], base_steady * 1e6, " | ".join(cells)))
    lines.append("")
    for n in names:
        if n == "CPython":
            continue
        ok = len(speedups[(n, "steady")])
        lines.append(
            "%s: geometric-mean speedup over CPython %.2fx steady state, %.2fx whole process (%d of %d benchmarks run)."
            % (n, geomean(speedups[(n, "steady")]), geomean(speedups[(n, "process")]), ok, len(args.benchmarks))
        )
        lines.append("")
    lines.append("Warm-up: time per loop of the first %d iterations (first round), relative to CPython's steady state." % WARMUP_SHOWN)
    lines.append("")
    lines.append("| benchmark | interpreter | " + " | ".join(str(i) for i in range(WARMUP_SHOWN)) + " |")
    lines.append("|---|---|" + "---|" * WARMUP_SHOWN)
    for bench in args.benchmarks:
        base = results[(bench, "CPython")]
        if not base:
            continue
        base_steady = min(steady(s) for s, _ in base)
        for n in names:
            if n == "CPython" or not results[(bench, n)]:
                continue
            first = results[(bench, n)][0][0][:WARMUP_SHOWN]
            lines.append("| %s | %s | %s |" % (bench, n, " | ".join("%.2f" % (x / base_steady) for x in first)))
    text = "\n".join(lines)
    print(text)
    if args.write:
        path = os.path.join(HERE, "RESULTS.md")
        with open(path) as f:
            content = f.read()
        section = "<!-- pyperformance -->\n## pyperformance: ripy, CPython 3.11, PyPy\n\n" + text + "\n<!-- /pyperformance -->"
        pattern = re.compile(r"<!-- pyperformance -->.*<!-- /pyperformance -->", re.S)
        content = pattern.sub(lambda _: section, content) if pattern.search(content) else content.rstrip() + "\n\n" + section + "\n"
        with open(path, "w") as f:
            f.write(content)


if __name__ == "__main__":
    main()
