# Module globals that traces read as constants (quasi-immutable module-dict entries), changed
# while loops that read them run compiled: rebound in the loop, by a callee, through globals(),
# deleted and inserted again, builtins rebound and shadowed, many globals added (a new table),
# module attributes and keyword-only defaults changed, and exec with a plain dict as globals.
import builtins
import types

scale = 2
LIMIT = 1000


def read_scale(n):
    t = 0
    for i in range(n):
        t += scale * i
    return t


print(read_scale(500))
scale = 3
print(read_scale(500))


# Rebound by the loop itself, on every iteration and at one iteration only.
counter = 0


def bump(n):
    global counter
    for i in range(n):
        counter += 1
    return counter


print(bump(600), bump(600))

flag = "before"


def switch_midway(n):
    global flag
    seen = []
    for i in range(n):
        if i == n // 2:
            flag = "after"
        seen.append(flag)
    return seen.count("before"), seen.count("after")


print(switch_midway(3000))
flag = "before"
print(switch_midway(3000))


# Rebound by a callee every 100 iterations while the caller reads it.
mode = 0


def set_mode(v):
    global mode
    mode = v


def callee_rebinds(n):
    t = 0
    for i in range(n):
        if i % 100 == 99:
            set_mode(mode + 1)
        t += mode
    return t


print(callee_rebinds(3000))


# Through globals(), with the same object stored again (no change) and another object.
def through_globals(n):
    t = 0
    for i in range(n):
        if i % 50 == 0:
            globals()["scale"] = scale
        if i == 300:
            globals()["scale"] = 10
        t += scale
    return t


scale = 1
print(through_globals(3000))


# Deleted mid-loop: NameError at the right iteration, then inserted again.
victim = 5


def reads_victim(n):
    t = 0
    for i in range(n):
        if i == 400:
            del globals()["victim"]
        try:
            t += victim
        except NameError as e:
            t += 1000
            globals()["victim"] = 7
    return t


print(reads_victim(3000))


def delete_statement(n):
    global victim
    t = 0
    for i in range(n):
        if i % 200 == 199:
            del victim
            victim = i
        t += victim
    return t


print(delete_statement(3000))


# Builtins: rebound in the builtins module, shadowed by a global, the global deleted.
def uses_len(n):
    t = 0
    for i in range(n):
        t += len("abcd")
    return t


print(uses_len(500))
original_len = builtins.len
builtins.len = lambda s: 1
print(uses_len(500))
builtins.len = original_len
len = lambda s: 2
print(uses_len(500))
del len
print(uses_len(500))


def builtin_rebound_in_loop(n):
    t = 0
    for i in range(n):
        if i == 250:
            builtins.abs = lambda x: 100
        t += abs(-1)
    builtins.abs = original_abs
    return t


original_abs = builtins.abs
print(builtin_rebound_in_loop(3000), abs(-3))


# Many globals added while a loop reads one: the module dict grows (a new table).
def grows(n):
    t = 0
    for i in range(n):
        if i % 10 == 0:
            globals()["extra_%d" % i] = i
        t += LIMIT
    return t


print(grows(1000), sum(v for k, v in list(globals().items()) if k.startswith("extra_")))

# A module attribute read in a loop and rebound.
mod = types.ModuleType("mod")
mod.value = 4


def module_attr(n):
    t = 0
    for i in range(n):
        if i == 300:
            mod.value = 9
        t += mod.value
    return t


print(module_attr(3000))
del mod.value
try:
    module_attr(1)
except AttributeError as e:
    print(type(e).__name__, e)


# Keyword-only defaults changed while a loop calls the function.
def kw(*, k=1):
    return k


def calls_kw(n):
    t = 0
    for i in range(n):
        if i == 200:
            kw.__kwdefaults__["k"] = 5
        t += kw()
    return t


print(calls_kw(3000))


# exec with a plain dict as globals: the code's loop reads names of that dict, which its own
# function rebinds, and another dict runs the same code.
source = """
def rebind(v):
    global base
    base = v
total = 0
for i in range(600):
    if i == 300:
        rebind(base * 10)
    total += base
"""
code = compile(source, "<exec>", "exec")
first = {"base": 1}
exec(code, first)
second = {"base": 2}
exec(code, second)
print(first["total"], first["base"], second["total"], second["base"])
third = {"base": 3, "__builtins__": {"range": lambda n: [0, 1, 2]}}
exec(code, third)
print(third["total"])
