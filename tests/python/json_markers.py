# json's circular-reference check: cycles through lists, dicts and default(), repeated (not
# circular) references, check_circular=False, the markers dict of a hand-made c_make_encoder
# (entries given before the call are honoured; an error leaves the chain being written in it),
# and separators of every length.
import json
import json.encoder as enc

shared = [1, 2]
print(json.dumps({"a": shared, "b": shared, "c": [shared, shared]}))
loop = []
loop.append(loop)
d = {"k": [1, {"x": None}]}
d["k"][1]["x"] = d
for value in (loop, d, [[loop]]):
    try:
        json.dumps(value)
    except ValueError as e:
        print("ValueError", e)
try:
    json.dumps(loop, check_circular=False)
except RecursionError:
    print("RecursionError")


class Node:
    def __init__(self):
        self.me = self


def default(o):
    if isinstance(o, Node):
        return {"node": o.me}
    if isinstance(o, complex):
        return [o.real, o.imag]
    raise TypeError("no")


try:
    json.dumps([Node()], default=default)
except ValueError as e:
    print("ValueError", e)
print(json.dumps([1j, {"n": 2 + 3j}, 1j], default=default))

make = enc.c_make_encoder
if make is not None:
    inner = [1, 2]
    outer = {"x": [inner, 3]}
    markers = {}
    e = make(markers, None, enc.encode_basestring_ascii, None, ": ", ", ", False, False, True)
    print(e(outer, 0), markers)
    markers[id(inner)] = inner
    try:
        e(outer, 0)
    except ValueError as err:
        print("ValueError", err, len(markers))
    markers.clear()
    bad = {"a": [1, {"b": object()}]}
    e2 = make(markers, lambda o: (_ for _ in ()).throw(TypeError("unserializable")), enc.encode_basestring_ascii,
              None, ": ", ", ", False, False, True)
    try:
        e2(bad, 0)
    except TypeError as err:
        print("TypeError", err)
    print(sorted(type(v).__name__ for v in markers.values()), id(bad) in markers, id(bad["a"]) in markers)
    try:
        e2(bad, 0)
    except ValueError as err:
        print("ValueError", err)
    e3 = make(None, None, enc.encode_basestring, None, " => ", " ;; and then ;; ", True, False, True)
    print(e3({"b": [1, 2], "a": {"c": "d"}}, 0))
print(json.dumps({"a": [1, 2], "b": {"c": 3}}, separators=("", "")), json.dumps([1, [2]], indent=1))
