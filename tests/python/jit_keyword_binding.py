# Calls with keyword arguments, keyword-only parameters and their defaults, *args, positional-only
# parameters, bound in the trace (and the binding errors the general path raises), in hot loops.
def f(a, b=2, *, c=3, d=4):
    return (a, b, c, d)
def g(*args, k=1):
    return args, k
def h(x, /, y, z=9):
    return x, y, z
class C:
    def m(self, p, q=5, *, r):
        return p, q, r
def show(fn):
    try:
        return fn()
    except TypeError as e:
        return "TypeError: %s" % e
out = []
c = C()
for i in range(3000):
    out.append(f(i, c=i))
    out.append(f(a=i, b=1))
    out.append(f(i, d=i, c=2))
    out.append(g(i, i + 1, k=i))
    out.append(g())
    out.append(h(i, z=1, y=2))
    out.append(c.m(i, r=i))
    out.append(c.m(p=i, q=1, r=2))
    if i % 500 == 0:
        out.append(show(lambda: f(i, a=1)))
        out.append(show(lambda: f(i, e=1)))
        out.append(show(lambda: h(x=1, y=2)))
        out.append(show(lambda: c.m(i)))
        out.append(show(lambda: f(1, 2, 3)))
        out.append(show(lambda: g(1, k=2, j=3)))
print(len(out), out[:40], out[-40:])
print(sum(len(repr(x)) for x in out))
def kwd(n):
    def inner(a, *, flag=False):
        return a if flag else -a
    s = 0
    for i in range(n):
        s += inner(i, flag=i % 2 == 0)
        s += inner(i)
    return s
print(kwd(5000))
for i in range(3):
    def closure(a, *, k=i):
        return a + k
    print([closure(j) for j in range(300)][-3:], [closure(j, k=1) for j in range(300)][-3:])

def star_then_keyword_only(*items, repeat=1, sep="-"):
    return sep.join(map(str, items * repeat))

for i in range(400):
    r = (star_then_keyword_only(i, i + 1), star_then_keyword_only(i, repeat=2), star_then_keyword_only(sep="+"),
         star_then_keyword_only(1, 2, 3, sep=":", repeat=i % 3))
print(r)
