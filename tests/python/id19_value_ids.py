# id() agrees with `is` for ints and floats, which unboxed list strategies and compiled code
# box afresh: equal values have equal ids, different values different ids.
import copy

a = 10**5
ints = [a, 3, -7, 2**62, -(2**63)]
print(id(ints[0]) == id(a), ints[0] is a)
f = 2.5
floats = [f, 1.0, -0.0, 0.0, float("inf")]
print(id(floats[0]) == id(f), floats[0] is f)
z, nz = 0.0, -0.0
print(id(nz) == id(z), nz is z)

seen = {}
for x in ints + floats + [True, False, None, "s", (1,), 2**70]:
    seen.setdefault(id(x), []).append(x)
print(len(seen), sorted(len(v) for v in seen.values()))
print(id(True) != id(1), id(False) != id(0), id(1.0) != id(1))

# in a hot loop (compiled): a list item read twice has one id; distinct live values distinct ids
values = [12340 + (i % 10) for i in range(3000)] + [i * 0.5 for i in range(3000)]
same = 0
ids = set()
for i in range(len(values)):
    if id(values[i]) == id(values[i]):
        same += 1
    if i < 10 or i >= 5990:
        ids.add(id(values[i]))
print(same, len(ids))
unboxed = [1000 + i for i in range(500)]
floats_unboxed = [i + 0.25 for i in range(500)]
print(sum(id(unboxed[i]) == id(unboxed[i]) for i in range(500)),
      sum(id(floats_unboxed[i]) == id(floats_unboxed[i]) for i in range(500)),
      len({id(x) for x in unboxed}), len({id(x) for x in floats_unboxed}))

# deepcopy's memo is keyed by id: shared ints/floats in a structure stay consistent
data = [[a, f]] * 3 + [ints, floats]
clone = copy.deepcopy(data)
print(clone == data, clone[0] is clone[1], all(x is y for x, y in zip(clone[3], ints)))

# identity-keyed bookkeeping as user code does it
class Registry:
    def __init__(self):
        self.by_id = {}
    def add(self, obj):
        self.by_id[id(obj)] = obj
        return len(self.by_id)
r = Registry()
for v in [5, 5.0, 5, 6, 5.0, 6.5, 6.5]:
    r.add(v)
print(sorted(map(repr, r.by_id.values())))
class Sub(int):
    pass
s1, s2 = Sub(5), Sub(5)
print(id(s1) == id(s2), s1 is s2, id(s1) == id(s1))
