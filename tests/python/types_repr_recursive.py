# repr/str of containers: recursion markers, nesting, user reprs inside builtins, errors inside.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def self_list():
    a = [1, 2]
    a.append(a)
    return repr(a), str(a)
show("self_list", self_list)
def self_dict():
    d = {"x": 1}
    d["self"] = d
    d["list"] = [d]
    return repr(d)
show("self_dict", self_dict)
def mutual():
    a, b = [], []
    a.append(b)
    b.append(a)
    return repr(a), repr(b)
show("mutual", mutual)
def tuple_holding_list():
    a = []
    t = (a,)
    a.append(t)
    return repr(t), repr(a)
show("tuple_cycle", tuple_holding_list)
def dict_values_cycle():
    d = {}
    d[1] = d.values()
    return repr(d)
show("values_view_cycle", dict_values_cycle)
class Node:
    def __init__(self, name, children=()):
        self.name = name
        self.children = list(children)
    def __repr__(self):
        return f"Node({self.name!r}, {self.children!r})"
show("user_repr_nested", lambda: repr([Node("a", [Node("b")]), {"k": Node("c")}]))
class Bad:
    def __repr__(self):
        raise ValueError("no repr")
show("user_repr_raises", lambda: repr([1, Bad()]))
class NotStr:
    def __repr__(self):
        return 5
show("repr_not_str", lambda: repr([NotStr()]))
show("deep_nesting", lambda: repr([[[[[[1]]]]]]))
show("set_repr_of_tuples", lambda: repr({(1, 2)}))
show("str_vs_repr_inside", lambda: [str(["a"]), str(("b",)), str({"c": "d"}), str({"e"})])
show("frozenset_in_set", lambda: repr({frozenset()}))
show("empty_containers", lambda: [repr([]), repr(()), repr({}), repr(set()), repr(frozenset()), repr(""), repr(b""), repr(bytearray())])
show("floats_in_containers", lambda: repr([0.1, 1e16, -0.0, float("inf")]))
show("bytes_in_containers", lambda: repr([b"x", bytearray(b"y"), "z"]))
show("complex_in_containers", lambda: repr([1j, (1 + 2j,)]))
show("range_in_containers", lambda: repr([range(3), slice(1, 2)]))
show("nested_quotes", lambda: repr(["it's", 'say "hi"', "both ' \""]))
