# match: mapping patterns, **rest, value keys, duplicates at runtime and non-dict mappings
def m(v):
    match v:
        case {"type": "point", "x": x, "y": y}:
            return f"point {x},{y}"
        case {"type": "circle", "r": r, **rest}:
            return f"circle r={r} rest={rest!r}"
        case {"type": t, **rest} if not rest:
            return f"bare {t}"
        case {1: one, 2: two}:
            return f"ints {one} {two}"
        case {}:
            return "some mapping " + repr(sorted(v.items()))
        case _:
            return "not a mapping"

for v in [{"type": "point", "x": 1, "y": 2, "z": 3},
          {"type": "circle", "r": 5, "color": "red", "fill": True},
          {"type": "circle", "r": 5},
          {"type": "square"},
          {"type": "square", "side": 2},
          {1: "a", 2: "b", 3: "c"},
          {},
          [("type", "point")],
          "type"]:
    print(m(v))

class Keys:
    A = "a"
    B = "b"

def values(v):
    match v:
        case {Keys.A: a, Keys.B: b}:
            return (a, b)
        case {Keys.A: a}:
            return (a,)
    return None

print(values({"a": 1, "b": 2}), values({"a": 3}), values({"b": 4}))

# rest is a new dict, original untouched
d = {"k": 1, "j": 2, "i": 3}
match d:
    case {"k": k, **rest}:
        rest["new"] = True
        print(k, rest, d)

# nested mappings and sequences
event = {"kind": "click", "pos": [10, 20], "meta": {"button": "left"}}
match event:
    case {"kind": "click", "pos": [x, y], "meta": {"button": b}}:
        print("click at", x, y, "with", b)

