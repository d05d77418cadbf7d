# hash(): CPython's values for ints, floats, strs (PYTHONHASHSEED=0), bytes, tuples, frozensets,
# complex, bool; equal values hash equal across types; unhashable types.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("ints", lambda: [hash(i) for i in [0, 1, -1, -2, 2**31, 2**61 - 2, 2**61 - 1, 2**61, 2**62, -2**61, 2**64 + 5, -(2**100), 10**30]])
show("floats", lambda: [hash(f) for f in [0.0, -0.0, 0.5, 1.5, -2.5, 1e10, 1e-10, 3.141592653589793, 1e300, float("inf"), float("-inf")]])
show("int_float_eq", lambda: [hash(2**53) == hash(2.0**53), hash(1) == hash(1.0), hash(-7) == hash(-7.0), hash(2**70) == hash(2.0**70)])
show("strs", lambda: [hash(s) for s in ["", "a", "b", "ab", "hello world", "é", "日本", "\U0001f600", "a" * 100]])
show("bytes", lambda: [hash(b) for b in [b"", b"a", b"hello world", b"\xff\x00"]])
show("str_bytes_eq", lambda: [hash("abc") == hash(b"abc"), hash("é") == hash("é".encode())])
show("tuples", lambda: [hash(t) for t in [(), (1,), (1, 2), (1, (2, 3)), ("a", 1.5, None is None), ((),)]])
show("frozensets", lambda: [hash(frozenset()), hash(frozenset([1])), hash(frozenset([1, 2, 3])), hash(frozenset("abc")) == hash(frozenset("cba"))])
show("complex", lambda: [hash(1j), hash(1 + 2j), hash(complex(1.5, 0)) == hash(1.5), hash(complex(-1, -1))])
show("bools", lambda: [hash(True), hash(False), hash(True) == hash(1)])
show("none_stable", lambda: hash(None) == hash(None))
show("unhashable_list", lambda: hash([]))
show("unhashable_dict", lambda: hash({}))
show("unhashable_set", lambda: hash(set()))
show("unhashable_bytearray", lambda: hash(bytearray()))
show("unhashable_nested", lambda: hash((1, [2])))
show("unhashable_nested2", lambda: hash(frozenset([1])) and hash((1, {})))
class H:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v
show("user_hash", lambda: [hash(H(5)), hash(H(-1)), hash(H(2**70))])
show("dict_keys_mixed", lambda: {1: "a", 1.0: "b", True: "c", 2: "d", 2.0: "e"})
show("set_mixed", lambda: sorted({1, 1.0, True, 2, 2.0}))
show("hash_return_type", lambda: type(hash("x")).__name__)
