# tuple: construction, packing, methods, concatenation, comparison, hashing, repr, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

show("literals", lambda: [(), (1,), (1, 2), ((),), (1, (2, (3,)))])
show("ctor", lambda: [tuple(), tuple([1, 2]), tuple("ab"), tuple({1: 2}), tuple(range(3)), tuple(x * 2 for x in (1, 2))])
show("ctor_err", lambda: tuple(5))
show("ctor_kw_err", lambda: tuple(iterable=[1]))
show("index_count", lambda: [(1, 2, 3, 2).index(2), (1, 2, 3, 2).index(2, 2), (1, 2, 3, 2).count(2), (1, 1.0, True).count(1)])
show("index_err", lambda: (1, 2).index(5))
show("index_range_err", lambda: (1, 2, 1).index(1, 1, 2))
show("concat", lambda: [(1,) + (2,), () + (), (1, 2) * 2, 0 * (1,), (1,) * -5])
show("concat_err", lambda: (1,) + [2])
show("cmp", lambda: [(1, 2) < (1, 3), (1, 2) == (1, 2), (1,) < (1, 0), () < (1,), (2,) > (1, 9)])
show("hash", lambda: [hash((1, 2)) == hash((1, 2)), hash(()) == hash(tuple()), hash((1,)) != hash((2,))])
show("unhashable", lambda: hash(([],)))
show("immutable", lambda: (1, 2).__setitem__ if hasattr((1, 2), "__setitem__") else "no setitem")
def assign_err():
    t = (1, 2)
    t[0] = 5
show("assign_err", assign_err)
def del_err():
    t = (1, 2)
    del t[0]
show("del_err", del_err)
show("unpack", lambda: (lambda t: (lambda a, b, c: a + b + c)(*t))((1, 2, 3)))
def star():
    a, *b, c = (1, 2, 3, 4)
    return a, b, c
show("star_unpack", star)
def unpack_err():
    a, b = (1, 2, 3)
show("unpack_err", unpack_err)
def unpack_err2():
    a, b, c = (1, 2)
show("unpack_err2", unpack_err2)
show("repr", lambda: [repr((1,)), repr(("a", None, 1.5)), str((1, (2,))), repr(((),))])
show("nested_mutable", lambda: (lambda t: (t[0].append(3), t)[1])(([1, 2], "x")))
show("len_in", lambda: [len((1, 2, 3)), 2 in (1, 2), "x" not in ("a",)])
show("sorted_tuple", lambda: sorted((3, 1, 2)))
show("tuple_of_tuple_is_same", lambda: (lambda t: tuple(t) is t)((1, 2)))
show("slicing", lambda: [(0, 1, 2, 3)[1:3], (0, 1, 2, 3)[::-1], (0, 1, 2, 3)[-2:]])
show("iadd_rebinds", lambda: (lambda: (lambda t, a: (t, a))(*(lambda t: (lambda a: (t.__add__((3,)), a))(t))((1, 2))))())

# The empty tuple is one object, however it is made.
empty = ()
print(tuple([]) is empty, tuple(x for x in []) is empty, tuple(x for x in range(40) if x < 0) is empty,
      (*[],) is empty, tuple(range(0)) is empty, tuple(iter([])) is empty, (1, 2)[5:] is empty,
      tuple(empty) is empty, empty * 3 is empty)
