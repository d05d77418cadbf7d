# set and frozenset: every method, operators and in-place variants, hashing, errors.
def show(label, f):
    try:
        r = f()
        if isinstance(r, (set, frozenset)):
            r = (type(r).__name__, sorted(r))
        print(label, repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

a = {1, 2, 3, 4}
b = {3, 4, 5}
show("union", lambda: a.union(b, [9]))
show("intersection", lambda: a.intersection(b, range(4)))
show("difference", lambda: a.difference(b, [1]))
show("symmetric_difference", lambda: a.symmetric_difference(b))
show("sym_diff_list", lambda: a.symmetric_difference([1, 9]))
show("ops", lambda: [sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b)])
show("op_err", lambda: a | [1])
show("op_err2", lambda: a - 1)
show("isdisjoint", lambda: [a.isdisjoint(b), a.isdisjoint([7, 8]), a.isdisjoint(x for x in [1])])
show("issubset", lambda: [{1}.issubset(a), a.issubset([1, 2, 3, 4]), a.issubset({1})])
show("issuperset", lambda: [a.issuperset({1, 2}), a.issuperset([5]), a.issuperset(range(1, 4))])
show("cmp", lambda: [{1} < a, a <= a, a < a, a > {1}, a >= {9}, a == {4, 3, 2, 1}, a != b, {1} == frozenset({1})])
show("cmp_err", lambda: a < [1])
def inplace():
    s = {1, 2, 3}
    s |= {4}
    s &= {1, 2, 4, 5}
    s -= {1}
    s ^= {2, 7}
    return s
show("inplace", inplace)
def inplace_methods():
    s = {1, 2, 3}
    s.update([4], "a")
    s.intersection_update([1, 2, 4, "a", 9])
    s.difference_update({1}, [2])
    s.symmetric_difference_update({4, 8})
    return sorted(s, key=str)
show("inplace_methods", inplace_methods)
def add_remove():
    s = set()
    s.add(1)
    s.add(1)
    s.discard(2)
    s.remove(1)
    try:
        s.remove(3)
    except KeyError as e:
        return ("KeyError", e.args)
show("add_remove", add_remove)
show("pop", lambda: {5}.pop())
show("pop_err", lambda: set().pop())
show("copy_clear", lambda: (lambda s: (s.copy(), s.clear(), s))({1, 2}))
show("frozenset", lambda: frozenset([1, 2, 2]))
show("frozenset_ops", lambda: [type(frozenset({1}) | {2}).__name__, type({2} | frozenset({1})).__name__, type(frozenset({1}).copy()).__name__])
show("frozenset_methods", lambda: [sorted(frozenset({1, 2}).union({3})), sorted(frozenset({1, 2}).difference({1})), sorted(frozenset({1, 2}).symmetric_difference({2, 3})), frozenset({1}).isdisjoint({2}), frozenset({1}).issuperset(set())])
show("frozenset_hash", lambda: [hash(frozenset()), hash(frozenset({1, 2, 3})), hash(frozenset({1, 2})) == hash(frozenset({2, 1}))])
show("frozenset_key", lambda: {frozenset({1}): "a"}[frozenset([1])])
show("set_in_set", lambda: {frozenset({1}), frozenset({1})})
show("unhashable_set", lambda: hash({1}))
show("unhashable_elem", lambda: {[1]})
show("unhashable_in", lambda: [1] in {1})
show("set_in_set_lookup", lambda: {1} in {frozenset({1})})
show("repr", lambda: [repr(set()), repr({1}), repr(frozenset()), repr(frozenset({1})), repr({(1, 2)})])
show("ctor", lambda: [set("aab"), set(range(3)), set({1: 2}), frozenset("ab")])
show("ctor_err", lambda: set(1))
show("len", lambda: [len(set()), len(a), 2 in a, 9 not in a])
show("remove_unhashable", lambda: a.remove([1]))
show("discard_set", lambda: (lambda s: (s.discard({1}), s))({frozenset({1}), 2}))
show("add_err", lambda: frozenset().add(1))
show("equal_mixed", lambda: [{1, 2.0} == {1.0, 2}, {True} == {1}])
show("method_arg_err", lambda: a.add())
show("update_err", lambda: set().update(1))
show("bool", lambda: [bool(set()), bool({0})])
def mutate_iter():
    s = {1, 2}
    for x in s:
        s.add(x + 10)
show("mutate_iter", mutate_iter)
show("strings_order", lambda: sorted({"b", "a", "c"}))
show("iter_order_ints", lambda: list({5, 3, 1, 100, 64, 33}))
