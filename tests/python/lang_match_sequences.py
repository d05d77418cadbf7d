# match: sequence patterns, star captures, nesting, and which types count as sequences
def seq(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x!r}"
        case [x, y] if x == y:
            return f"pair of equal {x!r}"
        case [x, y]:
            return f"pair {x!r} {y!r}"
        case [first, *middle, last] if len(middle) > 2:
            return f"long {first!r} {middle!r} {last!r}"
        case [0, *rest]:
            return f"starts with zero, rest {rest!r}"
        case (a, b, c):
            return f"triple {a!r} {b!r} {c!r}"
        case [*_, "end"]:
            return "ends with end"
        case _:
            return "no sequence match"

tests = [[], (), [1], (2,), [3, 3], (3, 4), [1, 2, 3, 4, 5], [0, 9, 8, 7], (0, 1), [5, 6, 7],
         range(3), range(7), "abc", b"ab", {1: 2}, {1, 2}, 12, [1, 2, 3, "end"],
         [None, None, None, None, "end"]]
for t in tests:
    print(repr(t), "->", seq(t))

def nested(v):
    match v:
        case [(x, y), [z, *zs]]:
            return ("nested", x, y, z, zs)
        case [[[deep]]]:
            return ("deep", deep)
        case [int() | float() as num, str() as s]:
            return ("num-str", num, s)
        case _:
            return ("none",)

for t in [[(1, 2), [3, 4, 5]], [[["x"]]], [1, "a"], [2.5, "b"], [(1, 2), []], ["a", 1]]:
    print(t, nested(t))

# star in the middle
match [1, 2, 3, 4, 5, 6]:
    case [a, b, *rest, c]:
        print(a, b, rest, c)

match (1,):
    case [*all_items]:
        print("all", all_items, type(all_items).__name__)

# tuples of tuples
match ((1, 2), (3, 4)):
    case ((a, b), (c, d)):
        print("pairs", a, b, c, d)

# iterators are not sequences
match iter([1, 2]):
    case [a, b]:
        print("bad")
    case _:
        print("iterator is not a sequence")

# dict is not a sequence but is a mapping
match {"a": 1}:
    case [x]:
        print("bad")
    case {"a": x}:
        print("mapping", x)

# length checks with star
def lens(v):
    match v:
        case [_, _, *_]:
            return "at least two"
        case [_]:
            return "exactly one"
        case _:
            return "zero"
for n in range(4):
    print(n, lens(list(range(n))))
