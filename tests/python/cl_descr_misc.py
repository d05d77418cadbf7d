# In-place operator messages, object() without a __dict__, unbound super objects as class
# attributes, super() of proxies claiming a class, generator and coroutine attributes.
import types


def show(thunk):
    try:
        print("ok", thunk())
    except Exception as e:
        print(type(e).__name__, e)


for code in ['x = 1; x += "a"', "x = None; x **= 2", "x = None; x -= 2", "x = 1.5; x @= 2", "x = [1]; x -= [1]",
             "x = 'a'; x *= 'b'", "x = (1,); x += [2]", "x = {1}; x += {2}"]:
    print(code, end=" -> ")
    show(lambda: exec(code, {}))

o = object()
show(lambda: setattr(o, "foo", 1))
show(lambda: o.__dict__)
print(hasattr(o, "foo"), hasattr(o, "__dict__"))


class Sub:
    pass


s = Sub()
s.foo = 1
print(s.__dict__)


class A:
    def meth(self, a):
        return "A(%r)" % a


class B(A):
    def meth(self, a):
        return "B(%r)" % a + self.__super.meth(a)


B._B__super = super(B)


class C(B):
    def meth(self, a):
        return "C(%r)" % a + self.__super.meth(a)


C._C__super = super(C)
print(C().meth(3), B().meth(1))
print(type(B.__dict__["_B__super"]).__name__, B._B__super is B.__dict__["_B__super"])


class Proxy:
    def __init__(self, obj):
        self.__obj = obj

    def __getattribute__(self, name):
        if name.startswith("_Proxy__"):
            return object.__getattribute__(self, name)
        return getattr(self.__obj, name)


class Base:
    def f(self):
        return "Base.f"


class Derived(Base):
    def f(self):
        return super(Derived, self).f() + "->Derived.f"


p = Proxy(Derived())
print(Derived.__dict__["f"](p))
show(lambda: super(Derived, 5))


def gen():
    yield 1


g = gen()
print(g.gi_suspended, g.gi_running, g.gi_frame.f_back, g.gi_yieldfrom, g.gi_code.co_name)
next(g)
print(g.gi_suspended, g.gi_frame.f_back)
g.close()
print(g.gi_suspended, g.gi_frame)
print(sorted(k for k in vars(types.GeneratorType) if k.startswith("gi_")))
print(sorted(k for k in vars(types.CoroutineType) if k.startswith("cr_")))
print(sorted(k for k in vars(types.AsyncGeneratorType) if k.startswith("ag_")))


async def coro():
    pass


c = coro()
print(c.cr_suspended, c.cr_origin, c.cr_frame.f_back, c.cr_await)
c.close()


async def agen():
    yield 1


a = agen()
print(a.ag_running, a.ag_frame.f_back, a.ag_await)
