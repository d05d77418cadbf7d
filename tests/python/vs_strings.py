# Strings built in loops: slices and concatenations that the JIT's string pass keeps virtual,
# with guards failing while such strings are live (resume must build the exact string).

def slice_forms(s):
    out = []
    n = len(s)
    for a in range(-n - 2, n + 3):
        for b in (None, -n - 3, -2, -1, 0, 1, 2, n - 1, n, n + 4):
            out.append(s[a:b])
            out.append(s[b:a])
            out.append(s[a:])
            out.append(s[:a])
    return out

for s in ["", "a", "abc", "héllo wörld", "x\u20acy\U0001f600z", "abcdefghij" * 3]:
    forms = slice_forms(s)
    print(repr(s), len(forms), sum(len(f) for f in forms), forms[:3], forms[-3:])

def count_matches(s, pat, width):
    k = 0
    where = []
    for i in range(len(s) - width + 1):
        t = s[i:i + width]
        if t == pat:
            k += 1
            where.append(i)
    return k, where

text = "xxabcyyabczzab" * 30 + "abc"
for pat in ["abc", "ab", "zz", "q", "", "abcy"]:
    print(pat, count_matches(text, pat, len(pat)))
print(count_matches("€ab€ab€€ab" * 20, "€ab", 3))
print(count_matches("€ab€ab€€ab" * 20, "ab€", 3))

def concat_lengths(words, rounds):
    total = 0
    longest = ""
    for r in range(rounds):
        for w in words:
            u = w + "-" + w
            total += len(u)
            if len(u) > len(longest):
                longest = u
    return total, longest

print(concat_lengths(["alpha", "beta", "gamma", "delta", "epsilon", "é"], 50))

def last_slice(s, rounds):
    t = None
    for r in range(rounds):
        for i in range(len(s) - 2):
            t = s[i:i + 3]
            if t == "zzz":
                print("never")
    return t

print(repr(last_slice("hello world, hello strings", 40)))

def slice_of_slice(s, rounds):
    acc = 0
    out = []
    for r in range(rounds):
        for i in range(len(s) - 5):
            t = s[i:i + 5]
            u = t[1:4]
            acc += len(u)
            if u == "bcd":
                out.append((r, i, t, u))
    return acc, out[:4], len(out)

print(slice_of_slice("abcdefabcdef" * 8, 30))

def escape_in_middle(words, rounds):
    seen = []
    for r in range(rounds):
        for i, w in enumerate(words):
            u = w + str(i)
            if r == rounds - 1 and i % 3 == 0:
                seen.append(u)
            try:
                if i == 4 and r % 17 == 5:
                    raise ValueError(u + "!")
            except ValueError as e:
                seen.append(str(e))
    return seen

print(escape_in_middle(["p", "q", "r", "s", "t", "u", "v"], 60))

def equal_mixed(items, rounds):
    hits = 0
    kinds = []
    for r in range(rounds):
        for x in items:
            t = x[0:2] if isinstance(x, str) else x
            if t == "ab":
                hits += 1
            elif t == 12:
                kinds.append("int")
    return hits, len(kinds)

print(equal_mixed(["abc", "abd", "xab", 12, "ab", "a", b"ab", ["ab"]], 100))

def steps(s, rounds):
    out = []
    for r in range(rounds):
        for k in (1, 2, -1, 3):
            out.append(s[::k][r % 5:])
    return out[:8], len("".join(out))

print(steps("0123456789abcdef", 40))

class S(str):
    pass

def subclass_slices(x, rounds):
    out = []
    for r in range(rounds):
        t = x[r % 3:r % 3 + 2]
        out.append((type(t).__name__, t, t == "bc"))
    return out[:4]

print(subclass_slices(S("abcdef"), 50))

def bad_indices(s):
    for key in [slice(1, "x"), slice(None, None, 0), slice(2**70, None), slice(True, 3), 1.5]:
        try:
            print(repr(s[key]))
        except (TypeError, ValueError, IndexError) as e:
            print(type(e).__name__, e)

bad_indices("abcdef")

def big_concat(n):
    s = ""
    for i in range(n):
        s = s + chr(97 + i % 26)
        if len(s) % 50 == 0:
            s = s[10:]
    return len(s), s[:20], s[-5:]

print(big_concat(3000))
