# The type of an instance is read through its map in traces: __class__ assignment, __dict__,
# exception and builtin-subclass instances must keep type and map in step.


class A:
    def __init__(self, x):
        self.x = x

    def kind(self):
        return "A"

    def __len__(self):
        return 1


class B:
    def __init__(self, x):
        self.x = x

    def kind(self):
        return "B"

    def __len__(self):
        return 2


class C(A):
    def kind(self):
        return "C" + super().kind()


def churn(objs, rounds):
    counts = {}
    total = 0
    for r in range(rounds):
        for i, o in enumerate(objs):
            k = o.kind()
            counts[k] = counts.get(k, 0) + 1
            total += len(o) + o.x
            if isinstance(o, A):
                total += 1
            if type(o) is B:
                total += 10
            if (r + i) % 97 == 0:
                # switch classes while the loop is hot
                o.__class__ = B if type(o) is not B else (C if i % 2 else A)
            if (r * 7 + i) % 211 == 0:
                o.__dict__["y"] = r  # devolve into a real dict
            if hasattr(o, "y"):
                total += 100
    return total, sorted(counts.items())


objs = [A(i) if i % 3 == 0 else (B(i) if i % 3 == 1 else C(i)) for i in range(30)]
print(churn(objs, 400))
print([type(o).__name__ for o in objs])


class MyError(Exception):
    def describe(self):
        return "my"


class OtherError(Exception):
    def describe(self):
        return "other"


def raise_many(n):
    out = []
    for i in range(n):
        try:
            raise (MyError if i % 5 else OtherError)(i)
        except Exception as e:
            if i % 50 == 7:
                e.__class__ = OtherError if type(e) is MyError else MyError
            out.append(e.describe()[0])
            if isinstance(e, MyError):
                out.append("!")
    return "".join(out)


print(raise_many(300))


class L(list):
    def head(self):
        return self[0] if self else None


class L2(list):
    def head(self):
        return "L2"


def lists(n):
    xs = [L([i]) for i in range(10)]
    acc = []
    for r in range(n):
        for j, x in enumerate(xs):
            acc.append(x.head())
            acc.append(len(x))
            if (r + j) % 41 == 0:
                x.__class__ = L2 if type(x) is L else L
    return acc.count("L2"), sum(a for a in acc if isinstance(a, int))


print(lists(300))
