# _operator: index (PyNumber_Index) and _compare_digest, as operator/hmac/secrets/random use them.
import _operator, operator, hmac, secrets, random, warnings

for args in [(), (1, 2)]:
    try:
        _operator.index(*args)
    except TypeError as e:
        print(e)
try:
    _operator._compare_digest('a')
except TypeError as e:
    print(e)
cases = [('a', 'é'), (1, 2), ('a', b'a'), (b'a', 'a'), (b'a', memoryview(b'a')), (bytearray(b'ab'), b'ab'),
         (b'a', 1), ('abc', 'abc'), ('abc', 'abd'), ('ab', 'abc'), (b'', b''), (b'abc', b'ab')]
for a, b in cases:
    try:
        print(_operator._compare_digest(a, b))
    except Exception as e:
        print(type(e).__name__, e)


class I(int):
    pass


class J:
    def __index__(self):
        return I(5)


class K:
    def __index__(self):
        return 2.5


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    r = _operator.index(J())
print(type(r), r, [(w.category.__name__, str(w.message)[:40]) for w in caught])
print(type(_operator.index(I(3))), type(_operator.index(True)), operator.index(2**70), operator.index(-7))
for v in [3.0, K(), "x", None]:
    try:
        operator.index(v)
    except TypeError as e:
        print(e)
print(operator.index is _operator.index, operator.__index__ is operator.index, operator.__doc__[:20])
print(operator.index.__module__)
print(hmac.compare_digest(b"x", b"x"), secrets.compare_digest("a", "b"))
for args in [(10.0, 20, 2), (0, 10, 2.0), (1.5,), ("1",)]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            random.randrange(*args)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e, [str(w.message)[:30] for w in caught])
