# Function-entry traces: functions entered many times without a loop of their own (called from
# builtins, from other functions, recursively), generators resumed from native code, a function
# that returns from inside a loop, exceptions leaving compiled functions, and a generator whose
# frame state must survive each yield.


def square(x):
    return x * x


def classify(n):
    if n % 15 == 0:
        return "fizzbuzz"
    if n % 3 == 0:
        return "fizz"
    if n % 5 == 0:
        return "buzz"
    return n


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def find(items, target):
    for i, x in enumerate(items):
        if x == target:
            return i
    return -1


def checked(n):
    if n % 7 == 3:
        raise KeyError(n)
    return n + 1


def counter(start):
    total = start
    while True:
        step = yield total
        if step is None:
            step = 1
        total += step
        if total > 5000:
            return "done at %d" % total


def pairs(n):
    for i in range(n):
        for j in range(i):
            yield i, j


def deep(n):
    if n == 0:
        return 0
    return 1 + deep(n - 1)


def main():
    print(sum(map(square, range(3000))))
    print([classify(n) for n in range(1, 31)])
    print(sorted(range(40), key=classify.__class__ and (lambda n: -n))[:5])
    print(fib(20))
    data = list(range(200))
    print(sum(find(data, t) for t in range(0, 400, 3)))
    caught = []
    for n in range(2000):
        try:
            checked(n)
        except KeyError as e:
            caught.append(e.args[0])
    print(len(caught), caught[:5], caught[-1])
    g = counter(10)
    values = [next(g)]
    try:
        while True:
            values.append(g.send(len(values) % 4 or None))
    except StopIteration as e:
        print("stopped", e.value, len(values), values[:8], values[-1])
    print(sum(i * j for i, j in pairs(120)))
    print(max(tuple(x for x in range(k)) for k in range(1, 300)))
    print(deep(500))
    try:
        deep(5000)
    except RecursionError as e:
        print(type(e).__name__, e)
    print(list(zip(*[(i, i * i) for i in range(5)])))


main()
