# array.array: construction, typecodes, items, slices, methods, errors, buffer protocol, pickling.
import array
import pickle


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(array.typecodes)
for code in array.typecodes:
    a = array.array(code)
    print(code, a.itemsize, repr(a), len(a))

ints = array.array('h', [1, -2, 3, 400, -500])
print(ints, ints.tolist(), ints[1], ints[-1], ints[1:3], ints[::2], ints[::-1], ints[4:1:-2])
ints.append(7)
ints.extend([8, 9])
ints.extend(array.array('h', [10]))
ints.insert(0, -1)
ints.insert(-100, -3)
ints.insert(100, 99)
print(ints, ints.pop(), ints.pop(0), ints.index(3), ints.count(3), 3 in ints, 42 in ints)
ints.remove(3)
ints.reverse()
print(ints, ints.buffer_info()[1])
ints[0] = 11
ints[1:3] = array.array('h', [20, 21, 22])
ints[::3] = array.array('h', [0] * len(range(0, len(ints), 3)))
del ints[1]
del ints[::4]
print(ints)
ints.byteswap()
print(ints.tobytes())
ints.byteswap()
print(ints + array.array('h', [5]), ints * 2, 2 * ints, ints * -1)
b = ints
b += array.array('h', [1])
b *= 2
print(b is ints, ints)

floats = array.array('d', [1.5, -0.0, float('inf'), 1e100])
print(floats, floats[0], floats.tobytes()[:8])
single = array.array('f', [0.1, 1e300, -1e300, 2])
print(single)
chars = array.array('u', 'h\xe9llo\u1234')
print(chars, chars.tounicode(), chars[1], chars[1:3])
chars.fromunicode('!!')
print(repr(chars), len(chars))
raw = array.array('B', b'abc')
raw.frombytes(bytearray(b'de'))
raw.fromlist([1, 2])
print(raw, bytes(raw), bytearray(raw), memoryview(raw).tolist())

q = array.array('Q', [2**64 - 1, 0])
print(q, array.array('q', [-2**63, 2**63 - 1]), array.array('L', [2**64 - 1]))

# comparisons
x = array.array('i', [1, 2, 3])
print(x == array.array('i', [1, 2, 3]), x == array.array('d', [1.0, 2.0, 3.0]), x < array.array('i', [1, 2, 4]),
      x > array.array('i', [1, 2]), x != [1, 2, 3], x == 5)
nan = array.array('d', [float('nan')])
print(nan == array.array('d', [float('nan')]), nan < nan, nan >= nan)

# errors
for code, bad in [('b', 128), ('b', -129), ('B', -1), ('B', 256), ('h', 2**15), ('H', -1), ('H', 2**16),
                  ('i', 2**31), ('i', -2**31 - 1), ('I', -1), ('I', 2**32), ('I', 2**64), ('l', 2**63),
                  ('L', -1), ('L', 2**64), ('q', 2**63), ('Q', -1), ('Q', 2**64), ('b', 2**70),
                  ('i', 1.5), ('d', 'x'), ('u', 'ab'), ('u', 1), ('f', None)]:
    show("%s %r" % (code, bad), lambda: array.array(code, [bad]))
show("no args", lambda: array.array())
show("bad code", lambda: array.array('x'))
show("long code", lambda: array.array('xx'))
show("int code", lambda: array.array(1))
show("str init", lambda: array.array('b', 'abc'))
show("unicode array init", lambda: array.array('b', array.array('u', 'abc')))
show("int init", lambda: array.array('b', 10))
show("index", lambda: x[3])
show("str index", lambda: x['a'])
show("set index", lambda: x.__setitem__(5, 1))
show("index missing", lambda: x.index(42))
show("remove missing", lambda: x.remove(42))
show("pop empty", lambda: array.array('b').pop())
show("pop range", lambda: x.pop(10))
show("frombytes odd", lambda: array.array('h').frombytes(b'abc'))
show("frombytes str", lambda: array.array('h').frombytes('ab'))
show("fromlist tuple", lambda: array.array('h').fromlist((1,)))
show("fromunicode on b", lambda: array.array('b').fromunicode('x'))
show("tounicode on b", lambda: array.array('b').tounicode())
show("extend kind", lambda: array.array('b').extend(array.array('h')))
show("add kind", lambda: array.array('b') + array.array('h'))
show("add list", lambda: array.array('b') + [1])
show("iadd list", lambda: array.array('b').__iadd__([1]))
show("slice assign list", lambda: x.__setitem__(slice(0, 1), [1]))
show("ext slice size", lambda: x.__setitem__(slice(0, 3, 2), array.array('i', [1])))
print("hash", x.__hash__)
show("mul str", lambda: x * 'a')

# pickling and copying
import copy
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for a in (x, chars, floats, array.array('B')):
        b = pickle.loads(pickle.dumps(a, proto))
        print(proto, b == a, b is a, b.typecode)
print(x.__reduce_ex__(2)[1], x.__reduce_ex__(3)[1][1:])
print(copy.copy(x), copy.deepcopy(chars))
print(array._array_reconstructor(array.array, 'h', 3, b'\x00\x01\x00\x02'))
print(array._array_reconstructor(array.array, 'u', 18, 'hi'.encode('utf-16-le')))
show("reconstructor code", lambda: array._array_reconstructor(array.array, 'b', 22, b''))
show("reconstructor type", lambda: array._array_reconstructor(str, 'b', 0, b''))


class Sub(array.array):
    pass


s = Sub('i', [1, 2])
s.tag = 'x'
t = pickle.loads(pickle.dumps(s, 4))
print(type(t).__name__, t, t.tag, isinstance(s, array.array))

# iteration
it = iter(array.array('i', [1, 2, 3]))
print(next(it), list(it), list(reversed(array.array('b', [1, 2, 3]))))

# buffer protocol
m = memoryview(array.array('i', [1, 2, 3]))
print(m.format, m.itemsize, m.nbytes, m.tolist(), m[1], len(m), m.obj)
target = array.array('H', [0, 0, 0])
view = memoryview(target)
view[1] = 513
view[0:1] = array.array('H', [7])
print(target, bytes(target))
def assign(key, value):
    view[key] = value


show("view overflow", lambda: assign(0, 2**16))
show("view type", lambda: assign(0, 1.5))
show("view structure", lambda: assign(slice(0, 1), b'ab'))
w = memoryview(array.array('u', 'ab'))
print(w.format, w.itemsize, bytes(w))
show("w item", lambda: w[0])
print(bytes(array.array('b', [1, 2])) + array.array('b', [3]), b''.join([array.array('B', [65, 66])]))
