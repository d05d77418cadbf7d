# print(file=...) with sys.stdout, sys.stderr and any object with a write method.
import sys


class Collector:
    def __init__(self):
        self.parts = []
        self.flushes = 0

    def write(self, s):
        self.parts.append(s)
        return len(s)

    def flush(self):
        self.flushes += 1


c = Collector()
print("a", 1, [2, 3], sep="-", end="!\n", file=c)
print(file=c)
print("x", "y", sep=None, end=None, file=c, flush=True)
print(c.parts, c.flushes)

print("to stderr", 42, file=sys.stderr)
print("to stdout explicitly", file=sys.stdout)
print("with flush", flush=True)
n = sys.stdout.write("written directly\n")
print(n, sys.stdout.write(""), sys.stderr.write("direct to stderr\n"))
sys.stdout.flush()
print(sys.stdout.writable(), sys.stdout.readable(), sys.stdin.readable(), sys.stdout.fileno(), sys.stderr.fileno())
print(sys.stdout.encoding, sys.stderr.errors, sys.stdout.name, sys.stderr.name)

old = sys.stdout
sys.stdout = c
print("captured", 7)
sys.stdout = old
print(c.parts[-4:])
print(sys.__stdout__ is old)

sys.stdout = None
print("goes nowhere")
sys.stdout = old
print("back")

try:
    sys.stdout.write(5)
except TypeError as e:
    print("TypeError", e)


class NoWrite:
    pass


try:
    print("x", file=NoWrite())
except AttributeError as e:
    print("AttributeError", e)
try:
    print("x", sep=3)
except TypeError as e:
    print("TypeError", e)
try:
    print("x", end=[])
except TypeError as e:
    print("TypeError", e)
try:
    print("x", bogus=1)
except TypeError as e:
    print("TypeError", e)


class Loud:
    def __str__(self):
        return "loud object"


print(Loud(), file=c)
print(c.parts[-2:])
