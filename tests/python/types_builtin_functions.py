# builtins functions: iteration helpers, min/max/sum, eval/exec/compile, hash, format, misc.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("zip", lambda: [list(zip("abc", range(5))), list(zip()), list(zip([1]))])
show("zip_strict_ok", lambda: list(zip("ab", [1, 2], strict=True)))
show("zip_strict", lambda: list(zip("abc", [1, 2], strict=True)))
show("zip_strict2", lambda: list(zip("a", [1, 2], strict=True)))
show("zip_strict3", lambda: list(zip("ab", [1, 2], (3,), strict=True)))
show("map", lambda: [list(map(abs, [-1, 2])), list(map(pow, [2, 3], [3, 2, 9])), list(map(lambda *a: a, "ab", "cd", "ef"))])
show("map_err", lambda: map(abs))
show("filter", lambda: [list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda x: x % 2, range(7)))])
show("enumerate", lambda: [list(enumerate("ab")), list(enumerate("ab", 10)), list(enumerate("ab", start=-1))])
show("sum", lambda: [sum([1, 2, 3]), sum([1, 2], 10), sum([[1], [2]], []), sum([0.1] * 10), sum((), start=5), sum([1.5, 2])])
show("sum_str", lambda: sum(["a", "b"], ""))
show("sum_err", lambda: sum([1, "a"]))
show("min_max", lambda: [min(3, 1, 2), max("abc"), min([], default=9), max([1, 5, 3], key=lambda x: -x), min("b", "a", key=str.upper), max([], key=len, default=None)])
show("min_empty", lambda: min([]))
show("max_empty", lambda: max([]))
show("min_err", lambda: min())
show("min_default_err", lambda: min(1, 2, default=0))
show("max_ties", lambda: [max([(1, "a"), (1, "b")], key=lambda t: t[0]), min([(1, "a"), (1, "b")], key=lambda t: t[0])])
show("sorted", lambda: [sorted("bca"), sorted([3, 1, 2], reverse=True), sorted({3: 0, 1: 0}), sorted([-3, 2, -1], key=abs)])
show("sorted_err", lambda: sorted([1, 2], None))
show("reversed", lambda: [list(reversed(range(5))), list(reversed("abc")), list(reversed([1, 2]))])
show("reversed_err", lambda: reversed({1, 2}))
def it_sentinel():
    data = [1, 2, 3, 0, 4]
    return list(iter(lambda: data.pop(0), 0))
show("iter_sentinel", it_sentinel)
show("iter_err", lambda: iter(5))
show("iter_callable_err", lambda: iter(5, 0))
show("next_default", lambda: [next(iter([]), "d"), next(iter([1]), "d")])
show("next_err", lambda: next([1]))
show("next_stop", lambda: next(iter([])))
show("any_all", lambda: [any([]), all([]), any([0, 1]), all([1, 0]), any(x > 2 for x in range(5))])
show("abs", lambda: [abs(-2), abs(-2.5), abs(0)])
show("abs_err", lambda: abs("x"))
show("divmod", lambda: [divmod(7, 3), divmod(-7.5, 2)])
show("round", lambda: [round(2.567, 2), round(5), round(-0.5)])
show("hash", lambda: [hash(0), hash(1), hash(-1), hash(-2), hash(2**61 - 1), hash(2**61), hash(2**100), hash(-2**100), hash(True), hash(None) == hash(None), hash("") , hash("a"), hash("hello"), hash(b"hello"), hash((1, 2, 3)), hash(1.5), hash(frozenset())])
show("hash_err", lambda: hash([]))
show("callable", lambda: [callable(len), callable(1), callable(int), callable(lambda: 0), callable("x".upper)])
show("format", lambda: [format(5), format(5, "03"), format("ab", "^6"), format(1.5, "08.3f"), format(None), format([1], "")])
show("format_err", lambda: format([1], "x"))
show("format_err2", lambda: format(5, "z"))
show("format_err3", lambda: format("a", "d"))
show("chr_ord", lambda: [chr(97), ord("é"), chr(0x10ffff) == "\U0010ffff"])
show("bin_oct_hex", lambda: [bin(10), oct(-10), hex(0)])
show("hex_err", lambda: hex(1.5))
show("eval", lambda: [eval("1 + 2"), eval("x * 2", {"x": 21}), eval("y", {}, {"y": 5}), eval("len('abc')")])
def syntax(f):
    try:
        f()
    except SyntaxError as e:
        return type(e).__name__, e.msg, e.lineno, e.offset, e.filename
show("eval_err", lambda: syntax(lambda: eval("1 2")))
show("eval_name", lambda: eval("undefined_name"))
def exec_test():
    g = {}
    exec("a = 1\ndef f(x):\n    return x + a\nb = f(41)", g)
    return g["b"], "__builtins__" in g, sorted(k for k in g if k != "__builtins__")
show("exec", exec_test)
show("exec_result", lambda: exec("1 + 1"))
def exec_locals():
    loc = {}
    exec("z = 5", {}, loc)
    return loc
show("exec_locals", exec_locals)
show("compile", lambda: [eval(compile("2 ** 8", "<s>", "eval")), type(compile("x = 1", "<s>", "exec")).__name__])
show("compile_err", lambda: syntax(lambda: compile("x = ", "<s>", "exec")))
show("compile_mode", lambda: compile("1", "<s>", "bogus"))
GLOBAL_ONE = 1
show("eval_main", lambda: [eval("GLOBAL_ONE + 1"), eval("__name__")])
exec("EXECED = GLOBAL_ONE * 10")
show("exec_main", lambda: EXECED)
class V:
    def __init__(self):
        self.a = 1
        self.b = 2
show("vars", lambda: vars(V()))
show("vars_err", lambda: vars(1))
show("dir_obj", lambda: [n for n in dir(V()) if not n.startswith("__")])
show("dir_list", lambda: [n for n in dir([]) if not n.startswith("_")])
show("isinstance", lambda: [isinstance(1, int), isinstance(True, (str, int)), isinstance(1, (str, (float, int))), issubclass(bool, int)])
show("isinstance_err", lambda: isinstance(1, 1))
show("getattr", lambda: [getattr(1, "real"), getattr(1, "nope", "dflt")])
show("getattr_err", lambda: getattr(1, "nope"))
show("id_eq", lambda: id(show) == id(show))
show("ascii", lambda: [ascii("é"), ascii([1, "ü"]), ascii("\U0001f600")])
show("repr", lambda: repr("x\ty"))
show("pow", lambda: [pow(2, 3), pow(2.0, -1), pow(2, -1)])
show("slice", lambda: [slice(3), slice(1, 5, 2), slice(None).indices(5), slice(1, 10, 3).indices(6), slice(-3, None, -1).indices(10)])
show("slice_attrs", lambda: [slice(1, 2, 3).start, slice(1, 2, 3).stop, slice(1, 2, 3).step, slice(1) == slice(1), slice(1) == slice(2)])
show("slice_err", lambda: slice(0, 5, 0).indices(3))
show("bool", lambda: [bool(), bool([]), bool("x"), bool(0.0), bool(None)])
show("type_names", lambda: [type(x).__name__ for x in (zip(), map(abs, []), filter(None, []), enumerate([]), iter([]), iter(()), range(1), iter(range(1)), {}.keys())])
show("builtins_names", lambda: sorted(n for n in ["aiter", "anext", "breakpoint", "input", "memoryview", "bytearray", "complex"] if hasattr(__builtins__, n)))
