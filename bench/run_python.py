#!/usr/bin/env python3
"""Benchmark ripy against CPython 3.11 (and PyPy when installed) on bench/python/*.py.

Usage (from the repository root):
    python3 bench/run_python.py [--runs N] [--write] [--ripy PATH] [--pgo] [PROGRAM ...]

Builds `ripy` in release mode (in $CARGO_TARGET_DIR or target/, unless --ripy names a binary;
with --pgo, the profile-guided build of bench/build_pgo.py),
then runs every program (or the ones named) under python3.11, ripy with the JIT off
(METATRACE_JIT=off), ripy with the JIT on (the default parameters), and pypy3 if it is on the
PATH: interleaved (each round runs every interpreter once on a program), N rounds. Each run's
standard output and exit status must equal CPython's: a run that differs is reported as a
failure (in the table and on stderr, with the harness's exit status 1) and that interpreter is
not run on that program again.

Reported per program: the median CPU time (user + system of the whole process, which is robust
on a machine shared with other work) of each interpreter and its speed relative to CPython
(CPython's time / its time: above 1 is faster), and their geometric means. The median wall time
is reported too. `--write` replaces the "Python programs" section of bench/RESULTS.md with the
table (other sections are kept).
"""
import argparse
import datetime
import glob
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "bench", "python")
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
SECTION = "## Python programs: ripy against CPython 3.11"


def build_ripy():
    """Build ripy in release mode; return the path of the binary."""
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "ripy"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    return os.path.join(target, "release", "ripy")


def interpreters(ripy):
    """(label, command prefix, extra environment) of every interpreter to run."""
    found = [
        ("CPython 3.11", ["python3.11"], {}),
        ("ripy JIT off", [ripy], {"METATRACE_JIT": "off"}),
        ("ripy JIT on", [ripy], {"METATRACE_JIT": ""}),
    ]
    if shutil.which("pypy3"):
        found.append(("PyPy", ["pypy3"], {}))
    return found


