# MAKE_FUNCTION in domain code (functions made in loops, closures, defaults, docstrings,
# __module__ from the globals, annotations through the residual path).
"""doc"""
def outer(k):
    def f(a, b=k, *, c=2):
        "fdoc"
        return a + b + c
    return f
fs = [outer(i) for i in range(300)]
print(fs[5](1), fs[299].__defaults__, fs[3].__kwdefaults__, fs[1].__doc__, fs[2].__module__, fs[7].__name__, fs[7].__qualname__)
def ann(x: int) -> str: pass
print(ann.__annotations__)
g = {"__name__": "mod"}
exec("def h(): return 1\nprint(h.__module__)", g)
exec("def h(): return 1\nprint(h.__module__)", {})
t = 0
for i in range(1000):
    t += (lambda x, y=i: x + y)(1) + sum(j for j in range(i % 5))
print(t)
