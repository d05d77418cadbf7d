# int(str, base): every base, prefixes, underscores, white space, signs, Unicode digits, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

for base in [2, 3, 8, 10, 16, 36]:
    show(f"base{base}", lambda: [int("10", base), int("-11", base), int("+101", base), int(" 1_0 ", base)])
show("base36_letters", lambda: [int("zz", 36), int("ZZ", 36), int("Hello", 36), int("a", 11)])
show("prefixes_base0", lambda: [int("0x1F", 0), int("0X1f", 0), int("0o777", 0), int("0O7", 0), int("0b1010", 0), int("0B1", 0), int("-0x10", 0), int("0", 0), int("000", 0), int("0_0", 0)])
show("prefixes_explicit", lambda: [int("0x1F", 16), int("0o17", 8), int("0b11", 2), int("0x_1", 16), int("0b_1_0", 2)])
show("underscores", lambda: [int("1_2_3"), int("0x_ff", 16), int("1_000", 10)])
show("whitespace", lambda: [int("\t42\n"), int(" -7 "), int("\u3000 9 \u3000"), int("\x0c5\x0b")])
show("unicode_digits", lambda: [int("١٢٣"), int("۴۵"), int("１２３"), int("߁")])
for bad in ["", " ", "_1", "1_", "1__2", "0x", "0b2", "12a", "- 1", "+-1", "0o8", "1.0", "1e3", "0x1g", "٣a", "--1"]:
    show(f"bad_{bad!r}", lambda: int(bad))
show("bad_base0_leading_zero", lambda: int("012", 0))
show("bad_base", lambda: int("1", 1))
show("bad_base37", lambda: int("1", 37))
show("bad_base_neg", lambda: int("1", -1))
show("base_with_int", lambda: int(12, 16))
show("base_bytes", lambda: int(b"ff", 16))
show("base_bytearray", lambda: int(bytearray(b"-12")))
show("bad_bytes", lambda: int(b"1x"))
show("base_kw", lambda: int("z", base=36))
show("long_repr_msg", lambda: int("x" * 300))
show("big", lambda: [int("9" * 50), int("-" + "1" * 40, 2), int("f" * 40, 16)])
show("bool_str", lambda: int("True"))
show("float_str", lambda: int(float("1e5")))
show("int_of_int_subclass", lambda: int(True) + int(False))
class Idx:
    def __index__(self):
        return 7
class IntLike:
    def __int__(self):
        return 9
class Both:
    def __int__(self):
        return 1
    def __index__(self):
        return 2
class Trunc:
    def __trunc__(self):
        return 3
show("dunders", lambda: [int(Idx()), int(IntLike()), int(Both())])
show("index_use", lambda: ["abcdefgh"[Idx()], hex(Idx()), [1, 2, 3] * Idx() == [1, 2, 3] * 7, bin(Idx())])
show("bad_index", lambda: "abc"[IntLike()])
show("str_of_big", lambda: [str(2**64), repr(-2**100), f"{2**70}", "%d" % 2**80])
