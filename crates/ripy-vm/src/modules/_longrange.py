"""Ranges whose bounds do not fit in a machine word (`range(1 << 100)`), which the builtin
range type (i64 bounds, traced by the JIT) hands over to: `range()` builds a `longrange`
when an argument is too large. It answers `range` for `__class__` (so `isinstance(r, range)`
holds), and iterates with `longrange_iterator`, as CPython's."""

import sys as _sys

_MAXSIZE = _sys.maxsize


def _index(v):
    return type(v).__index__(v) if not isinstance(v, int) else v


def _slice_indices(key, length):
    """`key.indices(length)` for any length (slice.indices stops at sys.maxsize)."""
    step = 1 if key.step is None else _index(key.step)
    if step == 0:
        raise ValueError("slice step cannot be zero")
    lower, upper = (0, length) if step > 0 else (-1, length - 1)

    def bound(v, default):
        if v is None:
            return default
        v = _index(v)
        if v < 0:
            return max(v + length, lower)
        return min(v, upper)

    return bound(key.start, lower if step > 0 else upper), bound(key.stop, upper if step > 0 else lower), step


class longrange:
    __slots__ = ("start", "stop", "step", "_length")

    def __init__(self, start, stop, step):
        self.start, self.stop, self.step = start, stop, step
        if step > 0:
            self._length = max(0, (stop - start + step - 1) // step)
        else:
            self._length = max(0, (start - stop - step - 1) // -step)

    @property
    def __class__(self):
        return range

    def __len__(self):
        if self._length > _MAXSIZE:
            raise OverflowError("Python int too large to convert to C ssize_t")
        return self._length

    def __bool__(self):
        return self._length > 0

    def __iter__(self):
        return _iterator(self.start, self.step, self._length)

    def __reversed__(self):
        last = self.start + (self._length - 1) * self.step
        return _iterator(last, -self.step, self._length)

    def _position(self, value):
        if type(value) not in (int, bool):
            return None
        offset = value - self.start
        if offset % self.step:
            return None
        i = offset // self.step
        return i if 0 <= i < self._length else None

    def __contains__(self, value):
        if type(value) in (int, bool):
            return self._position(value) is not None
        return any(value == item for item in self)

    def index(self, value):
        i = self._position(value)
        if i is None:
            raise ValueError("%r is not in range" % (value,))
        return i

    def count(self, value):
        return int(value in self)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = _slice_indices(key, self._length)
            return range(self.start + start * self.step, self.start + stop * self.step, self.step * step)
        i = _index(key)
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError("range object index out of range")
        return self.start + i * self.step

    def _key(self):
        if self._length == 0:
            return (0,)
        if self._length == 1:
            return (1, self.start)
        return (self._length, self.start, self.step)

    def __eq__(self, other):
        if not isinstance(other, range):
            return NotImplemented
        other_key = other._key() if type(other) is longrange else longrange(other.start, other.stop, other.step)._key()
        return self._key() == other_key

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        key = self._key()
        return hash((key[0], None, None) if len(key) == 1 else (key[0], key[1], key[2] if len(key) > 2 else None))

    def __repr__(self):
        if self.step == 1:
            return "range(%r, %r)" % (self.start, self.stop)
        return "range(%r, %r, %r)" % (self.start, self.stop, self.step)

    def __reduce__(self):
        return (range, (self.start, self.stop, self.step))


class longrange_iterator:
    """The iterator of a long range: `_length` values from `_start` by `_step`, the first
    `_index` of them taken. Only ranges make them (calling the class is a `TypeError`)."""

    __slots__ = ("_start", "_step", "_length", "_index")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'longrange_iterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        if self._index >= self._length:
            raise StopIteration
        value = self._start + self._index * self._step
        self._index += 1
        return value

    def __length_hint__(self):
        return self._length - self._index

    def __reduce__(self):
        stop = self._start + self._length * self._step
        return (iter, (range(self._start, stop, self._step),), self._index)

    def __setstate__(self, index):
        index = _index(index)
        self._index = min(max(index, 0), self._length)


def _iterator(start, step, length):
    it = object.__new__(longrange_iterator)
    it._start, it._step, it._length, it._index = start, step, length, 0
    return it


# `type(range(1 << 100))` prints as CPython's: the class is named after the builtin it stands for.
longrange.__name__ = longrange.__qualname__ = "range"
longrange.__module__ = "builtins"
