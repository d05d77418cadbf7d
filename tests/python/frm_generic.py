# types.GenericAlias (list[int]) and types.UnionType (int | str)
import types
print(list[int], dict[str, list[int]], tuple[()], tuple[int, ...], type[int])
a = list[int]
print(a.__origin__, a.__args__, a.__parameters__, type(a), type(a) is types.GenericAlias)
print(a == list[int], a != list[str], hash(a) == hash(list[int]), a([1, 2]))
print(int | str, int | None, None | int, (int | str) | bytes, int | int, type(int | str) is types.UnionType)
u = int | str
print(u.__args__, isinstance(1, u), isinstance(b"", u), issubclass(bool, u), u == (str | int), hash(u) == hash(str | int))
try:
    isinstance(1, list[int])
except TypeError as e:
    print(type(e).__name__, e)
try:
    int[str]
except TypeError as e:
    print(type(e).__name__, e)
try:
    1 | int
except TypeError as e:
    print(type(e).__name__, e)
print(list[int] | None, int | list[str])
print(types.FunctionType.__code__, types.FunctionType.__globals__, int.real)
print(type(types.FunctionType.__code__).__name__, types.GetSetDescriptorType, types.MemberDescriptorType)
class C(list[int]):
    pass
print(C.__mro__, C.__orig_bases__)
print(list[int].__name__)
print(repr(dict[int, tuple[str, ...]]), frozenset[int], set[bytes], enumerate[str])
print(list[int] == list[int], list[int] == list, {list[int]: 1}[list[int]])
u = int | str | None
print(u, u.__args__, isinstance(None, u), isinstance(2.5, u))
print((int | str) | (str | bytes), int | (str | int))
print(repr(u.__parameters__), list[int].__parameters__)
try:
    list[int].x = 1
except AttributeError as e:
    print(type(e).__name__, e)
try:
    types.UnionType()
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(int, list[int])
except TypeError as e:
    print(type(e).__name__, e)
try:
    list[int][str]
except TypeError as e:
    print(type(e).__name__, e)


class Box:
    def __class_getitem__(cls, item):
        return types.GenericAlias(cls, item)


print(Box[int], Box[int].__origin__ is Box, Box[int, str].__args__)
ga = types.GenericAlias(list, (int,))
print(ga, ga == list[int])
made = ga([3, 4])
print(made, type(made))


def loop():
    total = 0
    for i in range(2000):
        alias = list[int] if i % 2 else dict[str, int]
        union = int | str if i % 3 else bytes | None
        total += len(alias.__args__) + len(union.__args__)
        total += isinstance(i, union)
    return total


print(loop())
