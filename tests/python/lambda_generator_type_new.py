f = lambda: (yield 1)
g = f()
print(next(g))
try:
    g.send(2)
except StopIteration as e:
    print("value", e.value)
f2 = lambda: (yield from [1, 2])
print(list(f2()))
class M(type): pass
for args in [(5,), (1, 2), ("A", (), {})]:
    try:
        print(M(*args))
    except TypeError as e:
        print(e)
print(type(5), type.__new__(type, 'X', (), {}).__name__)
try:
    type.__new__(M, 5)
except TypeError as e:
    print(e)
