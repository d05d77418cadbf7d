# deque instances have no __dict__ (a subclass may add one in __slots__); copy, pickle and
# __reduce__ of deques and their subclasses keep maxlen, items, __dict__ and slots.
import copy, pickle, weakref
from collections import deque
class D(deque):
    __slots__ = ('x', '__dict__')
class E(deque):
    pass
class F(deque):
    __slots__ = ('y',)
d = D([1, 2], 5); d.x = 7; d.z = 3
e = E([3]); e.w = 4
f = F([5]); f.y = 6
for obj in (deque([1, 2]), deque([1], 3), d, e, f):
    r = obj.__reduce__()
    print(type(obj).__name__, r[:3], list(r[3]))
    for clone in (copy.copy(obj), copy.deepcopy(obj), pickle.loads(pickle.dumps(obj, 2)), pickle.loads(pickle.dumps(obj, 0))):
        print(" ", type(clone).__name__, clone, clone.maxlen, getattr(clone, "__dict__", None), getattr(clone, "x", None), getattr(clone, "y", None))
print(weakref.ref(d)() is d)
try:
    deque().__setattr__("q", 1)
except AttributeError as exc:
    print(type(exc).__name__)
print(hasattr(deque(), "__dict__"), "__dict__" in dir(d))
