# dict insertion order under updates, deletions, re-insertions, copies, merges and comprehensions.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def build():
    d = {}
    for i, k in enumerate("qwertyuiop"):
        d[k] = i
    return d
show("insertion", lambda: list(build()))
show("update_keeps_position", lambda: (lambda d: (d.update(w=100, z=5), list(d.items())[:3], list(d)[-1])[1:])(build()))
show("delete_reinsert", lambda: (lambda d: (d.pop("q"), d.__setitem__("q", -1), list(d)[-1], list(d)[0])[2:])(build()))
def many_deletions():
    d = {i: i for i in range(100)}
    for i in range(0, 100, 3):
        del d[i]
    for i in range(0, 100, 9):
        d[i] = "new"
    return list(d)[:10], list(d)[-5:], len(d)
show("many_deletions", many_deletions)
def popitem_order():
    d = build()
    return [d.popitem() for _ in range(3)], list(d)[-1]
show("popitem_lifo", popitem_order)
show("setdefault_order", lambda: (lambda d: (d.setdefault("x", 1), d.setdefault("a", 2), list(d))[2])({"a": 0}))
show("copy_order", lambda: list(build().copy())[:4])
show("merge_order", lambda: list({"b": 1, "a": 2} | {"c": 3, "b": 4}))
show("ior_order", lambda: (lambda d: (d.__ior__({"z": 0, "a": 9}), list(d.items()))[1])({"a": 1, "m": 2}))
show("comprehension_order", lambda: list({k: None for k in "banana"}))
show("fromkeys_order", lambda: list(dict.fromkeys("mississippi")))
show("equality_ignores_order", lambda: [{"a": 1, "b": 2} == {"b": 2, "a": 1}, list({"a": 1, "b": 2}) == list({"b": 2, "a": 1})])
show("int_keys_order", lambda: list({3: 0, 1: 0, 2: 0, -1: 0, 100: 0}))
show("mixed_keys", lambda: list({1: "a", "1": "b", 1.5: "c", (1,): "d", None: "e", True: "f"}.items()))
show("clear_then_insert", lambda: (lambda d: (d.clear(), d.__setitem__("n", 1), d)[2])(build()))
show("large", lambda: (lambda d: (len(d), sum(d.values()), list(d)[5000]))({i * 7 % 10007: i for i in range(10000)}))
show("del_during_build", lambda: (lambda d: [d.pop(k) for k in list(d) if k in "aeiou"] and list(d))(build()))
show("reversed_after_changes", lambda: (lambda d: (d.pop("e"), d.__setitem__("e", 0), list(reversed(d))[:3])[2])(build()))
show("kwargs_order", lambda: (lambda **kw: list(kw))(z=1, a=2, m=3))
show("dict_ctor_order", lambda: list(dict([("z", 1), ("a", 2)], m=3)))
