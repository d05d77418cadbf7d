# A hot loop over objects: run with METATRACE_LOG=- to see the trace the JIT compiles for it.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


def main(n):
    origin = Point(1, 2)
    total = 0
    for i in range(n):
        total += origin.dot(Point(i, i + 1)) % 7
    return total


print(main(3_000_000))
