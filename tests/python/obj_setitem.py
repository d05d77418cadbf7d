# `obj[key] = value` on instances whose class defines __setitem__ as a Python function, in hot
# loops: plain classes, inherited and replaced methods, errors raised inside, and array.array.
import array


class Store:
    def __init__(self):
        self.data = {}

    def __setitem__(self, key, value):
        if key == "bad":
            raise KeyError(key)
        self.data[key] = value


class Derived(Store):
    pass


class NoSet:
    pass


def run(n):
    s, t = Store(), Derived()
    arr = array.array("B", [0] * 16)
    errors = []
    for i in range(n):
        s[i % 7] = i
        t[i % 5] = -i
        arr[i % 16] = i % 256
        try:
            s["bad"] = 1
        except KeyError as e:
            if i < 2:
                errors.append(repr(e))
        try:
            NoSet()[0] = 1
        except TypeError as e:
            if i < 2:
                errors.append(str(e))
        if i == n // 2:
            Derived.__setitem__ = lambda self, k, v: self.data.__setitem__(k, v * 1000)
    return sorted(s.data.items()), sorted(t.data.items()), list(arr), errors


print(run(3000))
