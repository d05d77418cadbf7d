# The interpreter's out-of-line paths, many times each inside loops (so that the JIT-on modes
# trace them too): unbound locals, cells and free variables, globals and builtins found, shadowed
# and missing, zero-argument super() with and without its first argument,
# unpacking of lists, tuples and other iterables with right and wrong counts, and an exception
# handler deep in a stack of pending values.


def unbound_local(n):
    out = []
    for i in range(n):
        if i % 3 == 0:
            x = i
        try:
            out.append(x)
        except UnboundLocalError as e:
            out.append(str(e))
        if i % 3 == 1:
            del x
    return out


def unbound_cell(n):
    out = []
    for i in range(n):
        def make():
            if i % 2:
                y = i

            def get():
                return y

            return get

        try:
            out.append(make()())
        except NameError as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


def cell_deleted(n):
    out = []
    for i in range(n):
        z = i

        def get():
            return z

        out.append(get())
        del z
        try:
            out.append(get())
        except NameError as e:
            out.append(str(e))
    return out


G = 10


def globals_and_builtins(n):
    global G
    out = []
    for i in range(n):
        out.append(G + len("ab") + abs(-i))
        if i == n // 2:
            G = 20
            globals()["len"] = lambda s: 100
        if i == n - 2:
            del globals()["len"]
    try:
        missing_name_xyz
    except NameError as e:
        out.append(str(e))
    return out


class Base:
    def who(self):
        return "Base"


class Child(Base):
    def who(self):
        return "Child>" + super().who()

    def no_first(*args):
        return super().who()


def supers(n):
    out = []
    c = Child()
    for i in range(n):
        out.append(c.who())
        for call in (c.no_first,):
            try:
                out.append(call())
            except RuntimeError as e:
                out.append(str(e))

    def outside():
        return super().who()

    try:
        outside()
    except RuntimeError as e:
        out.append(str(e))
    return out


def unpacks(n):
    out = []
    seqs = [[1, 2, 3], (4, 5, 6), [1.5, 2.5, 3.5], "abc", range(3), [1, 2], (1, 2, 3, 4), iter([7, 8, 9])]
    for i in range(n):
        for s in seqs:
            try:
                a, b, c = s
                out.append((a, b, c))
            except ValueError as e:
                out.append(str(e))
            try:
                first, *rest = s if not hasattr(s, "__next__") else [0]
                out.append((first, rest))
            except ValueError as e:
                out.append(str(e))
    return out


def deep_handler(n):
    out = []
    for i in range(n):
        try:
            v = [i, (i, [i + 1, {i: (i, 1 // (i % 4))}])]
        except ZeroDivisionError as e:
            v = str(e)
        out.append(v)
    return out


for f in (unbound_local, unbound_cell, cell_deleted, globals_and_builtins, supers, unpacks, deep_handler):
    r = f(40)
    print(f.__name__, len(r), r[:6], r[-4:])
