# iter(callable, sentinel): its methods, pickling (before, during and after the iteration)
# and the Iterator ABC.
import collections.abc
import pickle


class Counter:
    def __init__(self):
        self.i = 0

    def __call__(self):
        self.i += 1
        return self.i


it = iter(Counter(), 4)
print(type(it).__name__, isinstance(it, collections.abc.Iterator), iter(it) is it)
print(it.__next__(), next(it))
print(type(it).__reduce__ is not None, it.__reduce__()[0] is iter, it.__reduce__()[1][1])
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    copy = pickle.loads(pickle.dumps(it, proto))
    print(proto, type(copy).__name__, list(copy))
print(list(it))
print(it.__reduce__())
copy = pickle.loads(pickle.dumps(it))
print(type(copy).__name__, list(copy))
try:
    type(it).__next__(3)
except TypeError as e:
    print(type(e).__name__, e)
