# `global` in a class body does not reach its methods; `global` in a nested function makes the
# module level's own use of the name global (visible under exec with separate locals).
x = "global"


def test(x):
    class Foo:
        global x

        def __call__(self, y):
            return x + y

        z = x

    return Foo()


f = test("local")
print(f("!"), f.z)


def run():
    ns_locals = {}
    ns_globals = {}
    exec("""if 1:
    x = 7
    def f():
        x = 1
        def g():
            global x
            def i():
                def h():
                    return x
                return h()
            return i()
        return g()
    print(f(), x)
    """, ns_globals, ns_locals)
    print(sorted(k for k in ns_globals if k != "__builtins__"), sorted(ns_locals))
    exec("""if 1:
    y = 1
    def k():
        return y
    try:
        k()
    except NameError as e:
        print(type(e).__name__, e)
    """, {}, {})


run()


def parallel():
    g = {}
    exec("""if 1:
    def f():
        y = 1
        def g():
            global y
            return y
        def h():
            return y + 1
        return g, h
    y = 9
    g, h = f()
    print(g(), h())
    """, g, {})
    print(g.get("y"))


parallel()
