# dict views: live views, set operations with any iterable, comparisons, reversed, repr, mutation.
def show(label, f):
    try:
        r = f()
        if isinstance(r, (set, frozenset)):
            r = ("set", sorted(r, key=repr))
        print(label, repr(r))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
show("live", lambda: (lambda: (d.__setitem__("z", 26), list(k), list(v), list(it), d.pop("z"), len(k))[1:])())
show("keys_ops", lambda: [k & {"a", "q"}, k | ["q"], k - "ab", k ^ ("a", "x")])
show("keys_ops_reflected", lambda: [{"a", "q"} & k, ["q"] | k if False else 0, {"x"} - k, {"a"} ^ k])
show("items_ops", lambda: [it & {("a", 1)}, it - {("a", 1), ("b", 2)}, it | {("z", 0)}])
show("keys_cmp", lambda: [k == {"a", "b", "c"}, k == ["a", "b", "c"], k <= {"a", "b", "c", "d"}, k > {"a"}, k < k, k >= d.keys()])
show("items_cmp", lambda: [it == {("a", 1), ("b", 2), ("c", 3)}, it != set()])
show("values_eq", lambda: [v == v, d.values() == d.values(), list(v) == [1, 2, 3]])
show("isdisjoint", lambda: [k.isdisjoint(["x"]), k.isdisjoint("a"), it.isdisjoint([("a", 2)])])
show("contains", lambda: ["a" in k, 1 in v, ("a", 1) in it, ("a", 9) in it, "zz" not in k])
show("contains_unhashable", lambda: [[1] in k])
show("contains_unhashable_items", lambda: ([1], 2) in it)
show("reversed", lambda: [list(reversed(k)), list(reversed(v)), list(reversed(it)), list(reversed(d))])
show("repr", lambda: [repr({}.keys()), repr({1: [2]}.values()), repr({(1,): None}.items())])
show("len_bool", lambda: [len(k), bool({}.keys()), bool(v)])
def mutate_keys():
    dd = {1: 1, 2: 2}
    for key in dd.keys():
        dd[key + 10] = 0
show("mutate_keys", mutate_keys)
def mutate_values():
    dd = {1: 1, 2: 2}
    for _ in dd.values():
        del dd[2]
show("mutate_values", mutate_values)
def mutate_same_size():
    dd = {1: 1, 2: 2}
    out = []
    for key in dd:
        out.append(key)
        dd[key] = 5
    return out, dd
show("mutate_same_size", mutate_same_size)
def reversed_mutation():
    dd = {1: 1, 2: 2}
    for key in reversed(dd):
        dd[3] = 3
show("reversed_mutation", reversed_mutation)
show("unpack_items", lambda: [f"{key}={val}" for key, val in d.items()])
show("sorted_views", lambda: [sorted(k, reverse=True), sorted(v), sorted(it, key=lambda p: -p[1])])
show("view_types", lambda: [type(k).__name__, type(v).__name__, type(it).__name__])
show("dict_from_items", lambda: dict(it) == d)
show("set_of_view", lambda: set(k) == {"a", "b", "c"})
show("views_unhashable", lambda: hash(k))
