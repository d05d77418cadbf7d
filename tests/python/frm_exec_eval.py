# eval/exec without namespaces use the caller's globals and locals; frames of exec'd code
import sys

top = "module level"


def in_function(a):
    b = a * 2
    print(eval("a + b"))
    exec("print('exec', a, b, top)")
    exec("c = a + b")
    print("c" in locals(), eval("b", {"b": 100}), eval("a", None, {"a": -1}))
    print(eval("sys._getframe().f_back.f_code.co_name"))
    try:
        return eval("[x * a for x in range(3)]")
    except NameError as e:
        return type(e).__name__ + ": " + str(e)


print(in_function(5))
print(eval("top"), eval("len(top)"))
exec("made_here = 42")
print(made_here)


class Body:
    k = 3
    doubled = eval("k * 2")
    exec("tripled = k * 3")


print(Body.doubled, Body.tripled)


def nested():
    x = 1

    def inner():
        return eval("x")

    try:
        return inner()
    except NameError as e:
        return type(e).__name__ + ": " + str(e)


print(nested())


def loop():
    total = 0
    for i in range(400):
        total += eval("i * 2")
        exec("total2 = i")
    return total


print(loop())
g = {"__builtins__": __builtins__}
exec("def f():\n    import sys\n    return sys._getframe(1).f_code.co_name\nr = f()", g)
print(g["r"])
try:
    eval("undefined_name + 1")
except NameError as e:
    print(type(e).__name__, e)
in_function(undefined_at_the_end)
