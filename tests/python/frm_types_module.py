# the types module: the types of frames, tracebacks, code, descriptors, generic aliases, unions
import sys
import types

names = ["FunctionType", "LambdaType", "CodeType", "MappingProxyType", "SimpleNamespace", "CellType",
         "GeneratorType", "CoroutineType", "AsyncGeneratorType", "MethodType", "BuiltinFunctionType",
         "ModuleType", "TracebackType", "FrameType", "GetSetDescriptorType", "MemberDescriptorType",
         "GenericAlias", "UnionType", "EllipsisType", "NoneType", "NotImplementedType"]
for name in names:
    t = getattr(types, name)
    print(name, t.__name__, isinstance(t, type))


def f():
    pass


print(isinstance(f, types.FunctionType), isinstance(f.__code__, types.CodeType))
print(isinstance(sys._getframe(), types.FrameType))
try:
    1 / 0
except ZeroDivisionError as e:
    print(isinstance(e.__traceback__, types.TracebackType), isinstance(e.__traceback__.tb_frame, types.FrameType))
print(isinstance(types.FunctionType.__code__, types.GetSetDescriptorType))
print(isinstance(types.FunctionType.__globals__, types.MemberDescriptorType))
print(isinstance(list[int], types.GenericAlias), isinstance(int | str, types.UnionType))
print(types.GenericAlias(dict, (str, int)), types.NoneType | int)
print(isinstance(None, types.NoneType | int), types.new_class("Dyn").__name__)


class K:
    x = 1


proxy = K.__dict__
print(type(proxy).__name__, proxy["x"], "x" in proxy, proxy.get("y", 5), sorted(k for k in proxy if not k.startswith("__")))
K.y = 2
print(proxy["y"], len(proxy) == len(dict(proxy)), isinstance(proxy, types.MappingProxyType))
try:
    proxy["z"] = 1
except TypeError as e:
    print(type(e).__name__, e)
mp = types.MappingProxyType({"a": 1})
print(mp, mp | {"b": 2}, mp.copy(), list(mp.items()), mp == {"a": 1})
try:
    types.MappingProxyType([1])
except TypeError as e:
    print(type(e).__name__, e)
print(type(int.__dict__).__name__, "real" in int.__dict__, type(vars(K)).__name__)


def co():
    yield 1


print(isinstance(co(), types.GeneratorType), types.resolve_bases((list[int], int)))
