# str methods on ASCII and non-ASCII text (ASCII text is worked on as bytes): split, strip,
# replace, count, case mappings, concatenation, slicing, `in`, ord/chr and one-character
# comparisons, with the identity of unchanged results where CPython keeps the object.


class S(str):
    pass


texts = ["", " ", "a", "  hello  world \t\n", "alpha beta\ngamma  delta", "x,y,,z,", "\x1c a\x1fb \x85c\u3000d ",
         "\x0b\x0cv\r\x7fw\x01 \x1d\x1ex\t",
         "héllo wörld  ", "naïve, café, ", "\U0001f600 grin \U0001f600", "ΣΑΣ σας"]
for t in texts:
    print(repr(t))
    print(" ", t.split(), t.split(None, 1), t.rsplit(None, 1), t.split(","), t.split(",", 1), t.rsplit(",", 1))
    print(" ", t.split(" "), t.rsplit(" ", 2), t.split("  "), t.split("é"), t.splitlines(), t.splitlines(True))
    print(" ", repr(t.strip()), repr(t.lstrip()), repr(t.rstrip()), repr(t.strip(" ,")), repr(t.strip("é ")))
    print(" ", t.upper(), t.lower(), t.title(), t.swapcase(), t.capitalize(), t.casefold())
    print(" ", t.replace(" ", "_"), t.replace("a", "AA", 1), t.replace("", "-"), t.replace("l", ""), t.replace("é", "e"))
    print(" ", t.count(" "), t.count("a", 1), t.count("a", 2, 8), t.count(""), t.count("", 3), t.count("é"), t.count("l", -5))
    print(" ", t + t, (t + "é")[1:], t[1:4], t[::-1][:3], t * 2, "a" in t, "" in t, "é" in t, "lo" in t, "wör" in t)

for s in ["abc", "a b", " x ", "plain"]:
    print(s.strip() is s, s.replace("z", "y") is s, s.replace("a", "b", 0) is s, type(S(s).strip()))
print(type(S("ab").replace("q", "r")), type(S(" ab ").strip()), type(S("ab").upper()))

try:
    "abc".split("")
except ValueError as e:
    print("ValueError", e)
for bad in [(1, "x"), ("x", 1), (None, "x")]:
    try:
        "abc".replace(*bad)
    except TypeError as e:
        print("TypeError", e)
try:
    "abc".split(1)
except TypeError as e:
    print("TypeError", e)
try:
    "abc".count(1)
except TypeError as e:
    print("TypeError", e)
try:
    "abc".strip(1)
except TypeError as e:
    print("TypeError", e)

# ord and chr: ASCII, non-ASCII, errors.
out = []
for ch in "az AZ~\x00é\u3000\U0001f600":
    out.append(ord(ch))
print(out, [chr(i) for i in (0, 65, 97, 127, 128, 233, 0x1f600)])
for bad in ["", "ab", "é!", b"", 5, None]:
    try:
        print(ord(bad))
    except TypeError as e:
        print("TypeError", e)
for bad in [-1, 0x110000, 1.5, "a", True, 2 ** 70]:
    try:
        print(repr(chr(bad)))
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__, e)


def caesar(s, shift):
    out = []
    for ch in s:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


text = "The Quick brown fox, jumps over ~ the lazy dog! é ü " * 40
for shift in (1, 13, 25):
    enc = caesar(text, shift)
    print(shift, enc[:60], caesar(enc, 26 - shift) == text)

# One-character and longer strings compared in a loop (both orders, equal, non-ASCII).
words = ["a", "b", "ab", "", "z", "é", "aa", "B", "~", "\x00", "ba", "\U0001f600", "\ud800"]
table = []
for x in words:
    row = ""
    for y in words:
        row += "<" if x < y else (">" if x > y else "=")
        row += "1" if x <= y else "0"
        row += "1" if x >= y else "0"
    table.append(row)
print("\n".join(table))
