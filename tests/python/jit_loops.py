# Hot loops that exercise the JIT: guards that start failing, overflow into big ints, strategy
# switches, calls and attribute access inside loops, exceptions raised and caught in a loop.
def mixed(n):
    total = 0
    for i in range(n):
        if i < n // 2:
            total += i
        else:
            total -= 1
    return total
print(mixed(3000))

def overflow():
    x = 1
    for i in range(100):
        x = x * 3 + i
    return x
print(overflow())

def floats(n):
    acc = 0.0
    for i in range(n):
        acc += i * 0.5
        if i == n - 10:
            acc += 1
    return acc
print(floats(2000))

def strategies():
    items = []
    for i in range(500):
        if i == 400:
            items.append("switch")
        items.append(i)
    return len(items), items[399], items[400], items[-1]
print(strategies())

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm1(self):
        return abs(self.x) + abs(self.y)

def points(n):
    total = 0
    for i in range(n):
        p = Point(i, -i)
        if i == n - 5:
            p.z = 1
        total += p.norm1()
    return total
print(points(1500))

def exceptions(n):
    caught = 0
    for i in range(n):
        try:
            if i % 7 == 0:
                raise ValueError(i)
            caught += 0
        except ValueError as e:
            caught += e.args[0]
    return caught
print(exceptions(2000))

def calls(n):
    def add(a, b=1):
        return a + b
    total = 0
    i = 0
    while i < n:
        total = add(total, i)
        i = add(i)
    return total
print(calls(3000))

def gen_sum(n):
    def numbers():
        for i in range(n):
            yield i
    s = 0
    for v in numbers():
        s += v
    return s
print(gen_sum(2000))

def nested_loops():
    grid = [[0] * 30 for _ in range(30)]
    for i in range(30):
        for j in range(30):
            grid[i][j] = i * j
    return sum(sum(row) for row in grid)
print(nested_loops())

def dict_loop(n):
    d = {}
    for i in range(n):
        d[i % 17] = d.get(i % 17, 0) + i
    return sorted(d.items())[:3]
print(dict_loop(3000))

def string_loop(n):
    parts = []
    for i in range(n):
        parts.append(str(i % 10))
    return "".join(parts)[:20], len(parts)
print(string_loop(1000))

def while_break(n):
    i = 0
    while True:
        i += 3
        if i > n:
            break
    return i
print(while_break(5000))
