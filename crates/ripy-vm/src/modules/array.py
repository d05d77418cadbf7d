"""The array module of ripy: `array.array`, a mutable sequence of machine values of one type.

An array keeps its items packed in native byte order in a bytearray (`_b`), so the buffer
protocol (bytes(a), memoryview(a), file writes) sees the real machine representation: the
interpreter asks `__ripy_buffer__` for that bytearray and the item format. Items are packed and
unpacked with `_struct`; the range checks and messages are CPython's arraymodule's.
"""

import _struct

typecodes = 'bBuhHiIlLqQfd'

# typecode -> (struct format of one item, item size)
_FORMATS = {
    'b': 'b', 'B': 'B', 'u': 'I', 'h': 'h', 'H': 'H', 'i': 'i', 'I': 'I',
    'l': 'l', 'L': 'L', 'q': 'q', 'Q': 'Q', 'f': 'f', 'd': 'd',
}

# typecode -> (minimum, maximum, "less than minimum" name) of the integer typecodes whose
# range CPython checks with its own messages after converting to a C long.
_SMALL_RANGES = {
    'b': (-128, 127, 'signed char'),
    'B': (0, 255, 'unsigned byte integer'),
    'h': (-32768, 32767, 'signed short integer'),
    'H': (0, 65535, 'unsigned short'),
    'i': (-2**31, 2**31 - 1, 'signed integer'),
}

_LONG_MIN = -2**63
_LONG_MAX = 2**63 - 1
_ULONG_MAX = 2**64 - 1
_FLT_ROUND_LIMIT = 3.4028235677973366e+38  # FLT_MAX plus half an ulp: rounds to infinity

# The machine format codes of _array_reconstructor (CPython's enum machine_format_code):
# code -> (struct format, is unicode encoding name or None).
_MACHINE_FORMATS = {
    0: '=B', 1: '=b', 2: '<H', 3: '>H', 4: '<h', 5: '>h', 6: '<I', 7: '>I', 8: '<i', 9: '>i',
    10: '<Q', 11: '>Q', 12: '<q', 13: '>q', 14: '<f', 15: '>f', 16: '<d', 17: '>d',
    18: 'utf-16-le', 19: 'utf-16-be', 20: 'utf-32-le', 21: 'utf-32-be',
}

# typecode -> its machine format code on this (little-endian, LP64) machine
_NATIVE_MACHINE_CODES = {
    'b': 1, 'B': 0, 'u': 20, 'h': 4, 'H': 2, 'i': 8, 'I': 6, 'l': 12, 'L': 10,
    'q': 12, 'Q': 10, 'f': 14, 'd': 16,
}


def _type_name(x):
    return type(x).__name__


def _check_range(x, low, high, name):
    """The int `x` stored in an array of a typecode of `_SMALL_RANGES` (its `low`, `high` and
    `name`), with CPython's errors."""
    if not _LONG_MIN <= x <= _LONG_MAX:
        raise OverflowError("Python int too large to convert to C long")
    if x < low:
        raise OverflowError(name + " is less than minimum")
    if x > high:
        raise OverflowError(name + " is greater than maximum")
    return x


def _check_int(code, x):
    """The int stored for `x` in an array of integer typecode `code`, with CPython's errors."""
    if type(x) is not int:
        x = _index(x)
    if code in _SMALL_RANGES:
        low, high, name = _SMALL_RANGES[code]
        return _check_range(x, low, high, name)
    elif code == 'I':
        if x < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if x > _ULONG_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
        if x > 2**32 - 1:
            raise OverflowError("unsigned int is greater than maximum")
    elif code == 'l':
        if not _LONG_MIN <= x <= _LONG_MAX:
            raise OverflowError("Python int too large to convert to C long")
    elif code == 'L':
        if x < 0:
            raise OverflowError("can't convert negative value to unsigned int")
        if x > _ULONG_MAX:
            raise OverflowError("Python int too large to convert to C unsigned long")
    elif code == 'q':
        if not _LONG_MIN <= x <= _LONG_MAX:
            raise OverflowError("int too big to convert")
    elif code == 'Q':
        if x < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if x > _ULONG_MAX:
            raise OverflowError("int too big to convert")
    return x


def _index(x):
    try:
        method = type(x).__index__
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % _type_name(x)) from None
    result = method(x)
    if type(result) is not int:
        if isinstance(result, int):
            return int(result)
        raise TypeError("__index__ returned non-int (type %s)" % _type_name(result))
    return result


