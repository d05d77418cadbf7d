import pickle, copy
e = Exception(1, 2)
print(e.__dict__)
e.x = 1
print(e.__dict__, e.__reduce__())
ie = ImportError("msg", name="n", path="p")
print(ie.__reduce__())
for obj in [e, ie, KeyError("k"), OSError(2, "No such file"), StopIteration(5), SyntaxError("bad", ("f", 1, 2, "t"))]:
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        r = pickle.loads(pickle.dumps(obj, proto))
        assert type(r) is type(obj) and r.args == obj.args and r.__dict__ == obj.__dict__, (obj, proto)
    c = copy.copy(obj)
    print(type(c).__name__, c.args, getattr(c, "name", None), getattr(c, "errno", None), getattr(c, "value", None), getattr(c, "x", None))
