# Calls of globals and builtins (`LOAD_GLOBAL (NULL + name)`): shadowing, rebinding and
# deletion mid-loop, unbound names, class bodies and module level, and the bytecode dis shows.
import builtins
import dis


def helper(x):
    return x + 1


def call_helper_loop(n):
    total = 0
    for i in range(n):
        total += helper(i)
        if i == n // 2:
            rebind()
    return total


def rebind():
    global helper
    helper = lambda x: x * 10


print(call_helper_loop(3000))
print(call_helper_loop(10))


def shadow_len(n):
    out = []
    for i in range(n):
        out.append(len("abc"))
        if i == n // 3:
            globals()["len"] = lambda s: -1
        if i == 2 * n // 3:
            del globals()["len"]
    return out.count(3), out.count(-1)


print(shadow_len(3000))


def builtin_replaced(n):
    saved = builtins.abs
    out = 0
    try:
        for i in range(n):
            out += abs(-i)
            if i == n // 2:
                builtins.abs = lambda v: 1
    finally:
        builtins.abs = saved
    return out


print(builtin_replaced(2000))


def deleted_mid_loop(n):
    global victim
    victim = lambda: 7
    got = 0
    for i in range(n):
        try:
            got += victim()
        except NameError as e:
            print("NameError at", i, e)
            return got
        if i == n - 5:
            del victim
    return got


print(deleted_mid_loop(2000))


def unbound_call():
    return not_defined_anywhere(1, 2)


try:
    unbound_call()
except NameError as e:
    print("NameError", e)


def raising_callee(x):
    if x > 1500:
        raise ValueError("big %d" % x)
    return x


def calls_raising(n):
    s = 0
    for i in range(n):
        try:
            s += raising_callee(i)
        except ValueError as e:
            s -= 1
    return s


print(calls_raising(2000))


class K:
    v = helper(1)
    w = [len(x) for x in ("a", "bb")]
    print(v, w, max(1, 2))


print(K.v, K.w, sorted(map(abs, [-3, 2, -1])))


def nested_global_calls(n):
    return sum(max(i, n - i) for i in range(n)) + min(len(str(n)), 100)


print(nested_global_calls(1000))


def show(fn):
    for ins in dis.get_instructions(fn):
        if ins.opname in ("LOAD_GLOBAL", "PUSH_NULL"):
            print(" ", ins.opname, ins.arg, ins.argrepr)


def uses(a):
    x = len(a)
    y = helper
    print(x, y is not None)
    return sorted(a)[0] + abs(x)


show(uses)
show(call_helper_loop)
print(uses([3, 1, 2]))
