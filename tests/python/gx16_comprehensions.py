# Comprehensions in loops hot enough to compile: list/set/dict results and their order, equal keys
# of different types, scoping (class bodies, walrus, shadowing, closures), nested comprehensions
# over instance attributes, and exceptions raised from inside them.
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    BIG = 1
    SMALL = 2


@dataclass
class W:
    wid: int
    creator: int
    derived: list
    kind: Kind
    knob: bool


def make():
    ws = []
    for c in range(3):
        for kind in Kind:
            for knob in (True, False):
                derived = [w.wid for w in ws[:: c + 1]]
                ws.append(W(len(ws), c, derived, kind, knob))
    return ws


def tray(ws, owner):
    ws = [w for w in ws if not (w.kind == Kind.BIG and not w.knob)]
    by_id = {w.wid: w for w in ws}
    derived = {w.wid: [by_id.get(d) for d in w.derived] for w in ws}
    keys = [
        (w.creator == owner, any(x.knob for x in derived[w.wid] if x), len(derived[w.wid]), w.wid)
        for w in ws
    ]
    keys.sort()
    return [by_id[k[-1]].wid for k in keys]


def results():
    ws = make()
    outs = [tray(ws, k % 3) for k in range(300)]
    print(outs[0], outs[1], outs[2], all(o == outs[k % 3] for k, o in enumerate(outs)))
    for n in (0, 1, 5, 17, 100):
        d = {i % 7: i for i in range(n)}
        s = {(i * 37) % 11 for i in range(n)}
        l = [i * i for i in range(n) if i % 3]
        print(n, list(d.items()), sorted(s), len(s), l[-3:])
    mixed = {k: str(k) for k in [1, 1.0, True, 2, 2.0]}
    print(mixed, {x for x in [1, True, 1.0, 0, False, 0.0]}, [{True: 1, 1: 2}])
    nested = [[i * j for j in range(i)] for i in range(6)]
    print(nested, [x for row in nested for x in row if x % 2])
    print({i: {j for j in range(i)} for i in range(4)})


def scoping():
    x = "outer"
    vals = [x for x in range(3)]
    print(x, vals)
    total = [(y := i * 2) for i in range(4)]
    print(y, total)
    fs = [lambda: i for i in range(3)]
    print([f() for f in fs])
    gs = [(lambda i=i: i) for i in range(3)]
    print([g() for g in gs])

    class C:
        base = 10
        items = [base + 1 for _ in range(2)] if False else None
        names = [n for n in ("a", "b")]
        try:
            bad = [base for _ in range(1)]
        except NameError as e:
            err = str(e)

    print(C.items, C.names, C.err)
    acc = []
    for k in range(200):
        m = k % 5
        acc.append(sum([m * j for j in range(m)]) + len({j % 3 for j in range(k % 9)}))
    print(sum(acc), acc[:12])


def errors():
    def boom(i):
        if i == 7:
            raise KeyError(i)
        return i

    for n in (5, 20):
        try:
            print([boom(i) for i in range(n)])
        except KeyError as e:
            print("KeyError", e)
        try:
            print({boom(i): i for i in range(n)})
        except KeyError as e:
            print("dict KeyError", e)
        try:
            print(sorted({boom(i) for i in range(n)}))
        except KeyError as e:
            print("set KeyError", e)
    try:
        print({[i]: i for i in range(3)})
    except TypeError as e:
        print("TypeError", e)
    try:
        print({[i] for i in range(3)})
    except TypeError as e:
        print("TypeError", e)


results()
scoping()
errors()
