# array.array item access of one-byte typecodes (fast paths) and of the others, with errors.
import array

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

for code in "bBhHilqfdu":
    init = "abc" if code == "u" else [1, 2, 3]
    a = array.array(code, init)
    show(code + " get0", lambda: a[0])
    show(code + " get-1", lambda: a[-1])
    show(code + " get-3", lambda: a[-3])
    show(code + " get3", lambda: a[3])
    show(code + " get-4", lambda: a[-4])
    show(code + " getbool", lambda: a[True])
    show(code + " getbig", lambda: a[2**70])
    show(code + " getstr", lambda: a["0"])
    for v in [0, 5, -1, 127, 128, -128, -129, 255, 256, True, 2**70, 1.5, "x"]:
        def put():
            a[1] = v
            return a[1]
        show(code + " set %r" % (v,), put)
    def put_neg():
        a[-1] = 9 if code != "u" else "z"
        return a.tolist()
    show(code + " set-1", put_neg)
    show(code + " set5", lambda: a.__setitem__(5, 1))
    show(code + " set-9", lambda: a.__setitem__(-9, 1))
    show(code + " final", lambda: (a.tolist(), a.tobytes()))

c = array.array("B", [0] * 30)
for i in range(10):
    c[i * 3 + 2] = 255
    c[i * 3] = max(0, min(255, int(i * 0.3 * 255)))
print(c.tobytes())
print(sum(c[i] for i in range(len(c))), c[-1], c[::4])
s = array.array("b", range(-5, 5))
s[0] = -128
s[1] = 127
print(s, [s[i] for i in range(-3, 3)], s.tobytes())
