# Comprehension semantics in compiled loops: scoping, closures, exceptions, nesting, and a global
# the compiled comprehension reads being rebound (its code is invalidated while the function that
# calls it jumps into it).
SCALE = 1


def build(widgets):
    ids = {w: w * SCALE for w in widgets}
    derived = {w: [ids.get(d) for d in range(w % 4)] for w in widgets}
    return [(w, len(derived[w]), sum(x or 0 for x in derived[w])) for w in widgets if w % 5]


def run(n):
    total = 0
    for _ in range(n):
        total += sum(t[2] for t in build(range(20)))
    return total


print(run(200), build(range(8)))
SCALE = 2
print(run(200), build(range(8)))
SCALE = 3
print(run(200), build(range(8)))

x = 'outer'
print([x for x in range(3)], x)
print({x: x for x in 'ab'}, x)


class C:
    names = ['a', 'b']
    upper = [n.upper() for n in names]
    try:
        both = [n + m for n in names for m in names]
    except NameError as e:
        both = str(e)


print(C.upper, C.both)


def closures():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]


print(closures())


def raising(items):
    try:
        return [1 // v for v in items]
    except ZeroDivisionError as e:
        return 'ZeroDivisionError: ' + str(e)


print([raising([1, 2, 0]) if k % 50 == 49 else raising([1, 2]) for k in range(200)][48:51])
try:
    print({k: undefined_name for k in range(2)})
except NameError as e:
    print('NameError', e)
print([(i, j) for i in range(3) for j in range(i) if (i + j) % 2])
print({i % 3 for i in range(10)}, sorted({i: i for i in range(4)}.items()))
print(list((y for y in range(5) if y > 2)), [y for y in [[1, 2], [3]] for y in y])


def walrus():
    r = [last := v for v in range(4)]
    return r, last


print(walrus())
