# dict: every method, views with set operations, merge operators, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def base():
    return {"a": 1, "b": 2, "c": 3}

show("get", lambda: [base().get("a"), base().get("z"), base().get("z", 0)])
show("setdefault", lambda: (lambda d: (d.setdefault("a", 9), d.setdefault("z", 9), d.setdefault("y"), d))(base()))
show("pop", lambda: (lambda d: (d.pop("a"), d.pop("z", None), d))(base()))
show("pop_err", lambda: base().pop("z"))
show("popitem", lambda: (lambda d: (d.popitem(), d.popitem(), d))(base()))
show("popitem_err", lambda: {}.popitem())
show("update", lambda: (lambda d: (d.update({"a": 10}, x=5), d.update([("q", 1)]), d))(base()))
show("update_err", lambda: base().update([1]))
show("update_err2", lambda: base().update([(1, 2, 3)]))
show("update_err3", lambda: base().update(5))
show("copy", lambda: (lambda d: (d.copy(), d.copy() is d))(base()))
show("clear", lambda: (lambda d: (d.clear(), d))(base()))
show("fromkeys", lambda: [dict.fromkeys("abc"), dict.fromkeys([1, 2], 0), dict.fromkeys(range(3), [])])
show("keys", lambda: [list(base().keys()), list(base().values()), list(base().items())])
show("views_repr", lambda: [repr(base().keys()), repr(base().values()), repr(base().items())])
show("keys_setops", lambda: [base().keys() & {"a", "z"}, sorted(base().keys() | {"z"}), sorted(base().keys() - {"a"}), sorted(base().keys() ^ {"a", "z"})])
show("items_setops", lambda: [base().items() & {("a", 1), ("b", 0)}, sorted(base().items() - {("a", 1)})])
show("keys_cmp", lambda: [base().keys() == {"a", "b", "c"}, base().keys() < {"a", "b", "c", "d"}, base().keys().isdisjoint({"x"})])
show("view_contains", lambda: ["a" in base().keys(), ("a", 1) in base().items(), ("a", 2) in base().items(), 2 in base().values()])
show("view_len", lambda: [len(base().keys()), len(base().values()), len(base().items())])
show("reversed", lambda: [list(reversed(base())), list(reversed(base().keys())), list(reversed(base().values())), list(reversed(base().items()))])
show("merge", lambda: [base() | {"a": 0, "z": 26}, {"x": 1} | base()])
show("merge_err", lambda: base() | [("a", 1)])
def imerge():
    d = base()
    d |= {"z": 0}
    d |= [("y", 1)]
    return d
show("imerge", imerge)
show("eq", lambda: [base() == {"c": 3, "b": 2, "a": 1}, base() != base(), {1: 1} == {1.0: 1}, {} == []])
show("cmp_err", lambda: {} < {})
show("getitem_err", lambda: base()["z"])
show("getitem_tuple_err", lambda: {}[(1, 2)])
show("unhashable", lambda: {[1]: 2})
show("unhashable_get", lambda: base().get([1]))
show("unhashable_in", lambda: [1] in base())
show("ctor", lambda: [dict(), dict(a=1), dict([("a", 1)], b=2), dict({"a": 1}), dict(zip("ab", range(2)))])
show("ctor_err", lambda: dict([1, 2]))
show("ctor_err2", lambda: dict(1))
show("ctor_err3", lambda: dict({}, {}))
show("repr", lambda: [repr({}), repr({1: "a", "b": [1]}), str({(1, 2): None})])
def recursive():
    d = {}
    d["self"] = d
    return repr(d)
show("recursive", recursive)
def mutation_during_iteration():
    d = base()
    for k in d:
        d["new"] = 1
show("mutate_iter", mutation_during_iteration)
def order():
    d = {}
    for k in "hello world":
        d[k] = d.get(k, 0) + 1
    del d["l"]
    d["l"] = 0
    return list(d.items())
show("order", order)
show("len", lambda: [len({}), len(base())])
show("in", lambda: ["a" in base(), "z" not in base(), 1 in {1.0: 0}, True in {1: 0}])
show("iter", lambda: [k for k in base()])
show("hash_dict", lambda: hash({}))
show("keys_type", lambda: [type(base().keys()).__name__, type(base().values()).__name__, type(base().items()).__name__])
def del_missing():
    d = base()
    del d["zz"]
show("del_missing", del_missing)
show("get_args", lambda: base().get())
show("values_eq", lambda: base().values() == base().values())
show("int_keys", lambda: {1: "a", 1.0: "b", True: "c"})
show("nested", lambda: {"a": {"b": {"c": [1, 2, {"d": ()}]}}})
show("dict_comp", lambda: {k: v for k, v in zip("abc", range(3)) if v != 1})
