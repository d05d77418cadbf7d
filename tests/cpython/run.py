#!/usr/bin/env python3
"""The CPython regression-suite runner: CPython 3.11's test modules under ripy.

Each module of the list runs in its own process (driver.py), with a timeout, from the standard
library's `test` package (/usr/lib/python3.11/test, Debian's libpython3.11-testsuite). The table
(module, tests, passed, failed, errors, skipped, time, and CPython's own test count beside it)
goes to stdout and, with --write, to tests/cpython/RESULTS.md.

    python3 tests/cpython/run.py                       # the 70 tracked modules
    python3 tests/cpython/run.py test_int test_list    # chosen modules
    python3 tests/cpython/run.py --write               # also rewrite RESULTS.md
    python3 tests/cpython/run.py --check               # exit 1 unless every module in
                                                       # expected_pass.txt passes completely

Logs of each run are kept in target/cpython-tests/MODULE.log.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DRIVER = os.path.join(HERE, "driver.py")
STDLIB = "/usr/lib/python3.11"
# The CPython that owns STDLIB: its test files are the ones ripy runs, so its counts are comparable.
STDLIB_PYTHON = "/usr/bin/python3.11"

TRACKED = """
test_grammar test_syntax test_int test_long test_float test_complex test_bool test_list test_tuple
test_dict test_set test_string test_unicode test_bytes test_class test_descr test_generators
test_exceptions test_scope test_with test_contextlib test_functools test_itertools test_collections
test_re test_json test_builtin test_types test_iter test_super test_unpack test_unpack_ex
test_fstring test_patma test_exception_group test_coroutines test_named_expressions test_listcomps
test_genexps test_richcmp test_range test_slice test_sort test_deque test_operator test_property
test_metaclass test_decorators test_opcodes test_augassign test_binop test_pow test_math
test_weakref test_traceback test_sys test_unittest test_dictviews test_extcall test_call
test_keywordonlyarg test_positional_only_arg test_raise test_string_literals test_yield_from
test_compile test_format test_print test_memoryview test_struct
""".split()

SUMMARY = re.compile(r"^RIPY-REGRTEST tests=(\d+) passed=(\d+) failed=(\d+) errors=(\d+) skipped=(\d+)$")
LOAD_ERROR = re.compile(r"^RIPY-REGRTEST load-error (.*)$")


def run_module(python, module, timeout, log_dir, tag):
    """Run one module under `python`; return a dict of its counts and status."""
    env = dict(os.environ, PYTHONHASHSEED="0", RIPY_STDLIB=STDLIB)
    env.pop("METATRACE_LOG", None)
    start = time.time()
    try:
        proc = subprocess.run(
            [python, DRIVER, module],
            cwd=STDLIB,
            env=env,
            capture_output=True,
            timeout=timeout,
            text=True,
            errors="replace",
        )
        output, errors, status = proc.stdout, proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as e:
        output = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        errors = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        status = "timeout"
    elapsed = time.time() - start
    with open(os.path.join(log_dir, "%s.%s.log" % (module, tag)), "w") as log:
        log.write(output)
        log.write("\n----- stderr -----\n")
        log.write(errors)
    row = {"module": module, "time": elapsed, "tests": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    lines = output.strip().splitlines()
    last = lines[-1] if lines else ""
    summary, load_error = SUMMARY.match(last), LOAD_ERROR.match(last)
    if summary:
        row.update(zip(["tests", "passed", "failed", "errors", "skipped"], map(int, summary.groups())))
        clean = row["failed"] == row["errors"] == 0
        row["status"] = "fail" if not clean else "pass" if row["tests"] > 0 else "no tests ran"
    elif status == "timeout":
        row["status"] = "timeout after %ds" % timeout
    elif load_error:
        row["status"] = "cannot load: " + load_error.group(1)[:80]
    else:
        tail = (errors.strip().splitlines() or ["no output"])[-1]
        row["status"] = "crashed (exit %s): %s" % (status, tail[:80])
    return row


def table(rows, reference):
    """The Markdown table of `rows`, with CPython's test counts from `reference`."""
    out = [
        "| module | CPython tests | ripy tests | passed | failed | errors | skipped | time (s) | status |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ref = reference.get(r["module"])
        ref_tests = str(ref["tests"]) if ref else "-"
        if ref and r["status"] == "pass" and r["tests"] < ref["tests"]:
            r["status"] = "incomplete: %d of CPython's %d tests ran" % (r["tests"], ref["tests"])
        out.append(
            "| %s | %s | %d | %d | %d | %d | %d | %.1f | %s |"
            % (r["module"], ref_tests, r["tests"], r["passed"], r["failed"], r["errors"], r["skipped"], r["time"], r["status"])
        )
    complete = sum(1 for r in rows if r["status"] == "pass")
    passed = sum(r["passed"] for r in rows)
    ref_total = sum(reference[r["module"]]["passed"] for r in rows if r["module"] in reference)
    out.append("")
    out.append("Modules passing completely: %d of %d." % (complete, len(rows)))
    if ref_total:
        out.append(
            "Test cases passed: %d, %.1f%% of the %d that pass under CPython 3.11."
            % (passed, 100.0 * passed / ref_total, ref_total)
        )
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="test modules (default: the tracked list)")
    parser.add_argument("--ripy", default=os.path.join(ROOT, "target", "release", "ripy"))
    parser.add_argument(
        "--cpython",
        default=STDLIB_PYTHON if os.path.exists(STDLIB_PYTHON) else "python3.11",
        help="the reference interpreter (default: the python3.11 whose library is STDLIB; '' to skip)",
    )
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="rewrite tests/cpython/RESULTS.md")
    parser.add_argument("--check", action="store_true", help="fail unless expected_pass.txt modules pass")
    args = parser.parse_args()

    if not os.path.isdir(os.path.join(STDLIB, "test")):
        sys.exit("no CPython test suite at %s/test: apt-get install libpython3.11-testsuite" % STDLIB)
    if not os.access(args.ripy, os.X_OK):
        sys.exit("no ripy at %s: cargo build --release -p ripy (or pass --ripy)" % args.ripy)
    expected = []
    with open(os.path.join(HERE, "expected_pass.txt")) as f:
        expected = [line.split("#")[0].strip() for line in f if line.split("#")[0].strip()]
    modules = args.modules or (expected if args.check else TRACKED)
    log_dir = os.path.join(ROOT, "target", "cpython-tests")
    os.makedirs(log_dir, exist_ok=True)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(lambda m: run_module(args.ripy, m, args.timeout, log_dir, "ripy"), modules))
        reference = {}
        if args.cpython and not args.check:
            refs = pool.map(lambda m: run_module(args.cpython, m, args.timeout, log_dir, "cpython"), modules)
            reference = {r["module"]: r for r in refs}
    text = table(rows, reference)
    print(text)
    if args.write:
        with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
            f.write("# CPython 3.11 regression suite under ripy\n\n")
            f.write("Reproduce: `cargo build --release -p ripy && python3 tests/cpython/run.py --write`\n")
            f.write("(logs in target/cpython-tests/).\n\n")
            f.write(text + "\n")
    if args.check:
        broken = [r["module"] for r in rows if r["status"] != "pass"]
        if broken:
            sys.exit("modules expected to pass that do not: " + ", ".join(broken))


main()
