# Comparisons across builtin types: numbers of every kind, sequences, sets, chains, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("int_float", lambda: [1 == 1.0, 1 < 1.5, 2**53 + 1 > 2.0**53, 2**53 + 1 == 2.0**53, -0.0 == 0, 10**30 > 1e30, 10**30 < 1.0000000000000001e30])
show("nan", lambda: [float("nan") == float("nan"), float("nan") < 1, 1 < float("nan"), float("nan") != 1])
show("nan_identity", lambda: (lambda n: [n == n, [n] == [n], (n,) == (n,), n in [n]])(float("nan")))
show("inf", lambda: [float("inf") > 10**400, -float("inf") < -10**400, float("inf") == float("inf")])
show("bool_num", lambda: [True == 1.0, False < 0.5, True == 1 + 0j])
show("strings", lambda: ["a" < "b", "B" < "a", "abc" < "abd", "ab" < "abc", "" < "a", "é" > "z", "Z" < "a"])
show("bytes", lambda: [b"a" < b"b", b"ab" < b"abc", b"\xff" > b"\x00", b"a" == b"a"])
show("lists", lambda: [[1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [[]], [[1]] < [[1, 0]], [1, "a"] < [2, "b"], [1] == [1.0]])
show("tuples", lambda: [(1, 2) < (1, 3), () < (0,), (1, (2, 3)) < (1, (2, 4)), (1,) == (1.0,), (0, "x") < (1,)])
show("short_circuit_mixed", lambda: [(1, "a") < (2, 0), [0, "x"] < [1, 5]])
show("mixed_err", lambda: (1, "a") < (1, 0))
show("list_tuple_eq", lambda: [[1] == (1,), (1,) != [1]])
show("list_tuple_order_err", lambda: [1] < (1,))
show("sets", lambda: [{1} < {1, 2}, {1, 2} <= {1, 2}, {1} > set(), {1} == frozenset({1}), {1, 2} > {3}, {1, 2} >= {1}])
show("dicts", lambda: [{1: 2} == {1: 2}, {1: 2} != {1: 3}, {} == {}, {1: [1]} == {1: [1]}])
show("dict_order_err", lambda: {1: 2} < {1: 3})
show("chains", lambda: [1 < 2 < 3, 1 < 3 < 2, 1 == 1.0 == True, "a" < "b" > "a", 3 > 2 >= 2 > 1])
show("chain_eval_once", lambda: (lambda calls: (1 < (calls.append(1) or 2) < 3, calls))([]))
show("identity_vs_eq", lambda: (lambda a: [a is a, a == a[:], a is a[:]])([1]))
show("in_uses_eq", lambda: [1.0 in [1], "1" in [1], (1, 2) in [(1, 2)], [] in [[]]])
show("none_cmp_err", lambda: None > 0)
show("str_int_err", lambda: "1" < 1)
show("complex_err", lambda: 1j > 0)
show("type_err_names", lambda: [1, 2] > "ab")
class Cmp:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < (other.v if isinstance(other, Cmp) else other)
    def __eq__(self, other):
        return isinstance(other, Cmp) and self.v == other.v
    __hash__ = None
show("user_lt", lambda: [Cmp(1) < Cmp(2), Cmp(1) < 5, 5 > Cmp(1), sorted([Cmp(3), Cmp(1)])[0].v, max([Cmp(1), Cmp(3)], key=lambda c: c.v).v])
show("user_reflected_gt", lambda: Cmp(1) > Cmp(0))
show("user_in_list", lambda: [Cmp(2) in [Cmp(1), Cmp(2)], [Cmp(1)] == [Cmp(1)]])
