# match: literal, capture, wildcard, value, or, as and guard patterns
class Color:
    RED = 1
    GREEN = 2
    BLUE = 3

def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case "hello":
            return "greeting"
        case b"bytes":
            return "bytes literal"
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case Color.RED:
            return "unreachable red"
        case 2j:
            return "complex"
        case str() as s if len(s) > 3:
            return "long string " + s
        case str(s):
            return "short string " + s
        case n if isinstance(n, int) and n > 100:
            return f"big {n}"
        case _:
            return "other " + repr(x)

for v in [0, 1, 2, 3, -1, 1.5, "hello", b"bytes", None, True, False, 2j, "abcdef", "ab", 500, 50, 4.25, [1]]:
    print(repr(v), "->", describe(v))

def color_name(c):
    match c:
        case Color.RED:
            return "red"
        case Color.GREEN:
            return "green"
        case Color.BLUE:
            return "blue"
    return "no color"

for c in range(5):
    print(c, color_name(c))

# capture binds even in a failed or-alternative? (no: only on success)
def capture(v):
    match v:
        case (1 | 2) as n:
            return ("one-or-two", n)
        case x:
            return ("captured", x)

print(capture(1), capture(2), capture(7))

# guard side effects and order
log = []
def check(tag, result):
    log.append(tag)
    return result

def guarded(v):
    match v:
        case int(x) if check("first", x > 10):
            return "big"
        case int(x) if check("second", x < 0):
            return "negative"
        case int(x):
            return "int"
        case _:
            return "?"

for v in [20, -5, 5, "s"]:
    log.clear()
    print(v, guarded(v), log)

# matching bools and ints: True matches 1? (1 literal uses ==, True uses is)
def bools(v):
    match v:
        case True:
            return "is True"
        case 1:
            return "equals 1"
        case _:
            return "neither"
print(bools(True), bools(1), bools(1.0), bools(False))

# the subject is evaluated once
count = 0
def subject():
    global count
    count += 1
    return 42
match subject():
    case 1:
        print("no")
    case 42:
        print("yes", count)
