# Dicts of str keys looked up repeatedly with the same str object (d[k] = d.get(k, 0) + 1,
# `in` then `[]`, `+=`), while entries are deleted and re-added, the table is resized, compacted
# and cleared, and with str subclass, -1-hash and equal-but-distinct keys; in traced loops.


class S(str):
    def __hash__(self):
        return -1


def fresh(s):
    return "".join(list(s))


def counting(n):
    words = [fresh("w%d" % (i % 37)) for i in range(n)]
    counts = {}
    for i, w in enumerate(words):
        counts[w] = counts.get(w, 0) + 1
        if i % 5 == 0 and w in counts:
            counts[w] += 10
        if i % 11 == 0:
            del counts[w]
        if i % 17 == 0:
            counts[fresh(w)] = counts.get(fresh(w), 0) + 100
        if i % 997 == 0:
            for k in list(counts)[:5]:
                del counts[k]
        if i % 1999 == 0:
            counts = dict(counts)
    return sorted(counts.items())[:6], len(counts), sum(counts.values())


print(counting(6000))


def churn(n):
    d = {}
    keys = [fresh("k%d" % i) for i in range(64)]
    total = 0
    for i in range(n):
        k = keys[i % 64]
        if k in d:
            total += d[k]
            del d[k]
            d[k] = i
        else:
            d[k] = i
        if i % 500 == 0:
            for j in range(200):
                d[fresh("x%d" % j)] = j
            for j in range(200):
                del d["x%d" % j]
        if i % 2048 == 0:
            d.clear()
        total += d.get(k, -1)
    return total, len(d), list(d)[:4]


print(churn(9000))


def subclass_keys(n):
    d = {"a": 1, "b": 2}
    total = 0
    for i in range(n):
        k = "a" if i % 2 else "b"
        d[k] = d.get(k, 0) + 1
        if i == n // 2:
            d[S("a")] = 100
        total += d[k]
    return total, sorted(d.items())


print(subclass_keys(4000))

d = {}
a, b = fresh("same"), fresh("same")
d[a] = 1
d[b] = d.get(b, 0) + 1
print(d, d[a] is d[b], list(d)[0] is a, a is not b)
d.pop(a)
d[b] = 5
print(d, list(d)[0] is b)
e = {fresh("nan"): float("nan"), "-1": -1}
print(e.get("nan") != e.get("nan"), e["-1"], "-1" in e, hash(S("x")) == -2)
