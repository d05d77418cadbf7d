# The operator methods of int, float and complex: results, NotImplemented, and reflection.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("int_arith", lambda: [(7).__add__(3), (7).__sub__(3), (7).__mul__(3), (7).__truediv__(2), (7).__floordiv__(2), (7).__mod__(3), (7).__pow__(2), (7).__lshift__(2), (7).__rshift__(1), (6).__and__(3), (6).__or__(3), (6).__xor__(3)])
show("int_reflected", lambda: [(7).__radd__(3), (7).__rsub__(3), (2).__rpow__(3), (3).__rfloordiv__(10), (3).__rmod__(10)])
show("int_notimpl", lambda: [(7).__add__(1.5), (7).__mul__("a"), (7).__lt__(1.5), (7).__eq__("7")])
show("int_cmp", lambda: [(1).__lt__(2), (2).__le__(2), (3).__gt__(4), (3).__ge__(3), (3).__eq__(3), (3).__ne__(3)])
show("int_unary", lambda: [(5).__neg__(), (5).__pos__(), (-5).__abs__(), (5).__invert__(), (0).__bool__(), (5).__hash__()])
show("int_divmod", lambda: [(7).__divmod__(2), (7).__rdivmod__(20), (7).__divmod__(2.0)])
show("bool_dunders", lambda: [True.__add__(True), True.__and__(False), True.__or__(False), (True).__neg__()])
show("float_arith", lambda: [(1.5).__add__(1), (1.5).__radd__(1), (1.5).__sub__(0.5), (1.5).__rsub__(2), (3.0).__truediv__(2), (3.0).__rtruediv__(1), (7.5).__mod__(2), (2.0).__pow__(3), (2.0).__rpow__(3)])
show("float_notimpl", lambda: [(1.5).__add__(1j), (1.5).__add__("x"), (1.5).__eq__(None)])
show("float_cmp", lambda: [(1.5).__lt__(2), (1.5).__eq__(1.5), (2.0).__eq__(2), (1.5).__ge__(True)])
show("float_no_bitops", lambda: (1.5).__and__(1))
show("complex_arith", lambda: [(1j).__add__(1), (1j).__mul__(1j), (1j).__rsub__(1), (1j).__truediv__(2), (2j).__pow__(2)])
show("complex_cmp", lambda: [(1j).__eq__(1j), (1j).__ne__(0), (1j).__eq__("x")])
show("complex_no_lt", lambda: (1j).__lt__(1j))
show("zero_div_dunder", lambda: (1).__truediv__(0))
show("unbound", lambda: [int.__add__(2, 3), float.__mul__(2.0, 4), int.__neg__(3), float.__abs__(-2.5)])
show("unbound_type_err", lambda: int.__add__(2))
show("sum_via_dunder", lambda: sum([1, 2, 3], 0.5))
show("sorted_with_dunder", lambda: sorted([3, 1, 2], key=(5).__sub__))
show("map_dunder", lambda: list(map((10).__mul__, [1, 2, 3])))
