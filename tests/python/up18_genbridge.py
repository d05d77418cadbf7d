# Generators resumed in bridges: builtins that consume a generator expression (sum, any, max,
# list) on paths that a loop's trace did not take first, with data-dependent branches inside the
# generator, generators that raise or stop early, and a plain `for` over a generator on a rare
# path. Bridges call the generator's resumption rather than inline it; results and errors must
# not change.


def counts(cells, rounds):
    out = []
    for r in range(rounds):
        for v in range(8):
            if (r + v) % 3 == 0:
                out.append(sum((1 if v in cell else 0) for cell in cells))
            elif (r * v) % 5 == 1:
                out.append(max(len(cell) - v for cell in cells))
            elif v % 4 == 2:
                out.append(any(v in cell and r % 2 == 0 for cell in cells))
            else:
                out.append(len([c for c in cells if len(c) > v % 3]))
    return out


def gen(items, stop):
    for x in items:
        if x == stop:
            return
        yield x * 2


def raising(n):
    total = 0
    errors = 0
    for i in range(n):
        try:
            if i % 7 == 3:
                total += sum(10 // (x - 5) for x in range(i % 11))
            else:
                total += sum(gen(range(i % 13), 9))
        except ZeroDivisionError as e:
            errors += 1
            last = str(e)
    return total, errors, last


def rare_for(n):
    acc = []
    for i in range(n):
        if i % 17 == 0:
            for y in gen(range(i % 23), 15):
                acc.append(y)
        else:
            acc.append(sum(gen(range(5), 3)))
    return len(acc), sum(acc), acc[-5:]


cells = [[j for j in range(8) if (i * j + i) % (j + 2) < 2] for i in range(37)]
res = counts(cells, 60)
print(len(res), sum(res), res[:16], res[-16:])
print(raising(3000))
print(rare_for(3000))
