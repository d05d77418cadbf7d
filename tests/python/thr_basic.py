"""_thread: start_new_thread, locks, RLock, identity, errors (deterministic output)."""
import _thread
import time

print(_thread.error is RuntimeError, _thread.TIMEOUT_MAX > 1e9, _thread.LockType.__name__)
print(type(_thread.allocate_lock()).__name__)

# Locks: acquire/release/locked, timeouts, errors.
lock = _thread.allocate_lock()
print(lock.locked(), lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(True, 0.01))
lock.release()
print(lock.locked(), repr(lock).startswith("<unlocked _thread.lock object at"))
for bad in [lambda: lock.release(), lambda: lock.acquire(False, 1), lambda: lock.acquire(True, -5),
            lambda: lock.acquire(timeout=1e20), lambda: _thread.start_new_thread(1, ()),
            lambda: _thread.start_new_thread(print, []), lambda: _thread.start_new_thread(print, (), 1),
            lambda: _thread.stack_size(10)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
with lock:
    print("in with", lock.locked())
print("after with", lock.locked())

# RLock
r = _thread.RLock()
print(r.acquire(), r.acquire(), r._is_owned(), r._recursion_count())
r.release()
r.release()
try:
    r.release()
except RuntimeError as e:
    print(type(e).__name__, e)
print(r._recursion_count(), repr(r).startswith("<unlocked _thread.RLock object owner=0 count=0 at"))

# Threads: results gathered under a lock, completion signalled through a lock.
results = []
guard = _thread.allocate_lock()
done = _thread.allocate_lock()
done.acquire()
pending = [8]
# Every worker waits at the gate until all are started, so that all are alive at once (thread
# identities are distinct only among live threads).
gate = _thread.allocate_lock()
gate.acquire()


def work(k, scale=1):
    gate.acquire()
    gate.release()
    total = 0
    for i in range(20000):
        total += (i % 7) * k * scale
    with guard:
        results.append((k, total, _thread.get_ident() != main_ident))
        pending[0] -= 1
        if pending[0] == 0:
            done.release()


main_ident = _thread.get_ident()
idents = set()
for k in range(8):
    idents.add(_thread.start_new_thread(work, (k,), *([{"scale": 2}] if k % 2 else [])))
gate.release()
done.acquire()
print(sorted(results))
print(len(idents), main_ident not in idents)
# A worker counts until it has returned from `work`: wait for that, however loaded the machine.
deadline = time.monotonic() + 60
while _thread._count() and time.monotonic() < deadline:
    time.sleep(0.01)
print("count", _thread._count())

# A thread waits on a lock the main thread releases later (the GIL is released while waiting).
handoff = _thread.allocate_lock()
handoff.acquire()
finished = _thread.allocate_lock()
finished.acquire()
waiting = _thread.allocate_lock()
waiting.acquire()
log = []


def waiter():
    log.append("waiting")
    waiting.release()
    handoff.acquire()
    log.append("got it")
    finished.release()


_thread.start_new_thread(waiter, ())
waiting.acquire()
time.sleep(0.05)
log.append("releasing")
handoff.release()
finished.acquire()
print(log)

# An exception in a thread is reported and the thread ends; SystemExit ends it silently.
quiet = _thread.allocate_lock()
quiet.acquire()


def leave():
    try:
        _thread.exit()
    finally:
        quiet.release()


_thread.start_new_thread(leave, ())
quiet.acquire()
print("native id is int:", isinstance(_thread.get_native_id(), int))
print("stack size", _thread.stack_size(), _thread.stack_size(1 << 20), _thread.stack_size(0))
