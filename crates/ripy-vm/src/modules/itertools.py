"""The itertools module of ripy, written in Python (run as the builtin module itertools).

Each iterator is a class with CPython's name, so type(), isinstance() and error messages
look like CPython's; the algorithms are those of the itertools documentation.
"""


class _Iterator:
    def __iter__(self):
        return self


def _check_int(value, what):
    if not isinstance(value, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(value).__name__)
    return value


def _is_number(value):
    # CPython's PyNumber_Check: convertible to an int or a float, or a complex.
    cls = type(value)
    return isinstance(value, complex) or any(hasattr(cls, m) for m in ("__index__", "__int__", "__float__"))


class count(_Iterator):
    def __init__(self, start=0, step=1):
        for v in (start, step):
            if not _is_number(v):
                raise TypeError("a number is required")
        self._n = start
        self._step = step

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        if isinstance(self._step, int) and self._step == 1:
            return "count(%r)" % (self._n,)
        return "count(%r, %r)" % (self._n, self._step)


class cycle(_Iterator):
    def __init__(self, iterable):
        self._it = iter(iterable)
        self._saved = []
        self._index = -1

    def __next__(self):
        if self._index < 0:
            for item in self._it:
                self._saved.append(item)
                return item
            if not self._saved:
                raise StopIteration
            self._index = 0
        item = self._saved[self._index]
        self._index = (self._index + 1) % len(self._saved)
        return item


class repeat(_Iterator):
    def __init__(self, object, times=None):
        self._object = object
        if times is not None:
            _check_int(times, "times")
            times = max(times, 0)
        self._times = times

    def __next__(self):
        if self._times is not None:
            if self._times <= 0:
                raise StopIteration
            self._times -= 1
        return self._object

    def __length_hint__(self):
        if self._times is None:
            raise TypeError("len() of unsized object")
        return self._times

    def __repr__(self):
        if self._times is None:
            return "repeat(%r)" % (self._object,)
        return "repeat(%r, %d)" % (self._object, self._times)


class accumulate(_Iterator):
    def __init__(self, iterable, func=None, *, initial=None):
        self._it = iter(iterable)
        self._func = func
        self._total = initial
        self._started = initial is not None
        self._pending_initial = initial is not None

    def __next__(self):
        if self._pending_initial:
            self._pending_initial = False
            return self._total
        item = next(self._it)
        if not self._started:
            self._started = True
            self._total = item
        elif self._func is None:
            self._total = self._total + item
        else:
            self._total = self._func(self._total, item)
        return self._total


class chain(_Iterator):
    def __init__(self, *iterables):
        self._sources = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, iterables):
        result = cls()
        result._sources = iter(iterables)
        return result

    def __next__(self):
        while True:
            if self._active is None:
                self._active = iter(next(self._sources))
            for item in self._active:
                return item
            self._active = None


class compress(_Iterator):
    def __init__(self, data, selectors):
        self._data = iter(data)
        self._selectors = iter(selectors)

    def __next__(self):
        while True:
            item = next(self._data)
            if next(self._selectors):
                return item


class dropwhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._predicate = predicate
        self._it = iter(iterable)
        self._dropping = True

    def __next__(self):
        if self._dropping:
            for item in self._it:
                if not self._predicate(item):
                    self._dropping = False
                    return item
            raise StopIteration
        return next(self._it)


class takewhile(_Iterator):
    def __init__(self, predicate, iterable):
        self._predicate = predicate
        self._it = iter(iterable)
        self._done = False

    def __next__(self):
        if self._done:
            raise StopIteration
        item = next(self._it)
        if self._predicate(item):
            return item
        self._done = True
        raise StopIteration


class filterfalse(_Iterator):
    def __init__(self, predicate, iterable):
        self._predicate = bool if predicate is None else predicate
        self._it = iter(iterable)

    def __next__(self):
        while True:
            item = next(self._it)
            if not self._predicate(item):
                return item


class _grouper(_Iterator):
    def __init__(self, parent, key):
        self._parent = parent
        self._key = key

    def __next__(self):
        parent = self._parent
        if parent._current_group is not self:
            raise StopIteration
        if parent._pending is _MISSING:
            parent._advance()
            if parent._pending is _MISSING:
                raise StopIteration
        if not parent._current_key == self._key:
            raise StopIteration
        item = parent._pending
        parent._pending = _MISSING
        return item


_MISSING = object()


class groupby(_Iterator):
    def __init__(self, iterable, key=None):
        self._it = iter(iterable)
        self._keyfunc = (lambda x: x) if key is None else key
        self._pending = _MISSING
        self._current_key = _MISSING
        self._current_group = None
        self._exhausted = False

    def _advance(self):
        for item in self._it:
            self._pending = item
            self._current_key = self._keyfunc(item)
            return
        self._exhausted = True
        self._pending = _MISSING

    def __next__(self):
        if self._current_group is not None:
            while True:
                if self._pending is _MISSING:
                    self._advance()
                    if self._exhausted:
                        raise StopIteration
                if not self._current_key == self._current_group._key:
                    break
                self._pending = _MISSING
        elif self._pending is _MISSING:
            self._advance()
            if self._exhausted:
                raise StopIteration
        group = _grouper(self, self._current_key)
        self._current_group = group
        return (self._current_key, group)


