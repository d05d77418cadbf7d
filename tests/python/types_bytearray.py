# bytearray and memoryview: construction, mutation, slicing, methods, views, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def mutate(f):
    def run():
        b = bytearray(b"hello world")
        r = f(b)
        return b if r is None else (b, r)
    return run

show("ctor", lambda: [bytearray(), bytearray(3), bytearray(b"ab"), bytearray([1, 2]), bytearray("hé", "utf-8"), bytearray(range(65, 68))])
show("ctor_err", lambda: bytearray("x"))
show("ctor_err2", lambda: bytearray(1.5))
show("ctor_err3", lambda: bytearray([300]))
show("repr", lambda: [bytearray(b"a'b"), repr(bytearray()), str(bytearray(b"\x00x"))])
show("index", lambda: [bytearray(b"abc")[0], bytearray(b"abc")[-1], bytearray(b"abcdef")[1:5:2]])
show("index_err", lambda: bytearray(b"abc")[5])
def setitem(i, v):
    def f(b):
        b[i] = v
    return f
def delitem(i):
    def f(b):
        del b[i]
    return f
show("setitem", mutate(setitem(0, 72)))
show("setitem_neg", mutate(setitem(-1, 33)))
show("setitem_err", mutate(setitem(0, 256)))
show("setitem_err2", mutate(setitem(0, b"x")))
show("setitem_err3", mutate(setitem(50, 1)))
show("setslice", mutate(setitem(slice(0, 5), b"HI")))
show("setslice_list", mutate(setitem(slice(6, None), [87, 79])))
show("setslice_ext", mutate(setitem(slice(0, 6, 2), b"XYZ")))
show("setslice_ext_err", mutate(setitem(slice(0, 6, 2), b"XY")))
show("setslice_err", mutate(setitem(slice(0, 2), "ab")))
show("delitem", mutate(delitem(0)))
show("delslice", mutate(delitem(slice(0, 6))))
show("delslice_step", mutate(delitem(slice(None, None, 2))))
show("delitem_err", mutate(delitem(20)))
show("append", mutate(lambda b: b.append(33)))
show("append_err", mutate(lambda b: b.append(256)))
show("append_err2", mutate(lambda b: b.append("x")))
show("extend", mutate(lambda b: b.extend(b"!!")))
show("extend_list", mutate(lambda b: b.extend([1, 2])))
show("extend_err", mutate(lambda b: b.extend("ab")))
show("insert", mutate(lambda b: [b.insert(0, 62), b.insert(-1, 60), b.insert(100, 46)]))
show("pop", mutate(lambda b: [b.pop(), b.pop(0), b.pop(-2)]))
show("pop_err", lambda: bytearray().pop())
show("pop_err2", mutate(lambda b: b.pop(50)))
show("remove", mutate(lambda b: b.remove(111)))
show("remove_err", mutate(lambda b: b.remove(122)))
show("reverse", mutate(lambda b: b.reverse()))
show("clear", mutate(lambda b: b.clear()))
show("copy", mutate(lambda b: b.copy() == b))
def iadd():
    b = bytearray(b"ab")
    c = b
    b += b"cd"
    b *= 2
    return b, c is b
show("iadd", iadd)
show("concat", lambda: [bytearray(b"a") + b"b", b"a" + bytearray(b"b"), bytearray(b"ab") * 2, type(bytearray(b"a") + b"b").__name__])
show("cmp", lambda: [bytearray(b"a") == b"a", bytearray(b"a") < b"b", b"a" == bytearray(b"a"), bytearray(b"ab") > bytearray(b"aa")])
show("contains", lambda: [b"ll" in bytearray(b"hello"), 104 in bytearray(b"hello")])
show("methods", lambda: [bytearray(b"Hello").upper(), bytearray(b" a b ").split(), bytearray(b"a,b").split(b","), bytearray(b"xyz").find(b"y"), bytearray(b"abc").hex(), bytearray(b"  x ").strip(), bytearray(b"-").join([b"a", b"b"])])
show("method_types", lambda: [type(bytearray(b"a").upper()).__name__, type(bytearray(b"a b").split()[0]).__name__])
show("decode", lambda: bytearray(b"h\xc3\xa9").decode())
show("unhashable", lambda: hash(bytearray(b"a")))
show("len_iter", lambda: [len(bytearray(b"abc")), list(bytearray(b"ab"))])
show("mv_basic", lambda: (lambda m: [len(m), m[0], m[-1], m.tobytes(), m.tolist(), bytes(m), m.readonly, m.nbytes, m.format, m.itemsize])(memoryview(b"abc")))
show("mv_slice", lambda: (lambda m: [m[1:3].tobytes(), m[::2].tobytes(), m[::-1].tobytes(), len(m[1:])])(memoryview(b"abcdef")))
show("mv_index_err", lambda: memoryview(b"abc")[3])
def mv_readonly():
    m = memoryview(b"abc")
    m[0] = 1
show("mv_readonly", mv_readonly)
def mv_write():
    b = bytearray(b"abcdef")
    m = memoryview(b)
    m[0] = 65
    m[2:4] = b"XY"
    b[5] = 90
    return b, m.tobytes(), m.readonly, m.obj is b
show("mv_write", mv_write)
def mv_release():
    m = memoryview(b"abc")
    m.release()
    return m.tobytes()
show("mv_release", mv_release)
def mv_with():
    with memoryview(b"abc") as m:
        data = m.tobytes()
    return data, m.released
show("mv_with", mv_with)
show("mv_err", lambda: memoryview("abc"))
show("mv_eq", lambda: [memoryview(b"ab") == b"ab", memoryview(b"ab") == memoryview(bytearray(b"ab")), memoryview(b"ab") == b"ac"])
show("mv_hex", lambda: memoryview(b"\x01\x02").hex())
show("isinstance", lambda: [isinstance(bytearray(), bytearray), type(memoryview(b"")).__name__])
