# memoryview formats, assignment, hashing, comparison and read-only views; struct's counts,
# offsets and 'p' strings; int conversions; which classes match sequence and mapping patterns.
import array
import collections
import collections.abc
import struct
import sys


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


# memoryview
data = bytearray(range(16))
m = memoryview(data).cast('i')
print(m.format, m.itemsize, m.tolist(), m.suboffsets, m.readonly)
m[1] = -2
m[2:4] = memoryview(bytearray(8)).cast('i')
print(list(m), data[:8])
for key, value in [(0, 2**40), (0, 1.5), (0, 'x'), (slice(0, 1), b'abcd'), (5, 1), ((slice(0, 1), slice(0, 1)), b'a')]:
    def assign():
        m[key] = value
    show("assign %r" % (key,), assign)
c = memoryview(bytearray(4)).cast('c')
for value in (b'ab', 1, b'x'):
    def assign_c():
        c[0] = value
    show("assign c %r" % (value,), assign_c)
f = memoryview(bytearray(8)).cast('f')
f[0] = 1e300
f[1] = 2
print(f.tolist())
ro = memoryview(bytearray(b'abc')).toreadonly()
print(ro.readonly, bytes(ro), hash(memoryview(b'xyz')) == hash(b'xyz'))
show("hash ro bytearray", lambda: hash(ro))
show("ro assign", lambda: ro.__class__.__name__)
def ro_assign():
    ro[0] = 1
show("ro setitem", ro_assign)
show("hash writable", lambda: hash(memoryview(bytearray(b'a'))))
show("hash format", lambda: hash(memoryview(b'abcd').cast('i')))
released = memoryview(b'abc')
released.release()
print(released == released, released == memoryview(b'abc'))
print(memoryview(b'abc') == b'abc', memoryview(b'abc') != bytearray(b'abd'), memoryview(b'ab') == b'abc')
nan = memoryview(array.array('d', [float('nan')]))
print(nan == nan, nan == array.array('d', [float('nan')]))
print(list(memoryview(b'\x01\x00\x02\x00').cast('h')), [x for x in memoryview(bytearray(b'ab'))])

# struct
for fmt in ('{}b'.format(sys.maxsize + 1), '{}b{}H'.format(sys.maxsize // 2, sys.maxsize // 2), 'b\0'):
    show("calcsize", lambda: struct.calcsize(fmt))
print(struct.calcsize('1000000000b'), struct.unpack('3h', struct.pack('3h', 1, -2, 3)))
buf = bytearray(10)
show("pack_into -2", lambda: struct.pack_into('<I', buf, -2, 1))
show("pack_into -11", lambda: struct.pack_into('<B', buf, -11, 1))
show("unpack_from -2", lambda: struct.unpack_from('<I', buf, -2))
show("unpack_from -11", lambda: struct.unpack_from('<B', buf, -11))
struct.pack_into('<h', buf, -4, -3)
print(buf)
long_p = struct.pack('300p', b'x' * 400)
print(long_p[0], len(long_p), long_p.count(b'x'), struct.unpack('300p', long_p)[0] == b'x' * 255)
print(struct.unpack('20s', b'y' * 20), struct.unpack('2s3p', b'ab\x01cd'))
store = array.array('h', [0, 0])
struct.pack_into('hh', store, 0, 7, -7)
print(store, struct.unpack('hh', store))


# int
class Trunc:
    def __trunc__(self):
        return 1729


class TruncToIndex:
    def __trunc__(self):
        class I:
            def __index__(self):
                return 42
        return I()


class HasBytes:
    def __bytes__(self):
        return b'\x01\x00'


class BadBytes:
    def __bytes__(self):
        return 'no'


class Order(str):
    pass


import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(int(Trunc()), int(TruncToIndex()), [str(w.category.__name__) for w in caught])
print(int.from_bytes(HasBytes(), 'little'), (258).to_bytes(2, Order('big')), int.from_bytes(b'\x01\x02', Order('little')))
show("from_bytes bad", lambda: int.from_bytes(BadBytes()))
for base in (2**31, 2**63, -2**63 - 1, 2**100):
    show("base", lambda: int('42', base))
for n in (2**63, 10**100, -7, -8, -30):
    show("round", lambda: round(8979323, n))
show("div", lambda: (2**1024 - 2**970) / 1)
print((2**1024 - 2**970 - 1) / 1, (2**53 + 1) / 1, 10**400 // 3 / 10**399)


# match: sequences and mappings by the classes along the MRO
def kind(x):
    match x:
        case {}:
            return "map"
        case [*_]:
            return "seq"
        case _:
            return "other"


class Seq(collections.abc.Sequence):
    def __getitem__(self, i):
        if i >= 2:
            raise IndexError
        return i

    def __len__(self):
        return 2


class Both(collections.UserDict, collections.abc.Sequence):
    pass


class ListAndMapping(list, collections.abc.Mapping):
    pass


print(kind(Seq()), kind(collections.UserDict()), kind(Both()), kind(ListAndMapping()), kind(array.array('b', [1])),
      kind(memoryview(b'ab')), kind(b'ab'), kind('ab'), kind(collections.OrderedDict()), kind(range(2)))
match Seq():
    case [a, b]:
        print("two", a, b)
match array.array('b', b'abc'):
    case [x, y, z]:
        print("array", x, y, z)
