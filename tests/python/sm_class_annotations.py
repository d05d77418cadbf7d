class C: pass
print(C.__annotations__, '__annotations__' in C.__dict__)
class D:
    x: int
class E(D): pass
print(D.__annotations__, E.__annotations__, D.__annotations__)
C.__annotations__['a'] = 1
print(C.__annotations__)
try:
    int.__annotations__
except AttributeError as e:
    print(e)
del C.__annotations__
print(C.__annotations__)
class M(type): pass
class F(metaclass=M): y: str
print(F.__annotations__)
