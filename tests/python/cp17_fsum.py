# math.fsum with infinities and NaNs, and intermediate overflow, as CPython's.
import math

inf, nan = float("inf"), float("nan")
cases = [
    [1.0, 2.0, 3.0],
    [inf, 1.0],
    [-inf, 1.0, -inf],
    [nan, 1.0],
    [nan, inf],
    [inf, nan, -1.0],
    [-inf, inf],
    [inf, -inf, nan],
    [1e308, 1e308],
    [1e308, 1e308, -1e308],
    [1e308, 1e308, inf],
    [0.1] * 10,
    [],
]
for xs in cases:
    try:
        print(repr(math.fsum(xs)))
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
