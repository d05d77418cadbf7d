# Exception group details: subclass nesting errors, read-only fields, notes copied on split,
# deep groups hitting the recursion limit, generic aliases, and except* re-raising notes.
import types


def show(thunk):
    try:
        print("ok", thunk())
    except Exception as e:
        print(type(e).__name__, e)


class MyEG(ExceptionGroup):
    pass


class MyBEGE(BaseExceptionGroup, ValueError):
    pass


show(lambda: MyEG("eg", [ValueError(1), KeyboardInterrupt(2)]))
show(lambda: MyBEGE("eg", [ValueError(1), KeyboardInterrupt(2)]))
show(lambda: ExceptionGroup("eg", [ValueError(1), KeyboardInterrupt(2)]))
show(lambda: type(BaseExceptionGroup("eg", [ValueError(1), KeyboardInterrupt(2)])).__name__)

eg = ExceptionGroup("eg", [TypeError(1), OSError(2)])
for field in ["message", "exceptions"]:
    show(lambda: setattr(eg, field, "x"))
    show(lambda: delattr(eg, field))
print(eg.message, eg.exceptions)

eg.add_note("note1")
eg.add_note("note2")
match, rest = eg.split(TypeError)
print(match.__notes__, rest.__notes__, match.__notes__ is eg.__notes__, match.__notes__ is rest.__notes__)
match.add_note("match")
print(eg.__notes__, match.__notes__, rest.__notes__)
eg.__notes__ = ("a", "b")
print(eg.subgroup(OSError).__notes__)
eg.__notes__ = 123
match, rest = eg.split(TypeError)
print(hasattr(match, "__notes__"), hasattr(rest, "__notes__"))

deep = TypeError(1)
for i in range(2000):
    deep = ExceptionGroup("eg", [deep])
show(lambda: deep.split(TypeError))
show(lambda: deep.subgroup(TypeError))

alias = ExceptionGroup[ValueError]
print(isinstance(alias, types.GenericAlias), alias, BaseExceptionGroup[int], MyEG[str])

try:
    try:
        e = ExceptionGroup("outer", [ValueError(1), TypeError(2)])
        e.add_note("kept")
        raise e
    except* ValueError:
        print("handled ValueError")
except ExceptionGroup as g:
    print(type(g).__name__, g, g.exceptions, getattr(g, "__notes__", None))
