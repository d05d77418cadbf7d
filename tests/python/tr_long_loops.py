# Loop bodies too long for one trace (more operations than trace_limit) are compiled in segments:
# each segment ends with an exit that a bridge continues. Results must not depend on it.

def make(name, body_lines, args):
    src = "def %s(%s):\n" % (name, args) + "\n".join("    " + line for line in body_lines) + "\n"
    namespace = {}
    exec(src, namespace)
    return namespace[name]


unpacks = ["acc = 0", "for k in range(n):"]
for j in range(450):
    unpacks.append("    a, b, c, d, e, f, g, h, i, j = seq")
    if j % 50 == 49:
        unpacks.append("    acc += a + j * %d" % j)
unpacks.append("return acc, a, j")
do_unpacking = make("do_unpacking", unpacks, "n, seq")

print(do_unpacking(3000, tuple(range(10))))
print(do_unpacking(3000, list(range(10))))
print(do_unpacking(300, [x * 1.5 for x in range(10)]))
try:
    do_unpacking(5, (1, 2, 3))
except ValueError as e:
    print(type(e).__name__, e)

# A long body whose late parts change behaviour over time (guards fail in later segments), and
# which raises from a late segment.
late = ["out = []", "x = 0", "for k in range(n):"]
for j in range(700):
    late.append("    x = (x * 31 + %d + k) %% 1000003" % j)
late.append("    if k > limit:")
late.append("        x = -x")
late.append("    if k == boom:")
late.append("        raise KeyError(k, x)")
late.append("    out.append(x)")
late.append("return out[-3:], len(out)")
late_fn = make("late_fn", late, "n, limit, boom")

print(late_fn(3000, 2500, -1))
print(late_fn(3000, 100, -1))
try:
    late_fn(3000, 2000, 2900)
except KeyError as e:
    print(type(e).__name__, e)
