# format() mini-language: ints, floats, strs; alignment, sign, grouping, alternate forms, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

ints = [0, 7, -7, 255, -255, 1234567, -1234567890, 2**70]
for spec in ["", "d", "5d", "<6", ">6", "^7", "=+8", "*^9", "+", "-", " ", ",", "_", "08", "08,", "#x", "#X", "#o", "#b", "x", "_x", "_b", "#010x", "c", "n", "e", ".2f", "%", "g", ".3"]:
    out = []
    for v in ints:
        try:
            out.append(format(v, spec))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), out)

floats = [0.0, -0.0, 1.5, -2.25, 1234567.891, 1e-7, 1e22, 123456789.0, float("inf"), float("nan"), 0.1]
for spec in ["", "f", ".0f", ".3f", "e", ".2e", "E", "g", ".3g", "G", "#g", "#.3g", "%", ".1%", ",", ",.2f", "_.3f", "+.1f", " .1f", "10.2f", "<10.2f", "^10.1f", "=10.1f", "010.2f", "*>10", ".0e", "#.0f", "#.0e", "n", ".3n", "r"]:
    out = []
    for v in floats:
        try:
            out.append(format(v, spec))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), out)

strs = ["", "a", "héllo", "longer text"]
for spec in ["", "s", "5", "<5", ">5", "^5", "*^7", ".2", "5.1", "=5", "+", "d", ",", "#"]:
    out = []
    for v in strs:
        try:
            out.append(format(v, spec))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), out)

show("bool", lambda: [format(True), format(True, "d"), format(False, "5"), format(True, ">5"), f"{True:x}"])
show("none", lambda: format(None, ""))
show("none_err", lambda: format(None, "5"))
show("nested", lambda: "{:{}{}}".format(3.14159, ".", "2f"))
show("fstr_nested", lambda: [f"{3.14159:.{2}f}", f"{'x':{'>'}{5}}", f"{12:{'0'}{4}}"])
show("fstr_conv", lambda: [f"{'a'!r:>5}", f"{'é'!a}", f"{3!s:>3}", f"{[1]!r}"])
show("fstr_eq", lambda: [f"{1+1=}", f"{'x'=!r:>5}"])
show("fstr_braces", lambda: [f"{{}}", f"{{{1}}}", f"a{{b"])
show("str_format_misc", lambda: ["{0}{1}{0}".format("a", "b"), "{:d}".format(42), "{!r}".format("x"), "{0[1]}".format([5, 6]), "{0[k]}".format({"k": 9}), "{x.real}".format(x=5)])
show("str_format_err", lambda: "{0}{}".format(1, 2))
show("str_format_err2", lambda: "{}{0}".format(1, 2))
show("str_format_err3", lambda: "{".format())
show("str_format_err4", lambda: "}".format())
show("str_format_err5", lambda: "{!x}".format(1))
show("str_format_err6", lambda: "{5}".format(1))
show("int_with_precision", lambda: format(5, ".2"))
show("sign_on_str", lambda: format("x", "+"))
show("alt_on_str", lambda: format("x", "#"))
show("zero_pad_str", lambda: format("x", "05"))
show("grouping_both", lambda: format(1, ",_"))
show("c_range", lambda: format(-1, "c"))
show("c_sign", lambda: format(65, "+c"))
show("big_width", lambda: len(format(1, "1000")))
show("float_grouping_exp", lambda: [format(1e20, ","), format(123456.789, ",g"), format(12345678.9, ",e")])
show("int_float_spec", lambda: [format(3, "f"), format(3, ".1e"), format(10**20, "g"), format(3, "%")])
