# Bool attributes tested for truth in hot loops (the JIT compares a bool with the object it was),
# flipping between True and False, replaced mid-loop by other objects (ints, None, instances
# with __bool__/__len__), and `is None` checks of instances.


class Task:
    def __init__(self, i):
        self.ready = i % 2 == 0
        self.held = False
        self.i = i
        self.link = None


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v > 2


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


def run(tasks, n):
    counts = [0, 0, 0, 0]
    for k in range(n):
        t = tasks[k % len(tasks)]
        if t.ready:
            counts[0] += 1
        if not t.held:
            counts[1] += 1
        if t.ready and not t.held:
            counts[2] += 1
        x = t.ready or t.held
        if x:
            counts[3] += 1
        if k % 7 == 0:
            t.held = not t.held
    return counts


tasks = [Task(i) for i in range(5)]
print(run(tasks, 3000))
tasks[2].ready = 0
tasks[3].held = 1
print(run(tasks, 3000))
tasks[1].ready = None
tasks[4].held = Truthy(5)
print(run(tasks, 3000))
tasks[0].ready = Sized(0)
tasks[2].ready = Sized(3)
tasks[4].held = Truthy(1)
print(run(tasks, 3000))
tasks[0].ready = "x"
tasks[1].ready = ""
tasks[3].held = []
print(run(tasks, 3000))


def chain(head, n):
    # `t is None` of instances next to None, and of a value that is sometimes True/False.
    total = 0
    misses = 0
    for k in range(n):
        t = head
        while t is not None:
            total += t.i
            if t.link is None:
                misses += 1
            t = t.link
        flag = k % 3 == 0
        if flag is True:
            total += 1
        if flag is None:
            total -= 1000
    return total, misses


for i in range(4):
    tasks[i].link = tasks[i + 1]
print(chain(tasks[0], 2000))
tasks[2].link = None
print(chain(tasks[0], 2000))


def flags(n):
    # A bool and a non-bool flowing into the same truth test.
    vals = [True, False, 1, 0, True, None, False, 2.5, True, ()]
    s = 0
    for k in range(n):
        v = vals[k % len(vals)]
        if v:
            s += k
        elif not v:
            s -= 1
    return s


print(flags(5000))
