# int.to_bytes/from_bytes, bit_length/bit_count, as_integer_ratio, bin/oct/hex, and bool ints.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

for n in [0, 1, 127, 128, 255, 256, -1, -128, -129, 2**64 - 1, -(2**63)]:
    out = []
    for length, order, signed in [(2, "big", True), (9, "little", True), (1, "big", False), (8, "little", False)]:
        try:
            out.append(n.to_bytes(length, order, signed=signed).hex())
        except OverflowError as e:
            out.append("OverflowError: " + str(e))
    print(n, out)
show("from_bytes_roundtrip", lambda: [int.from_bytes(n.to_bytes(16, "big", signed=True), "big", signed=True) == n for n in [0, -1, 2**100, -(2**100), 12345]])
show("from_bytes_sources", lambda: [int.from_bytes(b"\x01\x00", "little"), int.from_bytes(bytearray(b"\xff"), "big", signed=True), int.from_bytes([0, 1], "big"), int.from_bytes((255,) * 3, byteorder="little"), int.from_bytes(memoryview(b"\x02"), "big")])
show("from_bytes_errs", lambda: int.from_bytes("ab", "big"))
show("from_bytes_errs2", lambda: int.from_bytes([256], "big"))
show("from_bytes_errs3", lambda: int.from_bytes(b"x", "sideways"))
show("to_bytes_errs", lambda: (1).to_bytes(-1, "big"))
show("to_bytes_errs2", lambda: (1).to_bytes(1, byteorder=5))
show("to_bytes_zero_len", lambda: [(0).to_bytes(0, "big"), (0).to_bytes(0, "little", signed=True)])
show("to_bytes_zero_len_err", lambda: (1).to_bytes(0, "big"))
show("bool_to_bytes", lambda: True.to_bytes(2, "big"))
show("bit_length", lambda: [n.bit_length() for n in [0, 1, -1, 7, 8, -8, -9, 2**100, -(2**100)]])
show("bit_count", lambda: [n.bit_count() for n in [0, 1, -1, 7, 255, -256, 2**100 - 1, -(2**70)]])
show("ratio", lambda: [n.as_integer_ratio() for n in [0, -5, 2**80, True]])
show("radix", lambda: [f(n) for n in [0, 5, -5, 2**70, -(2**70)] for f in (bin, oct, hex)])
show("radix_err", lambda: hex("10"))
show("radix_bool", lambda: [bin(True), hex(False)])
show("format_radix", lambda: [format(255, "b"), format(255, "o"), format(-255, "x"), format(255, "#010b"), format(2**70, "_x"), format(-1, "#X")])
show("bool_int_methods", lambda: [True.bit_length(), False.bit_count(), True.conjugate(), True.numerator, (True).__index__()])
show("conjugate_types", lambda: [type((5).conjugate()).__name__, type(True.conjugate()).__name__])
show("int_real_imag_types", lambda: [type(True.real).__name__, type(True.imag).__name__])
show("index_dunder", lambda: [(5).__index__(), (2**70).__index__() == 2**70])
show("trunc_floor_ceil", lambda: [(7).__trunc__(), (7).__floor__(), (7).__ceil__(), (7).__round__(), (7).__round__(-1)])
show("float_methods_on_int_err", lambda: (5).is_integer())
