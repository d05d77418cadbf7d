# Binary operators on instances of user classes (the interpreter looks the special method up
# along the type's MRO through the per-version lookup cache): methods replaced, added and deleted
# on the class and on a base mid-loop, reflected methods of proper subclasses, NotImplemented,
# in-place methods appearing later, and operands of builtin types.


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if isinstance(other, V):
            return V(self.x + other.x)
        if isinstance(other, (int, float)):
            return V(self.x + other)
        return NotImplemented

    def __mul__(self, k):
        return V(self.x * k)

    def __repr__(self):
        return "V(%r)" % (self.x,)


class W(V):
    def __radd__(self, other):
        return W(("radd", other.x if isinstance(other, V) else other))


def run(label, f):
    try:
        print(label, f())
    except TypeError as e:
        print(label, "TypeError:", e)


def replaced_mid_loop():
    class U(V):
        def __add__(self, other):
            return U(self.x + other.x)

    out = []
    a, b = U(1), U(2)
    for i in range(12):
        if i == 4:
            U.__add__ = lambda self, other: U(("new", self.x, other.x))
        if i == 8:
            del U.__add__
        if i == 10:
            del V.__add__
        try:
            out.append(a + b)
        except TypeError as e:
            out.append(str(e))
    return out


def base_changes():
    class Base:
        def __sub__(self, other):
            return "base-sub"

    class Child(Base):
        pass

    c = Child()
    out = []
    for i in range(9):
        if i == 3:
            Base.__sub__ = lambda self, other: "patched-sub"
        if i == 6:
            Child.__sub__ = lambda self, other: "child-sub"
        out.append(c - 1)
    return out


def reflected():
    out = []
    for i in range(6):
        out.append(V(i) + W(10))
        out.append(W(i) + V(10))
        out.append(3 + W(i))
    return out


def inplace_later():
    class A:
        def __init__(self):
            self.n = 0

        def __add__(self, other):
            return "plain-add"

    a = A()
    out = []
    for i in range(6):
        if i == 3:
            A.__iadd__ = lambda self, other: ("iadd", other)
        x = a
        x += i
        out.append(x)
    return out


def numbers():
    total = V(0)
    for i in range(50):
        total = total + i
        total = total + 0.5
        total = total * 1
    return total


run("base", base_changes)
run("reflected", reflected)
run("inplace", inplace_later)
run("numbers", numbers)
run("declined", lambda: V(1) + "s")
run("unsupported", lambda: V(1) - V(2))
run("rmul", lambda: 2 * V(3))
run("replaced", replaced_mid_loop)
