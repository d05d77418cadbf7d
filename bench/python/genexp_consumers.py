# Generator expressions consumed by builtins (sum, any, all, min, max, list, tuple, set,
# sorted, str.join, dict), written for ripy's benchmarks: each consumer runs over a
# few hundred items per call, many calls.


def work(n):
    data = list(range(n))
    words = [str(i % 97) for i in range(n)]
    total = 0
    for rep in range(1000):
        k = rep % 7
        total += sum(x * x + k for x in data)
        total += max(x ^ k for x in data) - min(x - k for x in data)
        total += any(x == n + k for x in data) + all(x >= 0 for x in data)
        total += len(list(x + k for x in data)) + len(tuple(x for x in data if x & 1))
        total += len(set(x % (k + 10) for x in data))
        total += sorted(x * k % 11 for x in data)[n // 2]
        total += len(",".join(w for w in words if w))
        total += len(dict((x, k) for x in data if x % 3 == 0))
    return total


print(work(1000))
