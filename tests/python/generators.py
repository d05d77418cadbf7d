# Generators.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count_up(5)), sum(count_up(100)))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
g = fib()
print([next(g) for _ in range(10)])
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo()
print(next(e), e.send(1), e.send("two"))
def with_return():
    yield 1
    return "done"
print(list(with_return()))
def squares(items):
    for x in items:
        if x < 0:
            continue
        yield x * x
print(list(squares([1, -2, 3])))
gen = (c.upper() for c in "abc")
print(next(gen), list(gen), next(gen, "exhausted"))
def tries():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
for v in tries():
    print("v", v)
