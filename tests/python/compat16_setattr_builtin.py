# A builtin function assigned to __setattr__ / __getattribute__ in a class body is called
# (not taken for object's own hook).


class X(dict):
    __setattr__ = dict.__setitem__
    __neg__ = dict.copy


x = X()
x.y = 42
print(x["y"], sorted(x), x == -x, type(-x).__name__)
for i in range(300):
    x.z = i
print(x["z"], "z" in x.__dict__ if hasattr(x, "__dict__") else None)


class G(dict):
    __getattr__ = dict.__getitem__


g = G(a=1)
print(g.a, g["a"])
try:
    g.missing
except KeyError as e:
    print("KeyError", e)


class Plain:
    pass


p = Plain()
for i in range(300):
    p.v = i
print(p.v, p.__dict__)
