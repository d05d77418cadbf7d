# Module-level names, class bodies, and deletions.
x = 1
def read_global():
    return x
class Namespace:
    x = 2
    y = x + 1
    def method(self):
        return x
print(read_global(), Namespace.x, Namespace.y, Namespace().method())
del x
try:
    read_global()
except NameError as e:
    print("NameError:", e)
def local_unbound():
    if False:
        z = 1
    return z
try:
    local_unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def shadow():
    len = lambda s: 42
    return len("abc")
print(shadow(), len("abc"))
def cells():
    a = 1
    def get():
        return a
    a = 2
    return get()
print(cells())
class Outer:
    class Inner:
        value = "inner"
    def make(self):
        return self.Inner()
print(Outer().make().value, Outer.Inner.__qualname__)
counter = [0]
def bump():
    counter[0] += 1
for _ in range(3):
    bump()
print(counter)
