# Globals and builtins read in hot loops while the module's namespace changes: the JIT folds a
# lookup to the entry it found while tracing, guarded by the dict's key version.
import builtins


def total(n):
    t = 0
    for i in range(n):
        t += scale * i + len(WORDS)
    return t


scale = 2
WORDS = ["a", "b"]
print(total(300))
scale = 3  # a value replaced: same entry
print(total(300))
del scale
try:
    total(10)
except NameError as e:
    print(type(e).__name__, e)
scale = 5  # inserted again: another entry
print(total(300))

def shadowed(n):
    r = 0
    for i in range(n):
        r += len("abc")
        if i == 150:
            globals()["len"] = lambda s: 100
    return r


print(shadowed(300))
del len
print(shadowed(10) if False else len("xy"))

builtins.extra_builtin = 7


def uses_builtin(n):
    return sum(extra_builtin for _ in range(n))


print(uses_builtin(200))
builtins.extra_builtin = 8
print(uses_builtin(200))
del builtins.extra_builtin
try:
    uses_builtin(3)
except NameError as e:
    print(type(e).__name__, e)

namespace = {"k": 4}
code = compile("t = 0\nfor i in range(300):\n    t += k\n", "<ns>", "exec")
exec(code, namespace)
print(namespace["t"])
namespace[1] = "not a str key"
exec(code, namespace)
print(namespace["t"])
for j in range(50):
    globals()["g%d" % j] = j
print(total(300), sum(globals()["g%d" % j] for j in range(50)))
