# ExceptionGroup / BaseExceptionGroup: construction, attributes, split, subgroup, derive, nesting
eg = ExceptionGroup("top", [
    ValueError("v1"),
    TypeError("t1"),
    ExceptionGroup("nested", [ValueError("v2"), KeyError("k")]),
])
print(repr(eg))
print(str(eg), "|", eg.message, "|", len(eg.exceptions), type(eg.exceptions).__name__)
print(isinstance(eg, Exception), isinstance(eg, BaseExceptionGroup), type(eg).__mro__[1].__name__)

def show(label, g):
    if g is None:
        print(label, None)
    else:
        print(label, repr(g))

m, r = eg.split(ValueError)
show("split ValueError match:", m)
show("split ValueError rest:", r)
m, r = eg.split((TypeError, KeyError))
show("split tuple match:", m)
show("split tuple rest:", r)
m, r = eg.split(lambda e: isinstance(e, LookupError))
show("split predicate match:", m)
show("split predicate rest:", r)
m, r = eg.split(Exception)
print("split everything:", m is eg, r)
m, r = eg.split(OSError)
print("split nothing:", m, r is eg)
show("subgroup:", eg.subgroup(KeyError))
show("subgroup none:", eg.subgroup(ZeroDivisionError))
show("subgroup predicate on groups:", eg.subgroup(lambda e: isinstance(e, ExceptionGroup) and e.message == "nested"))

# metadata is copied to split results
try:
    raise eg from KeyError("cause")
except ExceptionGroup as caught:
    caught.add_note("a note")
    m, r = caught.split(TypeError)
    print(repr(m.__cause__), m.__notes__, m.__traceback__ is caught.__traceback__, r.__notes__)

# derive keeps the class as BaseExceptionGroup/ExceptionGroup
d = eg.derive([ValueError("x")])
print(type(d).__name__, repr(d))

# BaseExceptionGroup picks ExceptionGroup when it can
print(type(BaseExceptionGroup("b", [ValueError()])).__name__)
print(type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)

# construction errors
for args in [(1, [ValueError()]), ("m", 5), ("m", []), ("m", [1]), ("m", [ValueError(), "x"]), ("m",)]:
    try:
        ExceptionGroup(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    ExceptionGroup("m", [KeyboardInterrupt()])
except TypeError as e:
    print(type(e).__name__, e)
for cond in [5, "x", (ValueError, 3)]:
    try:
        eg.split(cond)
    except TypeError as e:
        print(type(e).__name__, e)

# a subclass with its own derive
class MyGroup(ExceptionGroup):
    def __new__(cls, message, excs, code):
        self = super().__new__(cls, message, excs)
        self.code = code
        return self
    def derive(self, excs):
        return MyGroup(self.message, excs, self.code)

try:
    MyGroup("mine", [ValueError(1)], code=1)
except TypeError as e:
    print(type(e).__name__, e)
mg = MyGroup("mine", [ValueError(1), TypeError(2)], 42)
m, r = mg.split(ValueError)
print(type(m).__name__, m.code, repr(m.exceptions), type(r).__name__, r.code, mg.args)

# notes
e = ValueError("with notes")
e.add_note("first")
e.add_note("second")
print(e.__notes__)
try:
    e.add_note(3)
except TypeError as err:
    print(type(err).__name__, err)
e.__notes__ = "not a list"
try:
    e.add_note("x")
except TypeError as err:
    print(type(err).__name__, err)
