"""Threads switch while running Python code (no blocking call): busy loops see each other's
progress; many threads allocate while the collector runs."""
import threading

flag = []


def spinner():
    n = 0
    while not flag:
        n += 1
    return n


def setter():
    x = 0
    for i in range(50000):
        x += i
    flag.append(x)


t1 = threading.Thread(target=spinner)
t2 = threading.Thread(target=setter)
t1.start()
t2.start()
t1.join()
t2.join()
print("flag", flag)

# Ping-pong through a shared counter, spinning (each thread needs the other to run).
turn = [0]


def player(me, rounds, log):
    for _ in range(rounds):
        while turn[0] % 2 != me:
            pass
        log.append(me)
        turn[0] += 1


log = []
players = [threading.Thread(target=player, args=(i, 50, log)) for i in range(2)]
for p in players:
    p.start()
for p in players:
    p.join()
print("ping-pong", len(log), log[:6], turn[0])

# Threads that allocate a lot, keeping some objects: what they keep survives collections.
kept = {}


def allocate(k):
    mine = []
    for i in range(3000):
        node = {"k": k, "i": i, "data": [i] * 10, "s": str(i) * 3}
        if i % 100 == 0:
            mine.append(node)
    kept[k] = mine


workers = [threading.Thread(target=allocate, args=(k,)) for k in range(6)]
for w in workers:
    w.start()
for w in workers:
    w.join()
for k in sorted(kept):
    m = kept[k]
    assert all(n["k"] == k and n["data"] == [n["i"]] * 10 and n["s"] == str(n["i"]) * 3 for n in m)
    print(k, len(m), m[-1]["i"])

# A counter incremented under a lock by many threads is exact.
counter = [0]
guard = threading.Lock()


def bump():
    for _ in range(2000):
        with guard:
            counter[0] += 1


bumpers = [threading.Thread(target=bump) for _ in range(5)]
for b in bumpers:
    b.start()
for b in bumpers:
    b.join()
print("counter", counter[0])
