# dict.__getitem__ of a dict subclass instance calls its __missing__ (bound or unbound), as
# urllib.parse.quote relies on.
from collections import defaultdict
dd = defaultdict(list)
print(dd.__getitem__("k"), dict(dd))


class Q(dict):
    def __missing__(self, k):
        self[k] = k * 2
        return k * 2


q = Q()
get = q.__getitem__
print(get(3), dict.__getitem__(q, 4), q[5], sorted(q.items()))
try:
    dict.__getitem__({}, 1)
except KeyError as e:
    print("KeyError", e)
import urllib.parse
print(urllib.parse.quote("a b/c"), urllib.parse.quote_from_bytes(b"abc def"))