def _check_float(code, x):
    if type(x) is not float:
        if isinstance(x, float):
            x = float(x)
        elif hasattr(type(x), '__float__'):
            x = type(x).__float__(x)
        elif hasattr(type(x), '__index__'):
            x = float(_index(x))
        else:
            raise TypeError("must be real number, not %s" % _type_name(x))
    if code == 'f' and x == x and abs(x) >= _FLT_ROUND_LIMIT:
        return x * 1e300 * 1e300  # the float cast's overflow: an infinity of x's sign
    return x


def _check_char(x):
    if type(x) is not str and not isinstance(x, str) or len(x) != 1:
        raise TypeError("array item must be unicode character")
    return ord(x)


def _clamp(v):
    if v is None:
        return None
    v = _index(v)
    return max(min(v, _LONG_MAX), -_LONG_MAX)


def _indices(key, n):
    """`key.indices(n)` of a slice whose bounds may exceed the index range (clamped to it)."""
    return slice(_clamp(key.start), _clamp(key.stop), _clamp(key.step)).indices(n)


def _converter(code):
    if code == 'u':
        return _check_char
    if code in 'fd':
        return lambda x: _check_float(code, x)
    if code in _SMALL_RANGES:
        # The range looked up once, not per item.
        low, high, name = _SMALL_RANGES[code]

        def convert(x):
            return _check_range(x if type(x) is int else _index(x), low, high, name)
        return convert
    return lambda x: _check_int(code, x)


def _pack(code, values):
    """The bytes of `values` (already checked) as items of typecode `code`."""
    if code == 'B':
        return bytes(values)
    return _struct.pack('%d%s' % (len(values), _FORMATS[code]), *values)


