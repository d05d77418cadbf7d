# Functions of modules (builtin functions) stored as class attributes are not bound to the
# instance they are read through, in every way of calling them; methods of builtin types are.
import math


class Holder:
    length = len
    floor = math.floor
    append = list.append
    upper = str.upper


h = Holder()
print(h.length([1, 2, 3]), h.floor(2.5))
f = h.length
print(f("abcd"), getattr(h, "floor")(7.9))
for i in range(200):
    total = h.length(range(i)) + h.floor(i / 3)
print(total)
try:
    Holder().append(1)
except TypeError as e:
    print("append", type(e).__name__)


class Text(str):
    up = str.upper


print(Text("abc").up(), h.length.__name__, h.floor is math.floor)
print(type(Holder.__dict__["length"]).__name__)
