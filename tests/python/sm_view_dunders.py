d = {1: 'a', 2: 'b'}
k, v, i = d.keys(), d.values(), d.items()
print(k.__len__(), k.__contains__(1), k.__contains__(3), list(k.__iter__()))
print(v.__len__(), list(v.__iter__()), hasattr(v, '__contains__'))
print(i.__len__(), i.__contains__((1, 'a')), i.__contains__((1, 'b')), list(i.__iter__()))
class Exc(Exception): pass
class BadEq:
    def __hash__(self): return 7
    def __eq__(self, other): raise Exc
k1, k2 = BadEq(), BadEq()
d = {k1: 1}
for f, arg in [(d.keys().__contains__, k2), (d.items().__contains__, (k2, 1))]:
    try:
        f(arg)
    except Exc:
        print("Exc")
try:
    type(k).__len__(i)
except TypeError as e:
    print(e)
for f, a in [(list.__len__, ()), (list.__getitem__, ()), (dict.__contains__, []), (str.__add__, 1), (list.append, ()), (int.__add__, 'a'), (set.__iter__, [])]:
    try:
        f(a)
    except TypeError as e:
        print(f.__name__, e)
