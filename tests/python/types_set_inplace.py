# In-place set operators and methods keep the object's identity; results' kinds; iteration order.
def show(label, f):
    try:
        r = f()
        print(label, repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def inplace(op):
    def f():
        s = {1, 2, 3, 4}
        alias = s
        if op == "|":
            s |= {5}
        elif op == "&":
            s &= frozenset({1, 2, 9})
        elif op == "-":
            s -= {1}
        elif op == "^":
            s ^= {1, 10}
        return sorted(s), alias is s, sorted(alias)
    return f
for op in "|&-^":
    show("inplace" + op, inplace(op))
def frozen_inplace():
    f = frozenset({1, 2})
    alias = f
    f |= {3}
    return sorted(f), alias is f, sorted(alias), type(f).__name__
show("frozen_inplace", frozen_inplace)
show("inplace_err", lambda: (lambda s: s.__ior__([1]))({1}) if False else None)
def inplace_list_err():
    s = {1}
    s |= [2]
show("inplace_list_err", inplace_list_err)
show("order_ints", lambda: [list({3, 1, 2}), list({10, 5, 100, 1}), list(set(range(20, 0, -3)))])
show("order_after_remove", lambda: (lambda s: (s.discard(2), list(s))[1])({1, 2, 3, 33, 65}))
show("update_methods_return", lambda: [set().update([1]), set().add(1), set().clear()])
show("copy_kinds", lambda: [type(set().copy()).__name__, type(frozenset().copy()).__name__, frozenset({1}).copy() is not None])
show("union_kinds", lambda: [type(set().union()).__name__, type(frozenset().union([1])).__name__, type({1} | frozenset()).__name__, type(frozenset() | {1}).__name__])
show("symmetric_update", lambda: (lambda s: (s.symmetric_difference_update([2, 5, 5]), sorted(s))[1])({1, 2, 3}))
show("intersection_update_multi", lambda: (lambda s: (s.intersection_update([1, 2, 3], {2, 3, 4}), sorted(s))[1])({1, 2, 3, 4}))
show("difference_update_multi", lambda: (lambda s: (s.difference_update([1], (2,)), sorted(s))[1])({1, 2, 3}))
show("methods_take_iterables", lambda: [sorted({1, 2}.union(range(3), "a")), sorted({1, 2}.difference(x for x in [1])), {1}.issubset(range(5)), {"a"}.issuperset("a")])
show("remove_missing", lambda: {1}.remove(2))
show("remove_set_key", lambda: (lambda s: (s.remove({1}), s)[1])({frozenset({1}), 2}))
show("pop_all", lambda: (lambda s: sorted([s.pop(), s.pop(), s.pop()]))({3, 1, 2}))
show("comprehension", lambda: sorted({x % 3 for x in range(10)}))
show("len_after_ops", lambda: [len({1, 2} | {2, 3}), len({1, 2} & {2, 3}), len({1, 2} - {2, 3}), len({1, 2} ^ {2, 3})])
show("bool_ops", lambda: [bool({0}), bool(set() | set())])
