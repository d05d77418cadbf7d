# abc and contextlib.
import abc
import contextlib
import io

class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...
    @classmethod
    @abc.abstractmethod
    def make(cls):
        ...

class Square(Shape):
    def __init__(self, s=2):
        self.s = s
    def area(self):
        return self.s ** 2
    @classmethod
    def make(cls):
        return cls(3)

try:
    Shape()
except TypeError as e:
    print(type(e).__name__, e)
print(Square().area(), Square.make().area(), isinstance(Square(), Shape), issubclass(Square, Shape))
print(sorted(Shape.__abstractmethods__), Square.__abstractmethods__)

class Sized(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return hasattr(C, "__len__") or NotImplemented
print(isinstance([], Sized), isinstance(1, Sized))
Sized.register(int)
print(isinstance(1, Sized))

class Legacy(metaclass=abc.ABCMeta):
    @abc.abstractclassmethod
    def build(cls):
        ...
    @abc.abstractstaticmethod
    def helper():
        ...
    @abc.abstractproperty
    def prop(self):
        ...
print(sorted(Legacy.__abstractmethods__))

@contextlib.contextmanager
def tag(name):
    print("<" + name + ">")
    try:
        yield name.upper()
    finally:
        print("</" + name + ">")

with tag("b") as t:
    print("inside", t)
with contextlib.suppress(KeyError):
    {}["x"]
print("suppressed")
with contextlib.ExitStack() as stack:
    for n in ["x", "y"]:
        stack.enter_context(tag(n))
    stack.callback(print, "callback")
try:
    with tag("err"):
        raise ValueError("boom")
except ValueError as e:
    print(type(e).__name__, e)
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured")
print(repr(buf.getvalue()))
with contextlib.nullcontext(5) as v:
    print(v)
cm = contextlib.closing(io.StringIO("data"))
with cm as f:
    print(f.read())
