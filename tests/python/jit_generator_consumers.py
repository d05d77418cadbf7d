# Builtins that consume a generator (list, tuple, set, sum, any, all) in domain code: results,
# errors stopping the consumption at the item, long generators (past the inline part), and
# generators that are not plain (coroutines, running, exhausted), in hot loops too.
def g(n):
    for i in range(n):
        yield i
print(list(g(40)), tuple(g(20)), set(g(5)), sum(g(100)), any(g(3)), all(g(3)), any(x > 50 for x in g(100)))
print(sum(x*0.5 for x in g(30)), tuple(g(0)), list(g(17)))
def bad():
    yield 1; yield [2]; yield 3
b = bad()
try: set(b)
except TypeError as e: print(e, next(b))
def raising():
    yield 1; raise KeyError(5)
try: list(raising())
except KeyError as e: print(repr(e))
try: sum(x for x in ["a"])
except TypeError as e: print(e)
gg = g(30); print(list(gg), list(gg))
async def co(): pass
c = co()
try: list(c)
except TypeError as e: print(e)
c.close()
def selfref():
    yield list(s)
s = selfref()
try: list(s)
except ValueError as e: print(e)
t = 0
for i in range(3000):
    t += sum(x for x in range(i % 40)) + len(tuple(y for y in range(i % 25))) + any(z > 3 for z in range(i % 7))
print(t)
def pairs(n):
    for i in range(n):
        yield (i, i * i)
total = 0
for k in range(500):
    total += len(set(a + b for a, b in pairs(k % 30))) + sum(b for _, b in pairs(k % 3))
print(total)
def side():
    for i in range(6):
        print("yield", i)
        yield i
print(any(x == 2 for x in side()), all(x < 1 for x in side()))
print(min(g(5)), max(x % 7 for x in g(50)), sorted(x % 5 for x in g(12)), "-".join(str(x) for x in g(20)))
print(b",".join(bytes([65 + x]) for x in g(3)), str.join(":", (str(x) for x in g(30))))
for f in (min, max):
    try: f(g(0))
    except ValueError as e: print(e)
try: min(x for x in [1, "a"])
except TypeError as e: print(e)
try: "".join(x for x in [1])
except TypeError as e: print(e)
print(max(str(x) for x in g(40)), min((x % 3, -x) for x in g(40)))
acc = []
for k in range(400):
    acc.append((min(x * 3 % 11 for x in g(k % 9 + 1)), max(x for x in g(k % 20 + 1)), ",".join(str(x) for x in g(k % 4))))
print(acc[::37])
