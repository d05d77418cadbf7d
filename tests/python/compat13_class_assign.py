# __class__ assignment between classes whose instances are laid out differently (their
# __slots__, __dict__ and __weakref__, as CPython's compatible_for_assignment compares them),
# and the type attributes that cannot be replaced or deleted.


def attempt(label, action):
    try:
        action()
        print(label, "ok")
    except (TypeError, AttributeError) as e:
        print(label, type(e).__name__, e)


class G:
    __slots__ = ["a", "b"]


class H:
    __slots__ = ["b", "a"]


class J:
    __slots__ = ["c", "b"]


class K:
    __slots__ = ["a", "b", "d"]


class L(H):
    __slots__ = ["e"]


class M(G):
    __slots__ = ["e"]


class N(J):
    __slots__ = ["__weakref__"]


class P(J):
    __slots__ = ["__dict__"]


class Q(J):
    pass


class R(J):
    __slots__ = ["__dict__", "__weakref__"]


class Plain:
    pass


class Plain2:
    pass


class Sub(Plain):
    pass


def assign(obj, cls):
    def run():
        obj.__class__ = cls
    return run


for a, b in [(G, H), (Q, R), (R, Q), (Plain, Sub), (Sub, Plain2)]:
    x = a()
    x.b = 1
    attempt("%s->%s" % (a.__name__, b.__name__), assign(x, b))
    print(type(x).__name__, x.b)
classes = [G, J, K, L, M, N, P]
for a in classes:
    for b in classes:
        if a is not b:
            attempt("%s->%s" % (a.__name__, b.__name__), assign(a(), b))


class E1(ValueError):
    pass


class E2(KeyError):
    pass


attempt("E1->E2", assign(E1(), E2))


def delete_dict():
    del Plain.__dict__


attempt("del type __dict__", delete_dict)


class Nasty(str):
    pass


Plain.__name__ = Nasty("renamed")
print(Plain.__name__, type(Plain.__name__).__name__ in ("str", "Nasty"), Plain)


def bad_name():
    Plain.__name__ = 5


attempt("int name", bad_name)

