# divmod, //, % and round(): signs, floats, big ints, ndigits, half-even, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

pairs = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (6, 3), (2**70 + 1, 3), (-(2**70), 7), (7, 2**70), (-7, 2**70)]
show("int_divmod", lambda: [divmod(a, b) for a, b in pairs])
show("int_floordiv_mod", lambda: [(a // b, a % b) for a, b in pairs])
fpairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (0.0, 3), (-0.0, 3), (1e308, 1e-308), (5, 0.3), (1, float("inf")), (-1, float("inf"))]
show("float_divmod", lambda: [divmod(a, b) for a, b in fpairs])
show("float_mod_signs", lambda: [math_mod for math_mod in [-0.0 % 5, 0.0 % -5, -1e-300 % 1]])
show("divmod_zero", lambda: divmod(5, 0))
show("divmod_float_zero", lambda: divmod(5.0, 0.0))
show("divmod_int_float_zero", lambda: divmod(5, 0.0))
show("mod_zero", lambda: 5 % 0)
show("fmod_zero", lambda: 5.0 % 0)
show("floordiv_float_zero", lambda: 5 // 0.0)
show("divmod_type_err", lambda: divmod("a", 1))
show("divmod_complex_err", lambda: divmod(1j, 1))
show("round_int", lambda: [round(5), round(15, -1), round(25, -1), round(-25, -1), round(149, -2), round(150, -2), round(250, -2), round(12345, -10), round(7, 3), round(2**70 + 5, -1)])
show("round_float", lambda: [round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(0.49999999999999994), round(1e16 + 1)])
show("round_ndigits", lambda: [round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2), round(123.456, -2), round(-123.456, 1), round(5e-324, 400), round(1.23456789e300, -299)])
show("round_types", lambda: [type(round(1.5)).__name__, type(round(1.5, 1)).__name__, type(round(7, 1)).__name__, type(round(True)).__name__])
show("round_none", lambda: [round(2.5, None), round(3, None)])
show("round_bool", lambda: [round(True), round(False, 2)])
show("round_inf_nd", lambda: [round(float("inf"), 2), round(float("nan"), 1)])
show("round_err_inf", lambda: round(float("-inf")))
show("round_err_type", lambda: round("1.5"))
show("round_err_nd_type", lambda: round(1.5, 1.0))
show("round_big_ndigits", lambda: [round(1.5, 10**6), round(1.5, -(10**6)), round(123, -(10**6))])
class R:
    def __round__(self, n=None):
        return ("rounded", n)
show("round_dunder", lambda: [round(R()), round(R(), 3)])
show("int_truediv_round", lambda: [(2**53 + 1) / 1, 1 / 3, -(10**20) / 3, (10**30 + 1) / 10**15])