class islice(_Iterator):
    def __init__(self, iterable, *args):
        if not 1 <= len(args) <= 3:
            if not args:
                raise TypeError("islice expected at least 2 arguments, got 1")
            raise TypeError("islice expected at most 4 arguments, got %d" % (len(args) + 1))
        s = slice(*args)
        start, stop, step = s.start or 0, s.stop, 1 if s.step is None else s.step
        if s.stop is not None and (not isinstance(s.stop, int) or s.stop < 0):
            if len(args) == 1:
                raise ValueError("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
            raise ValueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        if s.start is not None and (not isinstance(s.start, int) or s.start < 0):
            raise ValueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
        if not isinstance(step, int) or step <= 0:
            raise ValueError("Step for islice() must be a positive integer or None.")
        self._it = iter(iterable)
        self._next_index = start
        self._stop = stop
        self._step = step
        self._index = 0

    def __next__(self):
        if self._stop is not None and self._next_index >= self._stop:
            while self._index < self._stop:
                self._index += 1
                next(self._it)
            raise StopIteration
        while self._index < self._next_index:
            next(self._it)
            self._index += 1
        item = next(self._it)
        self._index += 1
        self._next_index += self._step
        return item


class pairwise(_Iterator):
    def __init__(self, iterable, /):
        self._it = iter(iterable)
        self._last = _MISSING

    def __next__(self):
        if self._last is _MISSING:
            self._last = next(self._it)
        item = next(self._it)
        pair = (self._last, item)
        self._last = item
        return pair


class starmap(_Iterator):
    def __init__(self, function, iterable):
        self._function = function
        self._it = iter(iterable)

    def __next__(self):
        return self._function(*next(self._it))


class zip_longest(_Iterator):
    def __init__(self, *iterables, fillvalue=None):
        self._iterators = [iter(it) for it in iterables]
        self._active = len(self._iterators)
        self._fillvalue = fillvalue

    def __next__(self):
        if not self._iterators or not self._active:
            raise StopIteration
        values = []
        for i, it in enumerate(self._iterators):
            if it is None:
                values.append(self._fillvalue)
                continue
            try:
                values.append(next(it))
            except StopIteration:
                self._active -= 1
                if not self._active:
                    raise
                self._iterators[i] = None
                values.append(self._fillvalue)
        return tuple(values)


class _TeeData:
    def __init__(self, iterator):
        self.iterator = iterator
        self.values = []
        self.running = False


class _tee(_Iterator):
    def __init__(self, data, index=0):
        self._data = data
        self._index = index

    def __next__(self):
        data = self._data
        if self._index == len(data.values):
            # Another thread (or the iterator itself) is already advancing the shared iterator.
            if data.running:
                raise RuntimeError("cannot re-enter the tee iterator")
            data.running = True
            try:
                value = next(data.iterator)
            finally:
                data.running = False
            data.values.append(value)
        item = data.values[self._index]
        self._index += 1
        return item

    def __copy__(self):
        return _tee(self._data, self._index)


def tee(iterable, n=2):
    _check_int(n, "n")
    if n < 0:
        raise ValueError("n must be >= 0")
    if isinstance(iterable, _tee):
        first = iterable
    else:
        first = _tee(_TeeData(iter(iterable)))
    return tuple([first] + [first.__copy__() for _ in range(n - 1)]) if n else ()


class product(_Iterator):
    def __init__(self, *iterables, repeat=1):
        _check_int(repeat, "repeat")
        if repeat < 0:
            raise ValueError("repeat argument cannot be negative")
        pools = [tuple(pool) for pool in iterables] * repeat
        self._pools = pools
        self._indices = None if any(not pool for pool in pools) else [0] * len(pools)
        self._first = True

    def __next__(self):
        indices = self._indices
        if indices is None:
            raise StopIteration
        if self._first:
            self._first = False
        else:
            i = len(indices) - 1
            while i >= 0:
                indices[i] += 1
                if indices[i] < len(self._pools[i]):
                    break
                indices[i] = 0
                i -= 1
            if i < 0:
                self._indices = None
                raise StopIteration
        return tuple(pool[j] for pool, j in zip(self._pools, indices))


class _Combinator(_Iterator):
    """combinations and combinations_with_replacement: the pool, r, and the indices of the next
    tuple (None once exhausted), which a subclass starts (`_start`) and advances (`_advance`,
    False when there is no next tuple)."""

    def __init__(self, iterable, r):
        _check_int(r, "r")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._pool = tuple(iterable)
        self._r = r
        self._indices = self._start(len(self._pool), r)
        self._first = True

    def __next__(self):
        indices = self._indices
        if indices is None:
            raise StopIteration
        if self._first:
            self._first = False
        elif not self._advance(len(self._pool), self._r, indices):
            self._indices = None
            raise StopIteration
        return tuple(self._pool[i] for i in indices)


class combinations(_Combinator):
    @staticmethod
    def _start(n, r):
        return list(range(r)) if r <= n else None

    @staticmethod
    def _advance(n, r, indices):
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return False
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        return True


class combinations_with_replacement(_Combinator):
    @staticmethod
    def _start(n, r):
        return [0] * r if n or not r else None

    @staticmethod
    def _advance(n, r, indices):
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return False
        indices[i:] = [indices[i] + 1] * (r - i)
        return True


class permutations(_Iterator):
    def __init__(self, iterable, r=None):
        pool = tuple(iterable)
        n = len(pool)
        r = n if r is None else _check_int(r, "r")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._pool = pool
        self._r = r
        self._indices = list(range(n))
        self._cycles = list(range(n, n - r, -1))
        self._first = True
        self._done = r > n

    def __next__(self):
        if self._done:
            raise StopIteration
        pool, r, indices, cycles = self._pool, self._r, self._indices, self._cycles
        if self._first:
            self._first = False
            return tuple(pool[i] for i in indices[:r])
        n = len(pool)
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1 :] + indices[i : i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                return tuple(pool[i] for i in indices[:r])
        self._done = True
        raise StopIteration
