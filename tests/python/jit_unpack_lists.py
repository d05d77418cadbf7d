# Unpacking lists of ints, floats and objects in hot loops (read in domain code by the JIT), and
# lists of the wrong length (the errors of the slow path).


def sums(rows):
    sx = sy = sz = 0
    for row in rows:
        x, y, z = row
        sx += x
        sy += y
        sz += z
    return sx, sy, sz


def main():
    ints = [[i, i * 2, i * 3] for i in range(500)]
    floats = [[i * 0.5, i * 0.25, -i * 1.5] for i in range(500)]
    objs = [["a%d" % i, None, (i,)] for i in range(500)]
    print(sums(ints))
    print(sums(floats))
    last = None
    for row in objs:
        a, b, c = row
        last = (a, b, c)
    print(last)
    mixed = [[1, 2.5, "s"]] * 300
    for row in mixed:
        p, q, r = row
    print(p, q, r)
    bad = [[1, 2, 3]] * 200 + [[1, 2]] + [[1, 2, 3, 4]]
    for row in bad:
        try:
            x, y, z = row
        except ValueError as e:
            print(type(e).__name__, e)
    empty = []
    for i in range(100):
        () = empty
    [] = empty
    for row in [[5.0, 6.0]] * 200:
        (u, w) = row
        row[0] = u + w
    print(u, w, row)
    nested = [[[1, 2], [3, 4]]] * 150
    for pair in nested:
        [a, b], [c, d] = pair
    print(a, b, c, d)
    first, *rest = [1, 2, 3, 4]
    print(first, rest)


main()
