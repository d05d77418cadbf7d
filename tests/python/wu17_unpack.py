# Sequence unpacking in hot loops: tuples and lists (int, float and object strategies) unpacked
# many times per iteration (a loop body of thousands of opcodes that record little), a sequence
# whose kind or length changes in the middle of the run, and the errors of wrong lengths.


def many_unpacks(seq, n, total=0):
    for _ in range(n):
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        total += a + d
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        a, b, c, d = seq
        total += b + c
    return total, a, b, c, d


def repeat_body(k):
    # A function whose loop body holds k unpackings, compiled from source text.
    lines = ["def f(seq, n):", "    t = 0", "    for _ in range(n):"]
    lines += ["        x, y, z = seq"] * k
    lines += ["        t += x - y + z", "    return t, x, y, z"]
    ns = {}
    exec("\n".join(lines), ns)
    return ns["f"]


def changing(seqs, n):
    out = []
    for i in range(n):
        seq = seqs[(i // 300) % len(seqs)]
        try:
            p, q = seq
            out.append(p if i % 97 == 0 else None)
        except ValueError as e:
            out.append(str(e))
    return [o for o in out if o is not None]


print(many_unpacks((1, 2, 3, 4), 2000))
print(many_unpacks([5, 6, 7, 8], 2000))
print(many_unpacks([0.5, 1.5, 2.5, 3.5], 2000))
print(len(many_unpacks(["a", "b", "c", "d"], 500, "")[0]))
mixed = [(1, 2, 3, 4), [1, 2, 3, 4], [1.0, 2.0, 3.0, 4.0]]
print([many_unpacks(mixed[i % 3], 700) for i in range(6)])
f = repeat_body(900)
print(f((1, 2, 3), 1500), f([4, 5, 6], 1500), f((7.5, 8.5, 9.5), 1500))
res = changing([(1, 2), [3, 4], (5, 6, 7), [8], "ab", [9, 10, 11]], 3000)
print(len(res), res[:8], sorted(set(r for r in res if isinstance(r, str))))
for bad in [(1, 2, 3), [1], (), [], "abcde", iter([1, 2, 3, 4, 5]), 42, None]:
    try:
        a, b, c, d = bad
        print("unpacked", a, b, c, d)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
