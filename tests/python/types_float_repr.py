# float repr/str (shortest round trip), parsing, special values, hex round trips.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

values = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.30000000000000004, 1/3, 2/3, 10.0, 100.0, 1e15, 1e16, 1.5e16,
          123456789012345.6, 1e-4, 1e-5, 0.00012345, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
          float("inf"), float("-inf"), 9007199254740993.0, 0.1 + 0.7, 3.14159e-100, 6.02214076e23, 299792458.0]
for v in values:
    print(repr(v), str(v), float(repr(v)) == v or v != v)
show("nan", lambda: [repr(float("nan")), str(-float("nan")), float("nan") != float("nan")])
show("parse", lambda: [float(s) for s in ["1", "-1.5", "+.5", "5.", "1e3", "1E-3", "1_0.0_1", " 7 ", "infinity", "-INF", "nan", "-nan", "0x10" if False else "16"]])
for bad in ["", "1.2.3", "e5", "1e", "1_", "_1", "1__0", "0x1p3", "inf inity", "- 1", "1e5.0", "١.٥x"]:
    show(f"bad_{bad!r}", lambda: float(bad))
show("unicode_digits", lambda: [float("١.٥"), float("１２.５")])
show("hex_round_trip", lambda: [float.fromhex(v.hex()) == v for v in values if v == v])
show("fromhex_forms", lambda: [float.fromhex(s) for s in ["0x1p0", "0x.8p1", "0x1.fffffffffffffp1023", "0x1p-1074", "-0x0p0", "1p4", "0xA", "0x1.8", "  -0X1P+2  "]])
show("fromhex_overflow", lambda: float.fromhex("0x1p1024"))
show("fromhex_underflow", lambda: float.fromhex("0x1p-1080"))
show("fromhex_round", lambda: [float.fromhex("0x1.00000000000008p0"), float.fromhex("0x1.00000000000018p0"), float.fromhex("0x1.000000000000081p0")])
show("is_integer", lambda: [(2.0).is_integer(), (2.5).is_integer(), (-0.0).is_integer(), float("nan").is_integer()])
show("conversions", lambda: [int(2.9999), int(-2.9999), round(2.9999), float(True), float(-7), float("  3.25\n")])
show("arith_special", lambda: [float("inf") - float("inf"), float("inf") * 0, -float("inf") * -1, 1 / float("inf"), float("inf") / float("inf")])
show("mod_special", lambda: [5.0 % float("inf"), -5.0 % float("inf"), float("inf") % 5 if False else 0])
show("mod_inf_err", lambda: float("inf") % 5)
show("sum_precision", lambda: [sum([0.1] * 10), 0.1 * 3, 1.1 + 2.2])
show("big_small", lambda: [1e308 * 10, -1e308 * 10, 1e-320 / 1e10, 2.0 ** -1075])
