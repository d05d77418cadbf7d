# super() in all forms: zero-argument in methods and classmethods, super(C, obj), super(C, C)
class A:
    def who(self):
        return "A"
    @classmethod
    def make(cls):
        return f"A.make for {cls.__name__}"
    @staticmethod
    def static():
        return "A.static"
    def __init__(self):
        self.trail = ["A"]

class B(A):
    def who(self):
        return "B>" + super().who()
    @classmethod
    def make(cls):
        return "B.make>" + super().make()
    def __init__(self):
        super().__init__()
        self.trail.append("B")

class C(A):
    def who(self):
        return "C>" + super().who()
    def __init__(self):
        super().__init__()
        self.trail.append("C")

class D(B, C):
    def who(self):
        return "D>" + super().who()
    def __init__(self):
        super().__init__()
        self.trail.append("D")

d = D()
print(d.who(), d.trail, [k.__name__ for k in D.__mro__])
print(D.make(), B.make())
print(super(B, d).who(), super(C, d).who(), super(D, d).who())
print(super(D, D).make(), super(B, D).make())
print(super(D, d).static())

# explicit two-argument super outside a class
print(super(D, d).__init__ is not None)

# super with a non-subclass
try:
    super(B, C())
except TypeError as e:
    print(type(e).__name__, e)
try:
    super(1, d)
except TypeError as e:
    print(type(e).__name__, e)

# zero-argument super without arguments / outside methods
def outside():
    return super()
try:
    outside()
except RuntimeError as e:
    print(type(e).__name__, e)

class E:
    def no_args():
        return super()
try:
    E.no_args()
except RuntimeError as e:
    print(type(e).__name__, e)

# super() attribute missing
class F(A):
    def missing(self):
        return super().nothing
try:
    F().missing()
except AttributeError as e:
    print(type(e).__name__, e)

# super in __init_subclass__ chains and with properties
class G:
    @property
    def p(self):
        return "G.p"
class H(G):
    @property
    def p(self):
        return "H.p+" + super().p
print(H().p)

# super() in a nested function of a method uses the cell
class I(A):
    def outer(self):
        def inner():
            return super(I, self).who()
        return inner()
print(I().outer())

# __class__ cell
class J:
    def cls(self):
        return __class__
print(J().cls() is J)
