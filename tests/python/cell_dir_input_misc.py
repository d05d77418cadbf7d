import types, sys, io
c = types.CellType(35)
print(c.cell_contents)
e = types.CellType()
try:
    e.cell_contents
except ValueError as ex:
    print("ValueError", ex)
try:
    types.CellType(1, 2)
except TypeError as ex:
    print("TypeError", ex)
class Foo(types.ModuleType):
    x = 1
f = Foo("foo")
f.y = 2
print(dir(f))
class BitBucket:
    def write(self, line): pass
old = sys.stdin, sys.stdout
sys.stdin = io.StringIO("1+1\n")
sys.stdout = BitBucket()
try:
    r = input()
finally:
    sys.stdin, sys.stdout = old
print(r)
import locale
f = open(__file__)
print(f.encoding == locale.getencoding(), locale.getencoding())
f.close()
class M:
    def __getitem__(self, key):
        if key == 'a':
            return 12
        raise KeyError
    def keys(self):
        return list('xyz')
m = M()
g = globals()
print(eval('a', g, m))
try: eval('b', g, m)
except NameError as e: print(e)
print(eval('dir()', g, m))
print(eval('globals()', g, m) is g, eval('locals()', g, m) is m)
