# code objects: attributes, their descriptors, code from functions/lambdas/comprehensions/classes
import types


def sample(a, b, /, c, *args, d, e=5, **kw):
    "docstring"
    local = a + b
    inner_value = 1

    def inner():
        return inner_value

    return inner


code = sample.__code__
for name in ["co_name", "co_qualname", "co_argcount", "co_posonlyargcount", "co_kwonlyargcount",
             "co_nlocals", "co_varnames", "co_cellvars", "co_freevars", "co_names", "co_firstlineno"]:
    print(name, getattr(code, name))
print(code.co_filename.endswith("frm_code_objects.py"), code.co_flags & 0x0C == 0x0C, code.co_flags & 1)
inner = sample(1, 2, 3, d=4)
print(inner.__code__.co_freevars, inner.__code__.co_qualname, inner.__closure__[0].cell_contents)
print(type(code) is types.CodeType, types.CodeType.co_name.__get__(code), types.CodeType.co_varnames)
lam = lambda x: x
print(lam.__code__.co_name, lam.__code__.co_qualname, lam.__code__.co_varnames)


class K:
    def method(self):
        return [y for y in range(2)]


print(K.method.__code__.co_qualname, K.method.__code__.co_argcount)
nested = [c for c in K.method.__code__.co_consts if isinstance(c, types.CodeType)]
print([c.co_name for c in nested])


def gen():
    yield 1


async def coro():
    pass


print(bool(gen.__code__.co_flags & 0x20), bool(coro.__code__.co_flags & 0x80))
print(isinstance(code.co_nlocals, int), isinstance(code.co_consts, tuple))
try:
    code.co_name = "x"
except AttributeError as e:
    print(type(e).__name__, e)
print(compile("x = 1", "<frm>", "exec").co_name, compile("x", "<frm>", "eval").co_filename)
