"""The CPU clocks: process_time/thread_time (and their _ns forms) advance in small steps, a new
thread's clock starts near zero, and get_clock_info names the clock behind each."""
import threading
import time

for name in ("process_time", "thread_time"):
    info = time.get_clock_info(name)
    print(name, info.implementation, info.monotonic, info.adjustable, info.resolution)


def smallest_step(clock):
    """The smallest increase of `clock` seen over a few changes (busy waiting between reads)."""
    steps = []
    last = clock()
    while len(steps) < 5:
        now = clock()
        if now != last:
            steps.append(now - last)
            last = now
    return min(steps)


for clock in (time.process_time_ns, time.thread_time_ns):
    print(clock.__name__, "steps below 1 ms:", smallest_step(clock) < 1_000_000)
print("float clocks steps below 1 ms:", smallest_step(time.process_time) < 1e-3, smallest_step(time.thread_time) < 1e-3)

sum(i * i for i in range(300_000))
main_cpu = time.thread_time_ns()
seen = []
worker = threading.Thread(target=lambda: seen.append(time.thread_time_ns()))
worker.start()
worker.join()
print("new thread's clock below the busy main thread's:", seen[0] < main_cpu)
print("process clock covers the main thread:", time.process_time_ns() >= main_cpu)

for bad in ((1,), ("x",)):
    try:
        time.process_time(*bad)
    except TypeError as e:
        print(type(e).__name__, e)
r = range(2**100)
print(type(r), type(r).__name__, type(r).__qualname__, type(r).__module__, repr(r))
print(isinstance(r, range), r[5], len(range(2**100, 2**100 + 7)))
