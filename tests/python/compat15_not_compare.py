# `not (a OP b)` for OP in is / is not / in / not in compiles as the inverted comparison (CPython's
# AST optimizer); other comparisons keep UNARY_NOT. Results, bytecode and the literal warning.
import dis
import warnings


def ops(f):
    return [(i.opname, i.argval) for i in dis.get_instructions(f)
            if i.opname in ("UNARY_NOT", "IS_OP", "CONTAINS_OP", "COMPARE_OP")]


def f_is(a, b):
    return not (a is b)


def f_is_not(a, b):
    return not (a is not b)


def f_in(a, b):
    return not (a in b)


def f_not_in(a, b):
    return not (a not in b)


def f_eq(a, b):
    return not (a == b)


def f_chain(a, b):
    return not (a is b is a)


def f_annotation():
    def f(x: not (int is int), /):
        pass
    return f.__annotations__


for f in (f_is, f_is_not, f_in, f_not_in, f_eq, f_chain):
    # A chained comparison is not folded (its UNARY_NOT placement is not compared here).
    shown = [op for op in ops(f) if f is not f_chain or op[0] != "UNARY_NOT"]
    print(f.__name__, shown, "UNARY_NOT" in [op for op, _ in ops(f)], [f(a, b) for a, b in ((1, [1]), (None, None), (2, (1, 2)), ("a", "abc"))
                               if f not in (f_in, f_not_in) or hasattr(b, "__contains__")])
print("annotation", f_annotation(), ops(f_annotation))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    compile("x = 1\nnot (x is 1)\nnot (x is not ())", "<compat15>", "exec")
print([(str(w.message), w.lineno) for w in caught])
