"""threading: Thread start/join, names, current_thread, enumerate, Event, Condition, Semaphore,
Barrier, Timer, local, excepthook; queue producers/consumers; ThreadPoolExecutor."""
import threading
import queue
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

out = []


def square(i):
    time.sleep(0.001 * (5 - i))
    out.append(i * i)


ts = [threading.Thread(target=square, args=(i,), name="sq-%d" % i) for i in range(5)]
print([t.name for t in ts], [t.is_alive() for t in ts])
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(out), [t.is_alive() for t in ts], all(t.ident for t in ts))
print(threading.current_thread().name, threading.current_thread() is threading.main_thread())
print(threading.active_count(), [t.name for t in threading.enumerate()])
print(repr(ts[0]).startswith("<Thread(sq-0, stopped"))

# Names seen from inside, daemon flags, join with a timeout.
seen = []
gate = threading.Event()


def named():
    seen.append((threading.current_thread().name, threading.current_thread().daemon))
    gate.wait()


d = threading.Thread(target=named, name="daemonic", daemon=True)
d.start()
d.join(0.01)
print("alive after timed join:", d.is_alive(), sorted(x.name for x in threading.enumerate()))
gate.set()
d.join()
print(seen, d.is_alive())

# Producer/consumer over queue.Queue, with several of each.
q = queue.Queue(maxsize=5)
consumed = []
lock = threading.Lock()


def producer(base):
    for i in range(20):
        q.put(base + i)


def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with lock:
            consumed.append(item)
        q.task_done()


producers = [threading.Thread(target=producer, args=(100 * k,)) for k in range(3)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
q.join()
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
print(len(consumed), sum(consumed), sorted(consumed)[:5], q.empty())

# PriorityQueue and LifoQueue across threads.
pq = queue.PriorityQueue()
filler = threading.Thread(target=lambda: [pq.put((p, "job%d" % p)) for p in (5, 1, 4, 2, 3)])
filler.start()
filler.join()
print([pq.get()[1] for _ in range(5)])
try:
    queue.Queue().get(timeout=0.01)
except queue.Empty as e:
    print("Empty", type(e).__name__)

# Condition: a consumer waits for items a producer adds.
cond = threading.Condition()
items = []


def prod():
    for i in range(5):
        with cond:
            items.append(i)
            cond.notify()
        time.sleep(0.001)


threading.Thread(target=prod).start()
got = []
with cond:
    while len(got) < 5:
        cond.wait_for(lambda: items, timeout=5)
        got.extend(items)
        items.clear()
print("condition", got)
with cond:
    print("wait timeout:", cond.wait(0.01))

# Semaphore bounds concurrency; BoundedSemaphore refuses extra releases.
sem = threading.Semaphore(2)
active = [0]
peak = [0]


def limited():
    with sem:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        time.sleep(0.005)
        active[0] -= 1


ws = [threading.Thread(target=limited) for _ in range(6)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print("peak", peak[0])
bs = threading.BoundedSemaphore(1)
bs.acquire()
bs.release()
try:
    bs.release()
except ValueError as e:
    print(type(e).__name__, e)

# Barrier: parties meet; an aborted barrier raises BrokenBarrierError.
barrier = threading.Barrier(3)
ids = []


def meet():
    ids.append(barrier.wait())


ws = [threading.Thread(target=meet) for _ in range(3)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print("barrier", sorted(ids), barrier.broken)
b2 = threading.Barrier(2)
b2.abort()
try:
    b2.wait()
except threading.BrokenBarrierError as e:
    print("broken", type(e).__name__)

# Timer: runs once; a cancelled timer does not run.
fired = []
t1 = threading.Timer(0.005, fired.append, args=("fired",))
t2 = threading.Timer(10, fired.append, args=("cancelled",))
t1.start()
t2.start()
t2.cancel()
t1.join()
t2.join()
print(fired)

# threading.local: each thread sees its own attributes; __init__ runs per thread.


class Local(threading.local):
    def __init__(self, start):
        self.value = start


loc = Local(7)
loc.value = 1
inner = []


def use_local():
    inner.append(loc.value)
    loc.value = 99
    inner.append(loc.value)


t = threading.Thread(target=use_local)
t.start()
t.join()
print("local", loc.value, inner)
plain = threading.local()
plain.x = "main"
t = threading.Thread(target=lambda: inner.append(hasattr(plain, "x")))
t.start()
t.join()
print(plain.x, inner[-1])
try:
    plain.missing
except AttributeError as e:
    print(type(e).__name__, e)

# excepthook: an exception in a thread goes to threading.excepthook.
reported = []


def hook(args):
    reported.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


threading.excepthook = hook


def fail():
    raise ValueError("boom")


t = threading.Thread(target=fail, name="failing")
t.start()
t.join()
print(reported)
threading.excepthook = threading.__excepthook__

# ThreadPoolExecutor: map, submit, exceptions, as_completed.
with ThreadPoolExecutor(max_workers=4) as ex:
    print(list(ex.map(lambda x: x * 3, range(10))))
    futures = [ex.submit(pow, 2, k) for k in range(8)]
    print(sorted(f.result() for f in as_completed(futures)))
    bad = ex.submit(int, "x")
    try:
        bad.result()
    except ValueError as e:
        print(type(e).__name__, e)
print("end", threading.active_count())
