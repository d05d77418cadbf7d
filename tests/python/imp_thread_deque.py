# _thread's identity and locks; _collections.deque.
import _thread
from _collections import deque

print(type(_thread.get_ident()).__name__, _thread.get_ident() == _thread.get_ident(), _thread.get_native_id() > 0)
lock = _thread.allocate_lock()
print(lock.locked(), lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(True, 0.01))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError", e)
with lock:
    print("inside", lock.locked())
print(lock.locked(), type(lock).__name__)
try:
    lock.acquire(False, 1)
except ValueError as e:
    print("ValueError", e)
r = _thread.RLock()
print(r.acquire(), r.acquire(), r._is_owned())
r.release()
r.release()
print(r._is_owned())
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError", e)
with r:
    with r:
        print("nested", r._recursion_count())
print(_thread.error is RuntimeError, _thread.TIMEOUT_MAX > 1e9, _thread.stack_size())

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1], 3 in d, d.maxlen)
print(d.pop(), d.popleft(), d)
d.extend("ab")
d.extendleft([9, 8])
print(d, list(reversed(d)))
d.rotate(2)
print(d)
d.rotate(-3)
print(d, d.count(2), d.index(2))
d.remove(2)
d.reverse()
print(d)
d[0] = "first"
del d[1]
print(d, bool(d), bool(deque()))
bounded = deque(range(10), maxlen=3)
print(bounded, bounded.maxlen)
bounded.append(10)
bounded.appendleft(-1)
print(bounded)
for call in [lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1])[5], lambda: deque([1]).remove(7),
             lambda: deque(maxlen=-1), lambda: deque([1]).index(3)]:
    try:
        call()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
q = deque()
for i in range(100):
    q.append(i)
total = 0
while q:
    total += q.popleft()
print(total, q, deque([1, 2]) == deque([1, 2]), deque([1]) < deque([2]), deque([1]) + deque([2]), deque([1, 2]) * 2)
print(deque("abc").copy(), list(deque("xyz")))
