# Pairs of instructions that the interpreter runs as one (LOAD_FAST + LOAD_FAST, LOAD_FAST +
# LOAD_CONST, LOAD_CONST + LOAD_FAST, STORE_FAST + LOAD_FAST, STORE_FAST + STORE_FAST, FOR_ITER +
# STORE_FAST, POP_TOP + JUMP_BACKWARD): an
# unbound local in the second half raises from the second instruction (its line, its column, its
# exception handler), jumps into the middle of a pair still run the second instruction, and
# values flow through both halves.
import sys
import traceback


def show(f, *args):
    try:
        print(f.__name__, f(*args))
    except UnboundLocalError as e:
        tb = e.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        print(f.__name__, "raised", e, "at line", tb.tb_lineno - f.__code__.co_firstlineno)


def load_load(flag):
    if flag:
        b = 2
    a = 1
    return a, b


def const_load(flag):
    if flag:
        b = 2
    return 3 + \
        b


def store_load(flag):
    if flag:
        b = 2
    a = 1
    return b


def handler_between(flag):
    if flag:
        b = 2
    a = 1
    try:
        x = a
        return b
    except UnboundLocalError:
        return "handled in the pair's second half"


def store_store(pairs):
    total = 0
    for a, b in pairs:
        total += a * b
    x = y = total
    return x, y


def jump_into_pair(n):
    # The loop's condition starts with a LOAD_FAST that follows a STORE_FAST: the backward jump
    # enters the second instruction of that pair.
    i = 0
    acc = 0
    while i < n:
        acc += i
        i += 1
    return i, acc


def load_const_pairs(xs):
    out = []
    for x in xs:
        y = x * 2 + 1
        out.append(y - x)
    return out


def loop_variables(items):
    # FOR_ITER + STORE_FAST over every kind of iterator; the loop variable keeps the last item.
    seen = []
    for x in items:
        seen.append(x)
    for x in iter(items):
        pass
    for x in (v * 2 for v in items):
        seen.append(x)
    for x in ():
        seen.append("never")
    return seen, x


def expression_loop(n):
    # POP_TOP + JUMP_BACKWARD: a loop whose body ends with an expression statement.
    out = []
    for i in range(n):
        out.append(i)
    return out


def generator_of_yields(n):
    for i in range(n):
        yield i * i


for flag in (True, False):
    show(load_load, flag)
    show(const_load, flag)
    show(store_load, flag)
    show(handler_between, flag)
show(store_store, [(1, 2), (3, 4), (5, 6)])
show(jump_into_pair, 1000)
show(load_const_pairs, range(20))
show(loop_variables, [3, 1, 2])
show(loop_variables, range(4))
show(expression_loop, 5)
print(list(generator_of_yields(6)), sum(generator_of_yields(100)))

try:
    load_load(False)
except UnboundLocalError:
    lines = traceback.format_exc().splitlines()
    print("\n".join(line for line in lines[-3:] if "File" not in line))
