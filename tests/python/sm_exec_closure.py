def f():
    x = 1
    def g():
        return x
    return g
g = f()
try:
    eval(g.__code__)
except TypeError as e:
    print("TypeError", e)
for c in [None, (), (1,), g.__closure__, g.__closure__ + g.__closure__, [g.__closure__[0]]]:
    try:
        print(exec(g.__code__, {}, None, closure=c))
    except TypeError as e:
        print("TypeError", e)
try:
    exec("1", closure=g.__closure__)
except TypeError as e:
    print("TypeError", e)
code = compile("y = x + 1", "<s>", "exec")
ns = {"x": 2}
args = (code, ns)
exec(*args)
print(ns["y"])
def h():
    a = 5
    return eval(*("a + 1",))
print(h())
print(eval(*["locals()"]) is not None)
