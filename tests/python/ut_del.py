# __del__ runs once for instances (and exception instances) that a collection finds dead,
# at gc.collect() or a later safe point; resurrected objects are not finalized twice.
import gc


class Counted:
    live = 0
    finalized = 0

    def __init__(self):
        Counted.live += 1

    def __del__(self):
        Counted.live -= 1
        Counted.finalized += 1


class Tracked(Exception):
    seen = []

    def __del__(self):
        Tracked.seen.append(self.args[0])


survivors = []


class Phoenix:
    deaths = 0

    def __del__(self):
        Phoenix.deaths += 1
        survivors.append(self)


def make():
    for _ in range(20):
        Counted()
    for i in range(3):
        Tracked("e%d" % i)
    Phoenix()


def churn():
    return sum(len(str(i)) for i in range(300))


def collect():
    churn()
    for _ in range(3):
        gc.collect()


def at_depth(n, f):
    if n:
        at_depth(n - 1, f)
    else:
        f()


def all_finalized():
    return Counted.finalized == 20 and len(Tracked.seen) == 3 and Phoenix.deaths == 1


# The objects are made and dropped well below where collect() runs. ripy scans the native stack
# conservatively: a dead word left in a frame that is live again when a collection runs may keep
# an object alive until a collection from elsewhere, so up to 8 collections from different
# depths may run (CPython finalizes everything at the first).
at_depth(30, make)
for depth in range(8):
    at_depth(depth, collect)
    if all_finalized():
        break
print("live", Counted.live, "finalized", Counted.finalized)
print("exceptions", sorted(Tracked.seen))
print("phoenix", Phoenix.deaths, len(survivors))
survivors.clear()
collect()
print("phoenix again", Phoenix.deaths, len(survivors))
print("subclass", issubclass(Tracked, Exception))
