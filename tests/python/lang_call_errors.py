# argument binding: positional-only, keyword-only, defaults, *args, **kwargs and CPython's errors
def f(a, b, /, c, d=4, *args, e, f=6, **kwargs):
    return (a, b, c, d, args, e, f, kwargs)

print(f(1, 2, 3, e=5))
print(f(1, 2, c=3, e=5, z=9))
print(f(1, 2, 3, 4, 5, 6, e=7, f=8, g=9))

def attempt(label, fn, *args, **kwargs):
    try:
        print(label, fn(*args, **kwargs))
    except TypeError as e:
        print(label, type(e).__name__, e)

attempt("missing e", f, 1, 2, 3)
attempt("posonly as kw", f, 1, b=2, c=3, e=5)
attempt("missing c", f, 1, 2, e=5)
attempt("dup c", f, 1, 2, 3, c=3, e=5)
attempt("too few", f, 1)

def g(a, b=2):
    return (a, b)
attempt("too many", g, 1, 2, 3)
attempt("unexpected", g, 1, x=3)
attempt("multiple", g, 1, a=1)
attempt("missing a", g)
attempt("missing two", lambda x, y, z: 0)
attempt("missing three", lambda x, y, z: 0, 1)

def h(*, only):
    return only
attempt("kwonly positional", h, 1)
attempt("kwonly missing", h)
attempt("kwonly two missing", lambda *, a, b: 0)

def p(a, b, /):
    return a + b
attempt("posonly kw", p, 1, b=2)
attempt("posonly kws", p, a=1, b=2)

def no_args():
    return "none"
attempt("no args", no_args, 1)
attempt("no args kw", no_args, x=1)

def defaults(a, b=1, *, c, d=2):
    return (a, b, c, d)
attempt("too many with kwonly", defaults, 1, 2, 3, c=4)
attempt("ok", defaults, 1, c=3)

# unpacking in calls
args = (1, 2, 3)
kwargs = {"e": 5, "z": 0}
print(f(*args, **kwargs))
print(f(*[1, 2], *[3], e=1, **{"f": 2}))
def thunk(label, body):
    try:
        print(label, body())
    except TypeError as e:
        print(label, type(e).__name__, e)
thunk("star non-iterable", lambda: g(*5))
thunk("double-star non-mapping", lambda: g(**[1]))
thunk("double-star dup", lambda: g(1, **{"a": 2}))
thunk("double-star non-str key", lambda: g(**{1: 2}))
thunk("double-star repeated", lambda: (lambda **k: k)(**{"a": 1}, **{"a": 2}))

# methods count self
class C:
    def m(self, x):
        return x
attempt("method too many", C().m, 1, 2)
attempt("method missing", C().m)
attempt("unbound method missing self", C.m)

# calling non-callables
attempt("call int", 5)
attempt("call None", None)

# **kwargs keeps order, *args is a tuple
def collect(*args, **kwargs):
    return type(args).__name__, args, kwargs
print(collect(3, 1, b=2, a=1))

# keyword argument names that are also builtins
def kw(list=None, dict=None):
    return list, dict
print(kw(dict=1, list=2))
