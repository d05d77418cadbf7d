# frames of class bodies and comprehensions; locals()/vars()/dir() there; a failing class body
import sys


def outer_function():
    marker = "outer"

    class Local:
        a = 1
        here = sys._getframe()
        names = dir()
        back_locals = sorted(sys._getframe(1).f_locals)
        back_name = sys._getframe(1).f_code.co_name

    return Local


L = outer_function()
print(L.names, L.back_locals, L.back_name, L.here.f_code.co_name, L.here.f_locals is L.__dict__)
print(sorted(L.here.f_locals))


class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["caller"] = sys._getframe(1).f_code.co_name
        return super().__new__(mcls, name, bases, ns)


class WithMeta(metaclass=Meta):
    pass


print(WithMeta.caller)
squares = [sys._getframe().f_code.co_name for _ in range(2)]
print(squares, {k: sys._getframe(1).f_code.co_name for k in "a"})


def comp_locals():
    y = 5
    return [sorted(locals()) for x in range(1)]


print(comp_locals())


def build(n):
    out = []
    for i in range(n):
        class C:
            value = i
            frame_name = sys._getframe().f_code.co_name
            outer = sys._getframe(1).f_locals["i"]
        out.append((C.value, C.frame_name, C.outer))
    return out[-3:]


print(build(1200))


class Broken:
    ok = 1
    value = undefined_in_class_body
