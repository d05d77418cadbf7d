# Subclasses of str and bytes.

class Name(str):
    def shout(self):
        return self.upper() + "!"

n = Name("alice")
print(n, repr(n), type(n).__name__, isinstance(n, str), len(n), n[0], n[1:3])
print(n.shout(), n.upper(), type(n.upper()).__name__, n.title(), n.split("i"))
print(n + "x", type(n + "x").__name__, "x" + n, n * 2, "li" in n, n == "alice", "alice" == n)
print(hash(n) == hash("alice"), {n: 1}["alice"], {"alice": 2}[n], str(n), type(str(n)).__name__)
print(f"[{n}]", "[%s]" % n, "[{}]".format(n), format(n, ">8"), "-".join([n, Name("bob")]))
print(sorted([Name("b"), "a", Name("c")]), list(n), n.startswith(Name("al")), "x".join(n))

class Obj:
    pass

o = Obj()
setattr(o, Name("attr"), 5)
print(getattr(o, Name("attr")), hasattr(o, Name("attr")), o.attr)

class Upper(str):
    def __new__(cls, text):
        return super().__new__(cls, text.upper())
    def __repr__(self):
        return f"Upper({str.__repr__(self)})"

u = Upper("hey")
print(u, repr(u), [u], u.lower(), type(u).__name__)

class Loud(str):
    def __str__(self):
        return "LOUD"
print(str(Loud("q")), Loud("q"), "%s" % Loud("q"), f"{Loud('q')}", Loud("q") + "")

class B(bytes):
    pass

b = B(b"abc")
print(b, type(b).__name__, b + b"d", b[0], b[1:], b.decode(), len(b), b == b"abc", b.hex())
print(bytes(b), type(bytes(b)).__name__, B([65, 66]), hash(b) == hash(b"abc"))

class BA(bytearray):
    pass

ba = BA(b"xy")
ba.append(122)
ba += b"!"
print(ba, type(ba).__name__, len(ba), bytes(ba))
print(str.__new__(Name, "made"), type(str.__new__(Name, "made")).__name__)
try:
    Name(1, 2, 3)
except TypeError as e:
    print(type(e).__name__, e)
