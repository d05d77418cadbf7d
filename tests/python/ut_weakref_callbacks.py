# Weak reference callbacks run after a collection finds their referents dead (gc.collect()),
# with the weak reference as argument; exceptions in callbacks are reported, not raised;
# WeakValueDictionary and WeakKeyDictionary drop dead entries; finalize runs once.
import gc
import weakref


class Thing:
    def __init__(self, name):
        self.name = name


calls = []


def note(ref):
    calls.append(("called", ref() is None))


def make_refs(n):
    things = [Thing("t%d" % i) for i in range(n)]
    refs = [weakref.ref(t, note) for t in things]
    plain = weakref.ref(things[0])
    return refs, plain


def collect():
    for _ in range(3):
        gc.collect()


def churn():
    # Overwrite the stack the referents' addresses were left on.
    return sum(len(str(i)) for i in range(200))


refs, plain = make_refs(5)
churn()
collect()
print("dead refs", sum(r() is None for r in refs), "of", len(refs), plain() is None)
print("callbacks", len(calls), all(dead for _, dead in calls))


def make_dicts():
    values = weakref.WeakValueDictionary()
    keys = weakref.WeakKeyDictionary()
    kept = [Thing("kept%d" % i) for i in range(3)]
    for i in range(10):
        t = Thing("v%d" % i)
        values[i] = t
        keys[t] = i
    for i, t in enumerate(kept):
        values["k%d" % i] = t
        keys[t] = "k%d" % i
    return values, keys, kept


values, keys, kept = make_dicts()
churn()
collect()
# Which of the dropped values a conservative collector still finds varies; the entries of the
# dead ones must be gone and the kept ones must stay.
print("kept values", [values["k%d" % i].name for i in range(3)], "kept keys", [keys[t] for t in kept])
print("values consistent", all(values[k] is not None for k in list(values.keys())))
print("keys consistent", sorted(keys.values(), key=str) == sorted((keys[t] for t in list(keys.keys())), key=str))

finalized = []


def make_finalizer():
    t = Thing("f")
    return weakref.finalize(t, finalized.append, "done")


fin = make_finalizer()
churn()
collect()
alive = fin.alive
done = list(finalized)
print("finalized consistent", done == ([] if alive else ["done"]))
