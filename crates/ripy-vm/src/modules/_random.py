"""The _random module of ripy: CPython's Mersenne Twister (MT19937), seeded and stepped as
CPython's _randommodule.c does, so a seeded generator gives CPython's sequence. The state is a
list of the 624 words followed by the index of the next word; the native `_genrand32` (random.rs)
steps it."""

import posix as _posix

_N = 624
_MASK32 = 0xFFFFFFFF


def _init_genrand(s):
    mt = [0] * _N
    mt[0] = s & _MASK32
    for i in range(1, _N):
        mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & _MASK32
    return mt


def _init_by_array(key):
    mt = _init_genrand(19650218)
    i, j = 1, 0
    length = len(key)
    for _ in range(max(_N, length)):
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525)) + key[j] + j) & _MASK32
        i += 1
        j += 1
        if i >= _N:
            mt[0] = mt[_N - 1]
            i = 1
        if j >= length:
            j = 0
    for _ in range(_N - 1):
        mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941)) - i) & _MASK32
        i += 1
        if i >= _N:
            mt[0] = mt[_N - 1]
            i = 1
    mt[0] = 0x80000000
    return mt


class Random:
    """Random() -> create a random number generator with its own internal state."""

    def __new__(cls, *args, **kwargs):
        if cls is Random and kwargs:
            raise TypeError("Random() takes no keyword arguments")
        if len(args) > 1:
            raise TypeError("Random() requires 0 or 1 argument")
        self = object.__new__(cls)
        Random.seed(self, args[0] if args else None)
        return self

    def seed(self, n=None):
        if n is None:
            n = int.from_bytes(_posix.urandom(_N * 4), "little")
        elif not isinstance(n, int):
            n = hash(n)
        n = abs(n)
        key = []
        while True:
            key.append(n & _MASK32)
            n >>= 32
            if not n:
                break
        mt = _init_by_array(key)
        mt.append(_N)
        self._mt = mt

    def random(self):
        a = _genrand32(self._mt) >> 5
        b = _genrand32(self._mt) >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k):
        if not isinstance(k, int):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(k).__name__)
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k == 0:
            return 0
        if k <= 32:
            return _genrand32(self._mt) >> (32 - k)
        result = 0
        shift = 0
        while k > 0:
            r = _genrand32(self._mt)
            if k < 32:
                r >>= 32 - k
            result |= r << shift
            shift += 32
            k -= 32
        return result

    def getstate(self):
        return tuple(self._mt)

    def setstate(self, state):
        if not isinstance(state, tuple):
            raise TypeError("state vector must be a tuple")
        if len(state) != _N + 1:
            raise ValueError("state vector is the wrong size")
        for x in state[:_N]:
            if not isinstance(x, int):
                raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)
        index = state[_N]
        if not isinstance(index, int):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(index).__name__)
        if not 0 <= index <= _N:
            raise ValueError("invalid state")
        mt = [x & _MASK32 for x in state[:_N]]
        mt.append(int(index))
        self._mt = mt
