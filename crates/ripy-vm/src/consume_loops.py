# The loops of the builtins that consume a generator past their first items (crate::consume),
# as Python functions: the JIT traces each as a loop of its own that inlines the generator's
# resumption (PyPy's jitdrivers of sum, min/max, list-from-iterable...). Each runs the step of
# its builtin on the accumulator `acc`, item by item, as CPython's C loops do. `add_pair` (the
# only global) is a builtin that traces inline (`consume.call`).


def append(gen, acc):
    for item in gen:
        acc.append(item)
    return acc


def add(gen, acc):
    for item in gen:
        acc.add(item)
    return acc


def sum(gen, acc):
    for item in gen:
        acc = acc + item
    return acc


def any(gen, acc):
    for item in gen:
        if item:
            return True
    return False


def all(gen, acc):
    for item in gen:
        if not item:
            return False
    return True


def min(gen, acc):
    for item in gen:
        if item < acc:
            acc = item
    return acc


def max(gen, acc):
    for item in gen:
        if item > acc:
            acc = item
    return acc


def pairs(gen, acc, index):
    for item in gen:
        add_pair(acc, item, index)
        index = index + 1
    return acc
