# A loop compiled for one kind of list (ints) that then runs on others (floats, mixed,
# objects): the JIT traces new versions of the loop; results must not change.

def weighted(i, u):
    total = 0
    for j, u_j in enumerate(u):
        total += u_j / (i + j + 1)
    return total

def dot(a, b):
    s = 0
    for x, y in zip(a, b):
        s += x * y
    return s

class Num:
    def __init__(self, v):
        self.v = v
    def __mul__(self, other):
        return Num(self.v * (other.v if isinstance(other, Num) else other))
    __rmul__ = __mul__
    def __truediv__(self, k):
        return Num(self.v / k)
    def __radd__(self, other):
        return Num(other + self.v)
    def __add__(self, other):
        return Num(self.v + (other.v if isinstance(other, Num) else other))

def run(u):
    return [weighted(i, u) for i in range(len(u))]

ints = [1] * 120
floats = [1.0 + k / 7.0 for k in range(120)]
mixed = [k if k % 3 else k + 0.5 for k in range(120)]
big = [10 ** 20 + k for k in range(120)]
bools = [k % 2 == 0 for k in range(120)]

for rnd in range(3):
    for name, u in (("ints", ints), ("floats", floats), ("mixed", mixed), ("big", big), ("bools", bools)):
        r = run(u)
        print(rnd, name, repr(sum(r)), repr(r[0]), repr(r[-1]))
        print(rnd, name, "dot", repr(dot(u, u)), repr(dot(u, floats)))

objs = [Num(k) for k in range(60)]
r = run(objs)
print("objs", r[0].v, r[-1].v)
print("objs dot", dot(objs, ints[:60]).v)

# The spectral norm pattern: the first call gets ints, all later ones floats.
def eval_A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)

def times_u(u):
    out = []
    for i in range(len(u)):
        s = 0
        for j, u_j in enumerate(u):
            s += eval_A(i, j) * u_j
        out.append(s)
    return out

u = [1] * 80
for _ in range(6):
    v = times_u(u)
    u = times_u(v)
print(repr(sum(u)), repr(u[0]), repr(u[-1]))
