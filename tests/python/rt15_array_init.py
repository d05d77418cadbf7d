# array.array built from lists and extended, for the small integer typecodes (their range
# checks and messages), with ints, bools and __index__ objects; items read back through tolist,
# iteration, slices and indexing, in loops that get compiled.
import array


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


inputs = [
    [0, 1, 127, 255],
    [256],
    [-1],
    [-128, 127],
    [-129],
    [True, False, True],
    [Idx(3), Idx(200)],
    [Idx(-300)],
    [1.5],
    ["a"],
    [2**70],
    [-(2**70)],
    [32767, -32768, 65535],
    list(range(0, 300, 7)),
]


def build(code, values):
    try:
        a = array.array(code, values)
        b = array.array(code)
        b.extend(values)
        b.append(values[0])
        return ("ok", a.tolist(), list(b), a[1:3].tolist(), a[-1], len(a), a.tobytes()[:6])
    except (OverflowError, TypeError, ValueError) as e:
        return (type(e).__name__, str(e))


for code in "bBhHi":
    for values in inputs:
        print(code, build(code, values))


def canvas_rounds(n, w):
    total = 0
    for k in range(n):
        a = array.array("B", [k % 256] * w)
        for i in range(0, w, 3):
            a[i] = (i + k) % 256
        total += sum(a) + a[w // 2] + len(a.tolist())
    return total


for _ in range(3):
    print(canvas_rounds(40, 300))
