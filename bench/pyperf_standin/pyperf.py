"""A small stand-in for the `pyperf` module, enough to run pyperformance's benchmark files.

pyperformance's `run_benchmark.py` files build a `pyperf.Runner`, maybe add options to its
`argparser`, and hand it a function to time (`bench_func`, `bench_time_func`). This stand-in
runs that function for a number of iterations in the same process and prints, per iteration,
the time of one inner loop:

    pyperf-standin NAME iteration I loops L seconds-per-loop S

so that bench/run_pyperformance.py can read steady-state times and warm-up curves. The
environment sets the work: RIPY_BENCH_ITERATIONS (default 20), RIPY_BENCH_MAX_SECONDS (stop
early once this much time is spent, default 60), and either RIPY_BENCH_LOOPS (a fixed loop count
per iteration, so that every interpreter does the same work) or RIPY_BENCH_MIN_TIME (the loop
count doubles until one iteration takes at least this long, default 0.05 s). It imports only
`time` and `os`.
"""

import os
import time

perf_counter = time.perf_counter


class _Namespace:
    """The parsed options: every option at its default value."""

    def __init__(self, values):
        self.__dict__.update(values)


class _ArgParser:
    """Collects `add_argument` calls; parsing yields their defaults (the harness passes none)."""

    def __init__(self):
        self._defaults = {}

    def add_argument(self, *names, **options):
        longest = max(names, key=len).lstrip("-").replace("-", "_")
        dest = options.get("dest", longest)
        default = options.get("default")
        if options.get("action") == "store_true" and default is None:
            default = False
        if options.get("action") == "store_false" and default is None:
            default = True
        self._defaults[dest] = default


class Runner:
    """Runs benchmark functions as configured by the environment; see the module doc."""

    def __init__(self, *args, **kwargs):
        self.metadata = {}
        self.argparser = _ArgParser()
        self.args = None
        self._iterations = int(os.environ.get("RIPY_BENCH_ITERATIONS", "20"))
        self._max_seconds = float(os.environ.get("RIPY_BENCH_MAX_SECONDS", "60"))
        self._min_time = float(os.environ.get("RIPY_BENCH_MIN_TIME", "0.05"))
        self._fixed_loops = int(os.environ.get("RIPY_BENCH_LOOPS", "0"))

    def parse_args(self, args=None):
        self.args = _Namespace(self.argparser._defaults)
        return self.args

    def bench_time_func(self, name, time_func, *args, inner_loops=None, **kwargs):
        """Time `time_func(loops, *args)`, which returns the seconds its `loops` loops took."""
        self._run(name, lambda loops: time_func(loops, *args), inner_loops)

    def bench_func(self, name, func, *args, inner_loops=None, **kwargs):
        """Time calls of `func(*args)`."""

        def timed(loops):
            start = perf_counter()
            for _ in range(loops):
                func(*args)
            return perf_counter() - start

        self._run(name, timed, inner_loops)

    def bench_async_func(self, name, func, *args, inner_loops=None, **kwargs):
        """Time `asyncio.run(func(*args))`."""
        import asyncio

        self.bench_func(name, lambda: asyncio.run(func(*args)), inner_loops=inner_loops)

    def _run(self, name, timed, inner_loops):
        if self.args is None:
            self.parse_args()
        loops = self._fixed_loops or 1
        begin = perf_counter()
        for i in range(self._iterations):
            elapsed = timed(loops)
            per_loop = elapsed / loops / (inner_loops or 1)
            print("pyperf-standin %s iteration %d loops %d seconds-per-loop %.9g" % (name, i, loops, per_loop))
            if not self._fixed_loops and elapsed < self._min_time:
                loops *= 2
            if perf_counter() - begin > self._max_seconds:
                break
