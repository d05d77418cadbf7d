# Conversions between builtin types: int(), float(), complex(), str(), repr(), bool(), list(),
# tuple(), set(), dict(), bytes() of every kind of value, with CPython's errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

values = [0, -7, 2**65, 0.0, -2.5, 1e20, True, "12", " 3.5 ", "x", b"7", [1, 2], (3,), {4: 5}, {6}, None, 1j, range(3)]
for conv in [int, float, complex, str, repr, bool, list, tuple, set, bytes]:
    out = []
    for v in values:
        try:
            out.append(repr(conv(v)))
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    print(conv.__name__, out)
show("dict_conv", lambda: [dict([(1, 2)]), dict({3: 4}), dict(a=1), dict([("k", "v")], k2="v2"), dict(zip("ab", "cd"))])
show("dict_conv_err", lambda: dict([1]))
show("dict_conv_err2", lambda: dict(["abc"]))
show("str_of_containers", lambda: [str([1, "a", None]), str((1.5, b"x")), str({1: "é"}), str({1}), str(frozenset()), str([[]])])
show("repr_nested_quotes", lambda: [repr("a'b"), repr('a"b'), repr("a'b\"c"), repr(["'", '"'])])
show("float_to_int_edge", lambda: [int(1e300) % 1000, int(-0.9), int(2.5e-324)])
show("int_float_roundtrip", lambda: [float(int(x)) == x for x in [1e15, 2.0**60, -3.0]])
show("bool_of_numbers", lambda: [bool(x) for x in [0, 0.0, -0.0, 0j, 1e-300, float("nan"), -1]])
show("chr_ord_roundtrip", lambda: all(ord(chr(i)) == i for i in range(0, 0x110000, 4099)))
show("list_of_str", lambda: list("héllo"))
show("tuple_of_dict", lambda: tuple({"x": 1, "y": 2}))
show("set_of_str_sorted", lambda: sorted(set("mississippi")))
show("frozenset_of_list", lambda: sorted(frozenset([3, 1, 3])))
show("bytes_of_list", lambda: bytes([104, 105]))
show("int_of_bool_str", lambda: [int(True), float(False), str(True), repr(False)])
show("str_methods_on_repr", lambda: repr(1.0).split("."))
