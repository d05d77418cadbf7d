# list and tuple: every method and operator, slicing with steps, sort, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def mutate(f):
    def run():
        a = list(range(10))
        r = f(a)
        return a if r is None else (a, r)
    return run

show("append", mutate(lambda a: a.append(10)))
show("extend", mutate(lambda a: a.extend("ab")))
show("extend_self", mutate(lambda a: a.extend(a)))
show("insert", mutate(lambda a: [a.insert(0, "x"), a.insert(-1, "y"), a.insert(100, "z"), a.insert(-100, "w")]))
show("pop", mutate(lambda a: [a.pop(), a.pop(0), a.pop(-2)]))
show("pop_err", mutate(lambda a: a.pop(20)))
show("pop_empty", lambda: [].pop())
show("remove", mutate(lambda a: a.remove(5)))
show("remove_err", mutate(lambda a: a.remove(50)))
show("index", mutate(lambda a: [a.index(3), a.index(3, 2), a.index(3, -8, -6)]))
show("index_err", mutate(lambda a: a.index(3, 5)))
show("count", lambda: [1, 2, 1, 1.0, True].count(1))
show("reverse", mutate(lambda a: a.reverse()))
show("clear", mutate(lambda a: a.clear()))
show("copy", mutate(lambda a: a.copy() is a))
show("sort", lambda: sorted([3, 1, 2, 5, 4], reverse=True))
show("sort_key", lambda: sorted(["bb", "a", "ccc", "dd"], key=len))
show("sort_stable", lambda: sorted([(1, "b"), (0, "a"), (1, "a"), (0, "b")], key=lambda t: t[0]))
show("sort_stable_rev", lambda: sorted([(1, "b"), (0, "a"), (1, "a"), (0, "b")], key=lambda t: t[0], reverse=True))
show("sort_mixed", lambda: sorted([1, "a"]))
show("sort_method", mutate(lambda a: a.sort(key=lambda x: -x)))
show("sort_pos", lambda: [3, 1].sort(lambda x: x))
show("sort_none", lambda: [3, 1, 2].sort() is None)
show("slice_get", lambda: [list(range(10))[::3], list(range(10))[8:2:-2], list(range(10))[-3:], list(range(10))[100:]])
def setslice(s, v):
    def f(a):
        a[s] = v
    return f
def delslice(s):
    def f(a):
        del a[s]
    return f
show("slice_set", mutate(setslice(slice(2, 5), "xy")))
show("slice_set_step", mutate(setslice(slice(0, 10, 3), "abcd")))
show("slice_set_step_err", mutate(setslice(slice(0, 10, 3), "ab")))
show("slice_set_err", mutate(setslice(slice(0, 2), 5)))
show("slice_set_self", mutate(setslice(slice(2, 4), list("xyz"))))
show("slice_del", mutate(delslice(slice(1, 8, 2))))
show("slice_del_neg", mutate(delslice(slice(None, None, -3))))
def sliceops():
    a = list(range(8))
    a[1:3] = []
    a[::2] = [0, 0, 0]
    del a[-2:]
    a[len(a):] = [9, 9]
    a[:0] = ["s"]
    return a
show("slice_ops", sliceops)
def setitem_errs():
    a = [1, 2]
    out = []
    for k in (5, "x", 1.5):
        try:
            a[k] = 0
        except Exception as e:
            out.append((type(e).__name__, str(e)))
    try:
        del a[7]
    except Exception as e:
        out.append((type(e).__name__, str(e)))
    return out
show("setitem_errs", setitem_errs)
show("getitem_errs", lambda: [1][3])
key = "a"
show("getitem_type", lambda: [1][key])
show("ops", lambda: [[1, 2] + [3], [1] * 3, 2 * [0], [1, 2] * 0, [1] * -1])
show("add_err", lambda: [1] + (2,))
show("mul_err", lambda: [1] * 1.5)
def iadd():
    a = [1]
    a += (2, 3)
    a += "ab"
    a *= 2
    return a
show("iadd", iadd)
show("cmp", lambda: [[1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 9], [1, 2] == [1, 2], [1] != [1.0], [[1]] < [[2]]])
show("cmp_err", lambda: [1] < ["a"])
show("cmp_err2", lambda: [1] < (1,))
show("contains", lambda: [2 in [1, 2], 3 not in [1, 2], 2.0 in [1, 2]])
def recursive():
    a = [1]
    a.append(a)
    d = {"k": a}
    a.append(d)
    return repr(a), str(d)
show("recursive", recursive)
show("tuple", lambda: [(1, 2) + (3,), (1,) * 3, (1, 2).index(2), (1, 1).count(1), (1, 2) < (1, 3), () == (), (1,) == [1]])
show("tuple_index_err", lambda: (1, 2).index(3))
show("tuple_hash", lambda: [hash((1, 2)), hash(()), hash((1, (2, 3))), hash((1.5, "a")) == hash((1.5, "a"))])
show("tuple_unhashable", lambda: hash((1, [2])))
show("tuple_repr", lambda: [repr((1,)), repr(()), repr((1, "a", None)), str(((1,),))])
show("list_ctor", lambda: [list(), list("abc"), list((1, 2)), list({1: 2}), list(range(3)), list(x for x in "ab")])
show("list_ctor_err", lambda: list(5))
show("tuple_ctor", lambda: [tuple(), tuple([1]), tuple("ab")])
show("len", lambda: [len([]), len([1, 2]), len(()), len((1,))])
show("reversed", lambda: [list(reversed([1, 2, 3])), tuple(reversed((1, 2)))])
show("unhashable", lambda: hash([1]))
show("list_eq_other", lambda: [[1] == 1, [] == ()])
show("enumerate_list", lambda: list(enumerate(["a", "b"], start=5)))
show("nested_sort", lambda: sorted([[2, 1], [1, 2], [1, 1]]))
show("min_max", lambda: [min([3, 1, 2]), max([3, 1, 2]), min("bca"), max([1, 2], [1, 3])])
def exec_iadd():
    a = [1]
    a += 5
show("list_iadd_err", exec_iadd)