def run(command, program, extra_env):
    """Run `program`; return (CPU seconds, wall seconds, exit status, stdout, stderr)."""
    env = dict(os.environ, PYTHONHASHSEED="0", **extra_env)
    env.pop("METATRACE_LOG", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command + [program], cwd=PROGRAMS, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def table(names, labels, cpu, wall):
    """The Markdown table of the results (None for a failed interpreter: "fails")."""
    base = labels[0]
    header = "| program | " + " | ".join(f"{l} CPU (s)" for l in labels)
    header += " | " + " | ".join(f"{l} speed" for l in labels[1:]) + " | " + " | ".join(
        f"{l} wall (s)" for l in labels) + " |"
    rule = "|---" * (1 + len(labels) * 2 + len(labels) - 1) + "|"
    lines = [header, rule]
    speeds = {l: [] for l in labels[1:]}
    def shown(v, fmt):
        return "fails" if v is None else fmt.format(v)

    for name in names:
        row = [name] + [shown(cpu[name][l], "{:.3f}") for l in labels]
        for l in labels[1:]:
            if cpu[name][l] is None:
                row.append("fails")
                continue
            s = cpu[name][base] / cpu[name][l] if cpu[name][l] > 0 else float("nan")
            speeds[l].append(s)
            row.append(f"{s:.2f}x")
        row += [shown(wall[name][l], "{:.3f}") for l in labels]
        lines.append("| " + " | ".join(row) + " |")
    geo = ["geometric mean"] + [""] * len(labels) + [f"**{geomean(speeds[l]):.2f}x**" for l in labels[1:]]
    geo += [""] * len(labels)
    lines.append("| " + " | ".join(geo) + " |")
    return "\n".join(lines)


def write_results(text):
    """Replace (or append) the section of bench/RESULTS.md that this harness owns."""
    with open(RESULTS) as f:
        content = f.read()
    start = content.find(SECTION)
    if start < 0:
        content = content.rstrip("\n") + "\n\n" + text + "\n"
    else:
        end = content.find("\n## ", start + len(SECTION))
        content = content[:start] + text + ("\n" + content[end:] if end >= 0 else "\n")
    with open(RESULTS, "w") as f:
        f.write(content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--ripy", help="the ripy binary (default: build it)")
    parser.add_argument("--pgo", action="store_true",
                        help="ripy is the profile-guided build (bench/build_pgo.py builds it unless --ripy names it)")
    parser.add_argument("--no-pypy", action="store_true", help="do not run PyPy even if installed")
    parser.add_argument("programs", nargs="*", help="program names (default: all of bench/python)")
    args = parser.parse_args()
    if args.ripy:
        ripy = args.ripy
    elif args.pgo:
        import build_pgo
        ripy = build_pgo.build(build_pgo.default_target_dir())
    else:
        ripy = build_ripy()
    interps = interpreters(ripy)
    if args.no_pypy:
        interps = [i for i in interps if i[0] != "PyPy"]
    labels = [label for label, _, _ in interps]
    paths = sorted(glob.glob(os.path.join(PROGRAMS, "*.py")))
    names = [os.path.basename(p) for p in paths]
    if args.programs:
        wanted = {p if p.endswith(".py") else p + ".py" for p in args.programs}
        names = [n for n in names if n in wanted]
    cpu = {n: {l: [] for l in labels} for n in names}
    wall = {n: {l: [] for l in labels} for n in names}
    expected = {}
    failed = set()
    for round_ in range(args.runs):
        for name in names:
            for label, command, env in interps:
                if (name, label) in failed:
                    continue
                c, w, status, stdout, stderr = run(command, name, env)
                if label == labels[0] and name not in expected:
                    if status != 0:
                        sys.exit(f"{name} fails under {label}:\n{stderr}")
                    expected[name] = stdout
                if status != 0 or stdout != expected[name]:
                    print(f"FAILURE: {name}: {label} differs from {labels[0]} (exit status {status}):\n"
                          f"{stderr[-2000:]}", file=sys.stderr)
                    failed.add((name, label))
                    continue
                cpu[name][label].append(c)
                wall[name][label].append(w)
                print(f"round {round_ + 1} {name:20} {label:14} cpu {c:7.3f}s wall {w:7.3f}s", file=sys.stderr)
    med_cpu = {n: {l: statistics.median(v) if (n, l) not in failed else None for l, v in d.items()}
               for n, d in cpu.items()}
    med_wall = {n: {l: statistics.median(v) if (n, l) not in failed else None for l, v in d.items()}
                for n, d in wall.items()}
    result = table(names, labels, med_cpu, med_wall)
    print(result)
    if args.write:
        load = os.getloadavg()[0]
        text = (f"{SECTION}\n\n"
                f"Machine: {os.cpu_count()} cores, {platform.machine()}, shared with other work (load average "
                f"{load:.1f} at the end of the run). Date: {datetime.date.today()}. Reproduce with "
                f"`python3 bench/run_python.py --runs {args.runs}{' --pgo' if args.pgo else ''} --write`"
                f"{' (ripy built with profile-guided optimization: bench/build_pgo.py)' if args.pgo else ''}. "
                "Programs: `bench/python/*.py` "
                "(written for this project, no imports). Times are medians of "
                f"{args.runs} interleaved runs of the whole process; CPU time is user + system time of the "
                "process (robust to the machine's load), \"speed\" is CPython's CPU time divided by the "
                "interpreter's (above 1 is faster than CPython). Every run's output equals CPython's "
                "(\"fails\": it did not).\n\n"
                + result + "\n")
        write_results(text)
    if failed:
        sys.exit(f"{len(failed)} failed runs: " + ", ".join(f"{n} under {l}" for n, l in sorted(failed)))


if __name__ == "__main__":
    main()
