# None, NotImplemented, Ellipsis and bools: repr, truth, identity, comparisons, types, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("reprs", lambda: [repr(None), str(None), repr(NotImplemented), repr(Ellipsis), repr(...), str(...), repr(True), str(False)])
show("types", lambda: [type(None).__name__, type(NotImplemented).__name__, type(...).__name__, type(True).__name__])
show("identity", lambda: [... is Ellipsis, None is None, type(None)() is None, type(...)() is ..., type(NotImplemented)() is NotImplemented, bool() is False, bool(1) is True])
show("truth", lambda: [bool(None), bool(...), bool(True), bool(False), not None])
show("eq", lambda: [None == None, None == 0, None != False, ... == ..., True == 1, False == 0.0, True == 1 + 0j])
show("order_err", lambda: None < None)
show("order_err2", lambda: None < 1)
show("order_err3", lambda: ... > ...)
show("bool_order", lambda: [True > False, False < 1, True >= 1.0, sorted([True, False, 2, -1])])
show("bool_arith", lambda: [True + True, True - False, True * 10, True / 2, True // 1, True % 2, True ** 2, -True, +True, ~False, abs(True)])
show("bool_bits", lambda: [True & True, True | False, True ^ True, False ^ False, True & 3, 2 | True, True << 2])
show("bool_types", lambda: [type(True & False).__name__, type(True + 0).__name__, type(True & 1).__name__, type(-True).__name__])
show("bool_str_ops", lambda: ["x" * True, [0] * False, "abc"[True]])
show("bool_ctor", lambda: [bool(0), bool(""), bool([0]), bool(0.0), bool(0j), bool(range(0)), bool(...)])
show("bool_ctor_err", lambda: bool(1, 2))
show("bool_subclass", lambda: [isinstance(True, int), issubclass(bool, int), True.real, True.numerator])
show("bool_format", lambda: [f"{True}", f"{True:d}", f"{False:>6}", "%s %d %r" % (True, True, False), format(True, "")])
show("none_attr_err", lambda: None.foo)
nothing = None
show("none_call_err", lambda: nothing())
show("none_index_err", lambda: nothing[0])
show("none_iter_err", lambda: list(None))
show("none_len_err", lambda: len(None))
show("none_arith_err", lambda: None + 1)
show("hash_eq", lambda: [hash(True) == hash(1), hash(False) == hash(0), hash(...) == hash(...)])
show("in_containers", lambda: [None in [0, None], ... in (1, ...), True in {1}, 1 in {True: "t"}])
show("dict_keys_bool_int", lambda: {True: "a", 1: "b", 1.0: "c", False: "d", 0: "e"})
