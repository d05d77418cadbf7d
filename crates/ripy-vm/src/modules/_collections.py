"""The _collections module of ripy (deque), written in Python.

A deque keeps its items in a list after `_head` free slots (None): popleft frees a slot at the
front, appendleft fills one (making room for as many items as it holds when there is none), so
both ends work in amortized constant time. Its `_state` counts the changes of its length and
order, as CPython's: iterators and the searches that compare items (count, index, remove, `in`)
raise when a comparison changed the deque."""

from _thread import get_ident as _get_ident

# The objects whose repr is being written, by (id, thread): CPython's Py_ReprEnter list.
_repr_running = set()


def _guarded_repr(obj, marker, write):
    """write(), or marker when the repr of obj is already being written on this thread (an
    object inside itself)."""
    key = (id(obj), _get_ident())
    if key in _repr_running:
        return marker
    _repr_running.add(key)
    try:
        return write()
    finally:
        _repr_running.discard(key)


class deque:
    """A double-ended queue with an optional maximum length."""

    # As CPython's deque, instances have no __dict__ (a subclass may ask for one in its
    # __slots__) and take weak references.
    __slots__ = ("_maxlen", "_items", "_head", "_state", "__weakref__")

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._items = []
        self._head = 0
        self._state = 0
        if iterable is not self:
            self.extend(iterable)
        else:
            self.extend(list(iterable))

    @property
    def maxlen(self):
        return self._maxlen

    def _live(self):
        if self._head:
            del self._items[: self._head]
            self._head = 0
        return self._items

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self) > 0

    def append(self, x):
        self._state += 1
        self._items.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.popleft()

    def appendleft(self, x):
        self._state += 1
        if not self._head:
            room = max(len(self._items), 8)
            self._items[:0] = [None] * room
            self._head = room
        self._head -= 1
        self._items[self._head] = x
        if self._maxlen is not None and len(self) > self._maxlen:
            self.pop()

    def pop(self):
        if not len(self):
            raise IndexError("pop from an empty deque")
        self._state += 1
        return self._items.pop()

    def popleft(self):
        if not len(self):
            raise IndexError("pop from an empty deque")
        self._state += 1
        x = self._items[self._head]
        self._items[self._head] = None
        self._head += 1
        live = len(self._items) - self._head
        if self._head > 32 and self._head > 2 * live + 16:
            del self._items[: self._head - live]
            self._head = live
        return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._state += 1
        self._items = []
        self._head = 0

    def copy(self):
        return type(self)(self, self._maxlen)

    __copy__ = copy

    def __getstate__(self):
        # object.__getstate__ without the deque's own slots, which are not state in CPython.
        state = object.__getstate__(self)
        if isinstance(state, tuple):
            dict_state, slots = state
            slots = {k: v for k, v in slots.items() if k not in deque.__slots__}
            state = (dict_state, slots) if slots else dict_state
        return state

    def __reduce__(self):
        args = () if self._maxlen is None else ((), self._maxlen)
        return type(self), args, self.__getstate__(), iter(self)

    def _matches(self, x, start, stop, error):
        """The indexes in range(start, stop) of the items that are x or equal to it, compared in
        order; error("deque mutated during iteration") when a comparison changed the deque."""
        state = self._state
        for i in range(start, stop):
            found = self._items[self._head + i]
            found = found is x or found == x
            if self._state != state:
                raise error("deque mutated during iteration")
            if found:
                yield i

    def count(self, x):
        n = 0
        for _ in self._matches(x, 0, len(self), RuntimeError):
            n += 1
        return n

    def index(self, x, start=0, stop=None):
        start, stop, _ = slice(start, stop).indices(len(self))
        for i in self._matches(x, start, stop, RuntimeError):
            return i
        raise ValueError("%r is not in deque" % (x,))

    def insert(self, i, x):
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._state += 1
        self._live().insert(i, x)

    def remove(self, value):
        for i in self._matches(value, 0, len(self), IndexError):
            del self[i]
            return
        raise ValueError("%r is not in deque" % (value,))

    def reverse(self):
        self._live().reverse()

    def rotate(self, n=1):
        items = self._live()
        if items:
            n %= len(items)
            if n:
                self._state += 1
                items[:] = items[-n:] + items[:-n]

    def _index(self, i):
        n = len(self)
        if not isinstance(i, int):
            raise TypeError("sequence index must be integer, not '%s'" % type(i).__name__)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("deque index out of range")
        return self._head + i

    def __getitem__(self, i):
        return self._items[self._index(i)]

    def __setitem__(self, i, x):
        self._items[self._index(i)] = x

    def __delitem__(self, i):
        i = self._index(i)
        self._state += 1
        del self._items[i]

    def __iter__(self):
        return _deque_iterator(self)

    def __reversed__(self):
        return _deque_reverse_iterator(self)

    def __contains__(self, x):
        for _ in self._matches(x, 0, len(self), RuntimeError):
            return True
        return False

    def __repr__(self):
        items = _guarded_repr(self, None, lambda: ", ".join(repr(x) for x in self._live()))
        if items is None:
            return "[...]"
        if self._maxlen is None:
            return "%s([%s])" % (type(self).__name__, items)
        return "%s([%s], maxlen=%d)" % (type(self).__name__, items, self._maxlen)

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() == other._live()

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() != other._live()

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() < other._live()

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() <= other._live()

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() > other._live()

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() >= other._live()

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque' % type(other).__name__)
        result = self.copy()
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return type(self)(self._live() * n, self._maxlen)

    __rmul__ = __mul__

    def __imul__(self, n):
        items = self._live() * n
        self.clear()
        self.extend(items)
        return self


deque.__module__ = "collections"


class _deque_iterator:
    """The iterator of a deque, from its left end: it raises RuntimeError once the deque's
    length or order changed (then at every call, as CPython's)."""

    __slots__ = ("_deque", "_state", "_length", "_left")
    _reverse = False

    def __init__(self, d):
        self._deque = d
        self._state = d._state
        self._length = self._left = len(d)

    def __iter__(self):
        return self

    def __next__(self):
        d = self._deque
        if d._state != self._state:
            self._left = 0
            raise RuntimeError("deque mutated during iteration")
        if not self._left:
            raise StopIteration
        self._left -= 1
        i = self._left if self._reverse else self._length - self._left - 1
        return d._items[d._head + i]

    def __length_hint__(self):
        return self._left


class _deque_reverse_iterator(_deque_iterator):
    """The iterator of a deque from its right end (reversed(d))."""

    __slots__ = ()
    _reverse = True


_deque_iterator.__module__ = _deque_reverse_iterator.__module__ = "_collections"


class defaultdict(dict):
    """dict subclass calling a factory function to supply missing values."""

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def __repr__(self):
        factory = self.default_factory
        if factory is None:
            factory_repr = "None"
        else:
            factory_repr = _guarded_repr(factory, "...", lambda: repr(factory))
        return f"{type(self).__name__}({factory_repr}, {dict.__repr__(self)})"

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        args = () if self.default_factory is None else (self.default_factory,)
        return type(self), args, None, None, iter(self.items())

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


defaultdict.__module__ = "collections"


def _count_elements(mapping, iterable):
    """Tally the elements of an iterable into a mapping (Counter's helper)."""
    get = mapping.get
    for element in iterable:
        mapping[element] = get(element, 0) + 1
