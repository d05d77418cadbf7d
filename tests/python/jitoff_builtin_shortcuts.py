# The builtins the interpreter runs itself (len, isinstance, min, max, abs, ord, chr,
# int.bit_length, dict.get, set.add, list.append/remove/insert/pop, object.__init__, the unary
# math functions), called bound and unbound, with the argument kinds they take and those they
# leave to the general call, and their errors.
import math


def attempt(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "raised", type(e).__name__, e)
    else:
        print(label, "->", repr(r))


class L(list):
    pass


class LenL(list):
    def __len__(self):
        return 42


class Sized:
    def __len__(self):
        return 7


attempt("len list", lambda: len([1, 2, 3]))
attempt("len str", lambda: len("héllo"))
attempt("len subclass", lambda: len(L([1, 2])))
attempt("len subclass override", lambda: len(LenL([1, 2])))
attempt("len user", lambda: len(Sized()))
attempt("len int", lambda: len(5))
attempt("len two args", lambda: len([1], [2]))
attempt("isinstance", lambda: (isinstance(3, int), isinstance(L(), list), isinstance("s", (int, str))))
attempt("isinstance bad", lambda: isinstance(3, 4))
attempt("min", lambda: (min(3, 1, 2), min(2.5, 1), min("b", "a", "c", "d")))
attempt("max", lambda: (max(3, 1, 2), max(2.5, 7), max([1], [2])))
attempt("min five", lambda: min(5, 4, 3, 2, 1))
attempt("min mixed", lambda: min(1, "a"))
attempt("max key", lambda: max(1, -5, key=abs))
attempt("abs", lambda: (abs(-3), abs(2.5), abs(-0.0), abs(-(2 ** 70)), abs(True), abs(3 + 4j)))
attempt("abs str", lambda: abs("x"))
attempt("ord", lambda: (ord("a"), ord("é"), ord(b"z"), ord(bytearray(b"q"))))
attempt("ord long", lambda: ord("ab"))
attempt("ord int", lambda: ord(5))
attempt("chr", lambda: (chr(97), chr(0x1F600), chr(True)))
attempt("chr big", lambda: chr(0x110000))
attempt("chr neg", lambda: chr(-1))
attempt("chr float", lambda: chr(9.0))
attempt("bit_length", lambda: ((255).bit_length(), (-256).bit_length(), int.bit_length(2 ** 100), True.bit_length()))
attempt("bit_length arg", lambda: (5).bit_length(1))
d = {"a": 1}
attempt("dict.get", lambda: (d.get("a"), d.get("b"), d.get("b", 9), dict.get(d, "a")))
attempt("dict.get unhashable", lambda: d.get([]))
attempt("dict.get three", lambda: d.get("a", 1, 2))
s = set()
attempt("set.add", lambda: (s.add(1), set.add(s, "x"), s.add(1), sorted(s, key=repr)))
attempt("set.add unhashable", lambda: s.add([]))
attempt("frozenset add", lambda: frozenset().add(1))
lst = [3, 1]
attempt("list.append", lambda: (lst.append(4), list.append(lst, 5), lst))
attempt("list.insert", lambda: (lst.insert(0, 9), lst.insert(-1, 8), lst.insert(100, 7), lst))
attempt("list.insert bool", lambda: (lst.insert(True, 6), lst))
attempt("list.insert bad", lambda: lst.insert("a", 1))
attempt("list.remove", lambda: (lst.remove(9), lst))
attempt("list.remove missing", lambda: lst.remove(99))
attempt("list.pop", lambda: (lst.pop(), lst.pop(0), lst.pop(-1), list.pop(lst), lst))
attempt("list.pop far", lambda: lst.pop(50))
attempt("list.pop empty", lambda: [].pop())
sub = L([1, 2])
attempt("subclass methods", lambda: (sub.append(3), sub.pop(0), sub.insert(0, 0), sub.remove(2), sub, type(sub).__name__))
attempt("list.append on tuple", lambda: list.append((1,), 2))
attempt("object init", lambda: object.__init__(Sized()))
for name in ("sqrt", "exp", "sin", "cos", "log", "fabs", "floor", "ceil"):
    f = getattr(math, name)
    attempt("math." + name, lambda: (f(2), f(2.5), f(True)))
attempt("math.sqrt neg", lambda: math.sqrt(-1))
attempt("math.exp big", lambda: math.exp(1000))
attempt("math.log zero", lambda: math.log(0))
attempt("math.sqrt str", lambda: math.sqrt("x"))
attempt("math.sqrt big int", lambda: math.sqrt(10 ** 400))
attempt("math.log base", lambda: math.log(8, 2))
attempt("math.pow", lambda: math.pow(2, 10))


def shadowed():
    len = lambda x: -1
    return len([1, 2])


attempt("shadowed", shadowed)
total = 0
for i in range(300):
    total += len(lst) + abs(i - 150) + ord(chr(i % 100 + 32)) + min(i, 77) + max(i, 200)
    total += d.get(i, 1) + int(math.sqrt(i))
print(total)
