# types.SimpleNamespace: keyword construction, repr (recursive, subclasses), equality, pickling.
import types
n=types.SimpleNamespace(b=2,a=1); print(repr(n)); print(n.__reduce__())
try: types.SimpleNamespace(1)
except Exception as e: print(type(e).__name__, e)
try: types.SimpleNamespace(**{1:2})
except Exception as e: print(type(e).__name__, e)
n.n=n; print(n)
print(n == 3, types.SimpleNamespace() == types.SimpleNamespace())
class S(types.SimpleNamespace): pass
print(S(x=1))
import pickle; print(pickle.loads(pickle.dumps(types.SimpleNamespace(q=[1]))))
