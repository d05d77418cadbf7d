"""Blocking calls release the GIL: sleeping threads overlap, a thread blocked reading a pipe or in
select lets the others run, a lock wait with a timeout returns in time."""
import os
import select
import threading
import time

intervals = []


def sleeper():
    begin = time.monotonic()
    time.sleep(0.3)
    intervals.append((begin, time.monotonic()))


sleepers = [threading.Thread(target=sleeper) for _ in range(3)]
for t in sleepers:
    t.start()
for t in sleepers:
    t.join()
intervals.sort()
print("sleeps overlap:", any(later[0] < earlier[1] for earlier, later in zip(intervals, intervals[1:])))

# A reader blocks in os.read until the main thread writes.
r, w = os.pipe()
got = []


def reader():
    got.append(os.read(r, 100))


t = threading.Thread(target=reader)
t.start()
time.sleep(0.05)
print("reader still waiting:", t.is_alive(), got)
os.write(w, b"hello through the pipe")
t.join()
print(got)

# A thread waits in select; the main thread computes meanwhile, then writes.
ready = []


def selector():
    ready.append(select.select([r], [], [], 5)[0] == [r])
    ready.append(os.read(r, 10))


t = threading.Thread(target=selector)
t.start()
total = sum(i * i for i in range(20000))
os.write(w, b"ping")
t.join()
print(total, ready)
os.close(r)
os.close(w)

# Lock waits with timeouts, while another thread holds the lock.
lock = threading.Lock()
lock.acquire()
results = []


def try_lock():
    t0 = time.monotonic()
    results.append(lock.acquire(timeout=0.05))
    results.append(time.monotonic() - t0 >= 0.04)


ts = [threading.Thread(target=try_lock) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(results)
lock.release()

# A CPU-bound thread and a sleeping thread: the sleeper wakes while the other computes.
order = []


def compute():
    x = 0
    for i in range(300000):
        x += i % 3
    order.append("compute done")


def nap():
    time.sleep(0.01)
    order.append("nap done")


a = threading.Thread(target=compute)
b = threading.Thread(target=nap)
a.start()
b.start()
a.join()
b.join()
print(sorted(order))
