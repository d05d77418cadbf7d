# Classes: methods, inheritance, super(), class attributes, properties, dunders.
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def describe(self):
        return f"{self.name} the {self.kind} says {self.speak()}"
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return "woof"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def speak(self):
        return super().speak() + "!"
p = Puppy("Rex", 1)
print(p.describe(), p.age, Puppy.kind, isinstance(p, Animal), issubclass(Puppy, Dog), type(p).__name__)
print(Puppy.__mro__[1].__name__, Dog.__bases__[0].__name__, p.__class__ is Puppy)
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, 3 * v, v == Vec(4, 6), v != Vec(0, 0), len(v), v[1], list(v), {v: 1}[Vec(4, 6)])
print(sorted([Vec(2, 1), Vec(1, 5)]), str(v), [v], Vec(1, 1) in [Vec(1, 1)])
class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, value):
        self._c = value * 2
    @staticmethod
    def s(x):
        return x + 1
    @classmethod
    def make(cls):
        return cls()
t = Temp.make()
t.c = 5
print(t.c, Temp.s(1), t.s(2), type(t).__name__)
class Plain:
    pass
o = Plain()
o.a = 1
o.b = 2
print(o.a + o.b, hasattr(o, "a"), hasattr(o, "z"), getattr(o, "z", "dflt"))
setattr(o, "z", 9)
print(o.z)
del o.a
print(hasattr(o, "a"))
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
for _ in range(5):
    Counter()
print(Counter.instances)
class Base:
    def __init__(self):
        self.log = ["Base"]
class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")
class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")
class Both(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Both")
print(Both().log, [c.__name__ for c in Both.__mro__])
class Truthy:
    def __bool__(self):
        return False
print(bool(Truthy()), "yes" if Truthy() else "no", not Truthy())
class WithStr:
    def __str__(self):
        return "str!"
print(WithStr(), str(WithStr()), f"{WithStr()}")
class Callable:
    def __call__(self, x):
        return x * 10
print(Callable()(4), callable(Callable()), callable(1))
class Iter:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print(list(Iter(4)), sum(Iter(10)))
