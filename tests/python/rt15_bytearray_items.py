# bytearray len, item reads and item stores in hot loops (the traced fast paths and their
# fallbacks), and array.array('B') items, which live in a bytearray.
import array


def fill(b, n):
    for i in range(n):
        b[i] = (i * 7) & 0xFF
        b[-1 - i] = i % 256
    return len(b), bytes(b[:8]), bytes(b[-8:])


b = bytearray(300)
for _ in range(30):
    r = fill(b, 100)
print(r, sum(b), len(b))


def read_all(b):
    total = 0
    for i in range(len(b)):
        total += b[i] * (i + 1) - b[-1 - i]
    return total


for _ in range(30):
    t = read_all(b)
print(t)


def store_checked(b, values):
    out = []
    for i, v in enumerate(values):
        try:
            b[i % 4] = v
            out.append(b[i % 4])
        except (TypeError, ValueError, IndexError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


small = bytearray(b"abcd")
vals = [1, 255, 0, 256, -1, True, False, 7.5, "x", None, 2**70, 128] * 5
for _ in range(20):
    res = store_checked(small, vals)
print(res[:12], bytes(small))


def bad_index(b, keys):
    out = []
    for k in keys:
        try:
            b[k] = 1
            out.append(("set", k, b[k]))
        except (TypeError, IndexError) as e:
            out.append(type(e).__name__ + ": " + str(e))
        try:
            out.append(b[k])
        except (TypeError, IndexError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


keys = [0, 3, 4, -4, -5, 100, -100, True, 2**64, "a", 1.0]
for _ in range(20):
    res = bad_index(bytearray(b"wxyz"), keys)
print(res)


def growing(n):
    b = bytearray()
    sizes = []
    for i in range(n):
        b.append(i & 0xFF)
        b[len(b) - 1] = (b[len(b) - 1] + 1) & 0xFF
        sizes.append(len(b))
    return sizes[-3:], bytes(b[-5:]), sum(b)


for _ in range(5):
    g = growing(400)
print(g)


class Canvas:
    def __init__(self, w, h):
        self.bytes = array.array('B', [0] * (w * h * 3))
        for i in range(w * h):
            self.bytes[i * 3 + 2] = 255
        self.w = w

    def plot(self, x, y, r, g, b):
        i = (y * self.w + x) * 3
        self.bytes[i] = max(0, min(255, int(r * 255)))
        self.bytes[i + 1] = max(0, min(255, int(g * 255)))
        self.bytes[i + 2] = max(0, min(255, int(b * 255)))


c = Canvas(20, 15)
for y in range(15):
    for x in range(20):
        c.plot(x, y, x / 19.0, y / 14.0, (x * y) / 300.0 - 0.2)
print(len(c.bytes), sum(c.bytes), c.bytes[:9].tolist(), c.bytes[-6:].tolist(), c.bytes.tobytes()[100:110])
for v in (256, -1, 3.0):
    try:
        c.bytes[0] = v
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)
sb = array.array('b', [0] * 10)
for i in range(10):
    sb[i] = i * 20 - 100
    sb[-1] = -128
print(sb.tolist())