class array:
    """array(typecode [, initializer]) -> array

Return a new array whose items are restricted by typecode, and
initialized from the optional initializer value, which must be a list,
a bytes-like object, or iterable over elements of the appropriate type.

Arrays represent basic values and behave very much like lists, except
the type of objects stored in them is constrained. The type is specified
at object creation time by using a type code, which is a single character."""

    __slots__ = ('_b', '_c', '_s', '__weakref__')
    __abc_tpflags__ = 1 << 5  # a sequence for `match` (CPython's Py_TPFLAGS_SEQUENCE)

    def __new__(cls, *args, **kwargs):
        if kwargs and cls is array:
            raise TypeError("array.array() takes no keyword arguments")
        if not args:
            raise TypeError("array() takes at least 1 argument (0 given)")
        if len(args) > 2:
            raise TypeError("array() takes at most 2 arguments (%d given)" % len(args))
        code = args[0]
        if not isinstance(code, str) or len(code) != 1:
            raise TypeError("array() argument 1 must be a unicode character, not %s" % _type_name(code))
        if code not in _FORMATS:
            raise ValueError("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        self = object.__new__(cls)
        self._c = code
        self._s = _struct.calcsize(_FORMATS[code])
        self._b = bytearray()
        if len(args) == 2:
            self._initialize(args[1])
        return self

    def _initialize(self, initial):
        code = self._c
        if code != 'u':
            if isinstance(initial, str):
                raise TypeError("cannot use a str to initialize an array with typecode '%s'" % code)
            if isinstance(initial, array) and initial._c == 'u':
                raise TypeError("cannot use a unicode array to initialize an array with typecode '%s'" % code)
        if isinstance(initial, (bytes, bytearray)):
            self.frombytes(initial)
        elif isinstance(initial, str):
            self.fromunicode(initial)
        elif isinstance(initial, array) and initial._c == code:
            self._b[:] = initial._b
        else:
            self._extend_values(initial)

    # ----- internal helpers -----

    def __ripy_buffer__(self):
        # The storage and the item format of memoryviews of this array.
        return self._b, 'w' if self._c == 'u' else self._c

    def _values(self):
        """The raw stored values (ints for 'u': code points)."""
        if self._c == 'B':
            return list(self._b)
        n = len(self._b) // self._s
        return list(_struct.unpack('%d%s' % (n, _FORMATS[self._c]), self._b))

    def _item(self, raw):
        return chr(raw) if self._c == 'u' else raw

    def _extend_values(self, iterable):
        convert = _converter(self._c)
        values = [convert(x) for x in iterable]
        self._b += _pack(self._c, values)

    def _new(self, data):
        result = array.__new__(array, self._c)
        result._b[:] = data
        return result

    def _position(self, i, message):
        n = len(self._b) // self._s
        i = _index(i)
        if not _LONG_MIN <= i <= _LONG_MAX:
            raise IndexError("cannot fit 'int' into an index-sized integer")
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(message)
        return i

    # ----- attributes -----

    @property
    def typecode(self):
        """The typecode character used to create the array."""
        return self._c

    @property
    def itemsize(self):
        """The size, in bytes, of one array item."""
        return self._s

    # ----- sequence protocol -----

    def __len__(self):
        return len(self._b) // self._s

    def __getitem__(self, key):
        if type(key) is int and self._s == 1:
            # One-byte items are the bytes of the storage (a str typecode is 4 bytes wide).
            b = self._b
            if -len(b) <= key < len(b):
                v = b[key]
                return v - 256 if self._c == 'b' and v > 127 else v
        if isinstance(key, slice):
            start, stop, step = _indices(key, len(self))
            s = self._s
            if step == 1:
                return self._new(self._b[start * s:max(start, stop) * s])
            values = self._values()
            return self._new(_pack(self._c, [values[k] for k in range(start, stop, step)]))
        if not hasattr(type(key), '__index__'):
            raise TypeError("array indices must be integers")
        i = self._position(key, "array index out of range")
        return self._item(_struct.unpack_from(_FORMATS[self._c], self._b, i * self._s)[0])

    def __setitem__(self, key, value):
        if type(key) is int and type(value) is int and self._s == 1:
            # One-byte items in range are stored as the storage's bytes; the rest as below.
            b = self._b
            if -len(b) <= key < len(b) and (-128 <= value <= 127 if self._c == 'b' else 0 <= value <= 255):
                b[key] = value & 0xFF
                return
        if isinstance(key, slice):
            if not isinstance(value, array):
                raise TypeError('can only assign array (not "%s") to array slice' % _type_name(value))
            if value._c != self._c:
                raise TypeError("bad argument type for built-in operation")
            start, stop, step = _indices(key, len(self))
            s = self._s
            data = bytes(value._b)
            if step == 1:
                self._b[start * s:max(start, stop) * s] = data
                return
            values = self._values()
            positions = range(start, stop, step)
            if len(positions) != len(value):
                raise ValueError("attempt to assign array of size %d to extended slice of size %d"
                                 % (len(value), len(positions)))
            for k, raw in zip(positions, value._values()):
                values[k] = raw
            self._b[:] = _pack(self._c, values)
            return
        if not hasattr(type(key), '__index__'):
            raise TypeError("array indices must be integers")
        i = self._position(key, "array assignment index out of range")
        raw = _converter(self._c)(value)
        _struct.pack_into(_FORMATS[self._c], self._b, i * self._s, raw)

    def __delitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = _indices(key, len(self))
            s = self._s
            if step == 1:
                del self._b[start * s:max(start, stop) * s]
                return
            doomed = range(start, stop, step)
            values = [v for k, v in enumerate(self._values()) if k not in doomed]
            self._b[:] = _pack(self._c, values)
            return
        if not hasattr(type(key), '__index__'):
            raise TypeError("array indices must be integers")
        i = self._position(key, "array assignment index out of range")
        del self._b[i * self._s:(i + 1) * self._s]

    def __iter__(self):
        return arrayiterator(self, 0)

    def __contains__(self, x):
        for item in self._list():
            if item == x:
                return True
        return False

    def _list(self):
        values = self._values()
        if self._c == 'u':
            return [chr(v) for v in values]
        return values

    # ----- operators -----

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only append array (not "%s") to array' % _type_name(other))
        if other._c != self._c:
            raise TypeError("bad argument type for built-in operation")
        return self._new(self._b + other._b)

    def __iadd__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only extend array with array (not "%s")' % _type_name(other))
        if other._c != self._c:
            raise TypeError("can only extend with array of same kind")
        self._b += bytes(other._b)
        return self

    def _count(self, n):
        if not hasattr(type(n), '__index__'):
            raise TypeError("can't multiply sequence by non-int of type '%s'" % _type_name(n))
        n = _index(n)
        if n < 0:
            n = 0
        if n and len(self._b) > (2**63 - 1) // n:
            raise MemoryError()
        return n

    def __mul__(self, n):
        return self._new(self._b * self._count(n))

    __rmul__ = __mul__

    def __imul__(self, n):
        n = self._count(n)
        self._b *= n
        return self

    def _compare(self, other, op):
        if not isinstance(other, array):
            return NotImplemented
        if len(self) != len(other) and op in ('==', '!='):
            return op == '!='
        mine = self._list()
        theirs = other._list()
        for x, y in zip(mine, theirs):
            if not x == y:
                break
        else:
            x = len(mine)
            y = len(theirs)
        if op == '==':
            return x == y
        if op == '!=':
            return x != y
        if op == '<':
            return x < y
        if op == '<=':
            return x <= y
        if op == '>':
            return x > y
        return x >= y

    def __eq__(self, other):
        return self._compare(other, '==')

    def __ne__(self, other):
        return self._compare(other, '!=')

    def __lt__(self, other):
        return self._compare(other, '<')

    def __le__(self, other):
        return self._compare(other, '<=')

    def __gt__(self, other):
        return self._compare(other, '>')

    def __ge__(self, other):
        return self._compare(other, '>=')

    __hash__ = None

    def __repr__(self):
        name = _type_name(self)
        if not self._b:
            return "%s('%s')" % (name, self._c)
        if self._c == 'u':
            return "%s('u', %r)" % (name, self.tounicode())
        return "%s('%s', %r)" % (name, self._c, self._list())

    # ----- methods -----

    def append(self, v, /):
        """Append new value v to the end of the array."""
        self._b += _pack(self._c, [_converter(self._c)(v)])

    def extend(self, bb, /):
        """Append items to the end of the array."""
        if isinstance(bb, array):
            if bb._c != self._c:
                raise TypeError("can only extend with array of same kind")
            self._b += bytes(bb._b)
            return
        convert = _converter(self._c)
        for x in bb:
            self._b += _pack(self._c, [convert(x)])

    def insert(self, i, v, /):
        """Insert a new item v into the array before position i."""
        n = len(self)
        i = _index(i)
        if i < 0:
            i = max(i + n, 0)
        i = min(i, n)
        raw = _converter(self._c)(v)
        self._b[i * self._s:i * self._s] = _pack(self._c, [raw])

    def pop(self, i=-1, /):
        """Return the i-th element and delete it from the array."""
        n = len(self)
        i = _index(i)
        if n == 0:
            raise IndexError("pop from empty array")
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("pop index out of range")
        item = self[i]
        del self._b[i * self._s:(i + 1) * self._s]
        return item

    def remove(self, v, /):
        """Remove the first occurrence of v in the array."""
        for i, item in enumerate(self._list()):
            if item == v:
                del self._b[i * self._s:(i + 1) * self._s]
                return
        raise ValueError("array.remove(x): x not in array")

    def index(self, v, start=0, stop=2**63 - 1, /):
        """Return index of first occurrence of v in the array."""
        items = self._list()
        n = len(items)
        start = _index(start)
        stop = _index(stop)
        if start < 0:
            start = max(start + n, 0)
        if stop < 0:
            stop = max(stop + n, 0)
        for i in range(start, min(stop, n)):
            if items[i] == v:
                return i
        raise ValueError("array.index(x): x not in array")

    def count(self, v, /):
        """Return number of occurrences of v in the array."""
        return sum(1 for item in self._list() if item == v)

    def reverse(self):
        """Reverse the order of the items in the array."""
        s = self._s
        data = self._b
        self._b[:] = b''.join([data[i:i + s] for i in range(len(data) - s, -1, -s)])

    def byteswap(self):
        """Byteswap all items of the array."""
        s = self._s
        if s == 1:
            return
        data = bytes(self._b)
        swapped = bytearray(len(data))
        for k in range(s):
            swapped[k::s] = data[s - 1 - k::s]
        self._b[:] = swapped

    def buffer_info(self):
        """Return a tuple (address, length) giving the current memory address and the length in
        items of the buffer used to hold array's contents."""
        return (id(self._b), len(self))

    def tobytes(self):
        """Convert the array to an array of machine values and return the bytes representation."""
        return bytes(self._b)

    def frombytes(self, buffer, /):
        """Appends items from the string, interpreting it as an array of machine values, as if it
        had been read from a file using the fromfile() method."""
        if isinstance(buffer, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        data = memoryview(buffer).tobytes()
        if len(data) % self._s:
            raise ValueError("bytes length not a multiple of item size")
        self._b += data

    def tolist(self):
        """Convert array to an ordinary list with the same items."""
        return self._list()

    def fromlist(self, list, /):
        """Append items to array from list."""
        if not isinstance(list, _list_type):
            raise TypeError("arg must be list")
        self._extend_values(list)

    def tounicode(self):
        """Extends this array with data from the unicode string ustr."""
        if self._c != 'u':
            raise ValueError("tounicode() may only be called on unicode type arrays")
        chars = []
        for v in self._values():
            if v > 0x10ffff:
                raise ValueError("character U+%x is not in range [U+0000; U+10ffff]" % v)
            chars.append(chr(v))
        return ''.join(chars)

    def fromunicode(self, ustr, /):
        """Extends this array with data from the unicode string ustr."""
        if not isinstance(ustr, str):
            raise TypeError("fromunicode() argument must be str, not %s" % _type_name(ustr))
        if self._c != 'u':
            raise ValueError("fromunicode() may only be called on unicode type arrays")
        self._b += _pack('u', [ord(c) for c in ustr])

    def tofile(self, f, /):
        """Write all items (as machine values) to the file object f."""
        f.write(bytes(self._b))

    def fromfile(self, f, n, /):
        """Read n objects from the file object f and append them to the end of the array."""
        n = _index(n)
        if n < 0:
            raise ValueError("negative count")
        wanted = n * self._s
        data = f.read(wanted)
        if not isinstance(data, bytes):
            raise TypeError("read() didn't return bytes")
        usable = len(data) - len(data) % self._s
        self._b += data[:usable]
        if len(data) != wanted:
            raise EOFError("read() didn't return enough bytes")

    # ----- copying and pickling -----

    def __copy__(self):
        """Return a copy of the array."""
        return self._new(self._b)

    def __deepcopy__(self, unused, /):
        """Return a copy of the array."""
        return self._new(self._b)

    def __reduce__(self):
        raise TypeError("cannot pickle 'array' object")

    def __reduce_ex__(self, protocol, /):
        """Return state information for pickling."""
        cls = type(self)
        state = getattr(self, '__dict__', None)
        if protocol < 3:
            return cls, (self._c, self._list()), state
        return _array_reconstructor, (cls, self._c, _NATIVE_MACHINE_CODES[self._c], bytes(self._b)), state

    def __sizeof__(self):
        """Size of the array in memory, in bytes."""
        return 64 + len(self._b)

    __class_getitem__ = classmethod(type(list[int]))


_list_type = list

ArrayType = array


class arrayiterator:
    """An iterator over an array."""

    __slots__ = ('_array', '_i')

    def __init__(self, a, i):
        self._array = a
        self._i = i

    def __iter__(self):
        return self

    def __next__(self):
        a = self._array
        if a is None:
            raise StopIteration
        if self._i >= len(a):
            self._array = None
            raise StopIteration
        item = a[self._i] if type(a) is array else array.__getitem__(a, self._i)
        self._i += 1
        return item

    def __reduce__(self):
        """Return state information for pickling."""
        if self._array is None:
            return iter, ((),)
        return iter, (self._array,), self._i

    def __setstate__(self, state):
        """Set state information for unpickling."""
        i = _index(state)
        self._i = max(i, 0)


def _array_reconstructor(arraytype, typecode, mformat_code, items, /):
    """Internal. Used for pickling support."""
    if not isinstance(arraytype, type):
        raise TypeError("first argument must be a type object, not %s" % _type_name(arraytype))
    if not issubclass(arraytype, array):
        raise TypeError("%s is not a subtype of array.array" % arraytype.__name__)
    if not isinstance(typecode, str) or len(typecode) != 1:
        raise TypeError("_array_reconstructor() argument 2 must be a unicode character, not %s"
                        % _type_name(typecode))
    if typecode not in _FORMATS:
        raise ValueError("second argument must be a valid type code")
    mformat_code = _index(mformat_code)
    if not isinstance(items, bytes):
        raise TypeError("fourth argument should be bytes, not %s" % _type_name(items))
    if mformat_code not in _MACHINE_FORMATS:
        raise ValueError("third argument must be a valid machine format code.")
    if mformat_code == _NATIVE_MACHINE_CODES[typecode]:
        result = array.__new__(arraytype, typecode)
        result.frombytes(items)
        return result
    fmt = _MACHINE_FORMATS[mformat_code]
    if fmt.startswith('utf'):
        return array.__new__(arraytype, typecode, items.decode(fmt))
    size = _struct.calcsize(fmt)
    if fmt[1] not in 'fd':
        # An integer format gives the first typecode of its size and signedness.
        signed = fmt[1].islower()
        typecode = next(c for c in 'bBhHiIlLqQ'
                        if _struct.calcsize(_FORMATS[c]) == size and c.islower() == signed)
    if len(items) % size:
        raise ValueError("string length not a multiple of item size")
    values = list(_struct.unpack('%s%d%s' % (fmt[0], len(items) // size, fmt[1]), items))
    return array.__new__(arraytype, typecode, values)


def _register():
    import _collections_abc
    _collections_abc.MutableSequence.register(array)


_register()
