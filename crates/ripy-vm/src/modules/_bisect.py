"""The _bisect module of ripy: bisection in sorted sequences, as CPython's _bisectmodule.c
(argument conversion, errors, `hi` of None or -1 meaning the sequence's length)."""


def _as_index(value, message):
    """value as an int through its type's __index__; TypeError(message) when it has none."""
    try:
        index = type(value).__index__
    except AttributeError:
        raise TypeError(message) from None
    return index(value)


def _bounds(a, lo, hi):
    """The (lo, hi) range of a to search."""
    lo = _as_index(lo, f"'{type(lo).__name__}' object cannot be interpreted as an integer")
    if lo < 0:
        raise ValueError("lo must be non-negative")
    hi = -1 if hi is None else _as_index(hi, f"argument should be integer or None, not '{type(hi).__name__}'")
    if hi == -1:
        hi = len(a)
    return lo, hi


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    """Return the index where to insert item x in list a, assuming a is sorted.

The return value i is such that all e in a[:i] have e <= x, and all e in
a[i:] have e > x.  So if x already appears in the list, a.insert(i, x) will
insert just after the rightmost x already there.

Optional args lo (default 0) and hi (default len(a)) bound the
slice of a to be searched."""
    lo, hi = _bounds(a, lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < (a[mid] if key is None else key(a[mid])):
            hi = mid
        else:
            lo = mid + 1
    return lo


def bisect_left(a, x, lo=0, hi=None, *, key=None):
    """Return the index where to insert item x in list a, assuming a is sorted.

The return value i is such that all e in a[:i] have e < x, and all e in
a[i:] have e >= x.  So if x already appears in the list, a.insert(i, x) will
insert just before the leftmost x already there.

Optional args lo (default 0) and hi (default len(a)) bound the
slice of a to be searched."""
    lo, hi = _bounds(a, lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if (a[mid] if key is None else key(a[mid])) < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _insert(a, index, x):
    """a.insert(index, x): list's own insert for an exact list, else the method a has."""
    if type(a) is list:
        list.insert(a, index, x)
    else:
        a.insert(index, x)


def insort_right(a, x, lo=0, hi=None, *, key=None):
    """Insert item x in list a, and keep it sorted assuming a is sorted.

If x is already in a, insert it to the right of the rightmost x.

Optional args lo (default 0) and hi (default len(a)) bound the
slice of a to be searched."""
    _insert(a, bisect_right(a, x if key is None else key(x), lo, hi, key=key), x)


def insort_left(a, x, lo=0, hi=None, *, key=None):
    """Insert item x in list a, and keep it sorted assuming a is sorted.

If x is already in a, insert it to the left of the leftmost x.

Optional args lo (default 0) and hi (default len(a)) bound the
slice of a to be searched."""
    _insert(a, bisect_left(a, x if key is None else key(x), lo, hi, key=key), x)


bisect = bisect_right
insort = insort_right
