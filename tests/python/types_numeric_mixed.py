# The numeric tower: every operator on int, bool, big int, float and complex combinations.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

nums = [3, -2, True, 2**64, 0.5, -1.25, 2j, 1 - 1j]
ops = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "//": lambda a, b: a // b, "%": lambda a, b: a % b, "**": lambda a, b: a ** b,
}
for name, op in ops.items():
    row = []
    for a in nums:
        # Big-int exponents would make astronomically large results.
        for b in (nums if name != "**" else [x for x in nums if x != 2**64]):
            try:
                r = op(a, b)
                row.append(repr(r) if not isinstance(r, float) else f"{r:.12g}")
            except Exception as e:
                row.append(type(e).__name__)
    print(name, row)
for name, op in {"&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b, "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b}.items():
    row = []
    for a in [5, -6, True, 2**70]:
        for b in [1, 3, False]:
            row.append(repr(op(a, b)))
    print(name, row)
show("bitwise_float_err", lambda: 1.5 & 1)
show("shift_float_err", lambda: 1 << 1.0)
show("unary", lambda: [-x for x in nums] + [+x for x in nums])
show("invert", lambda: [~5, ~-1, ~True, ~2**64])
show("invert_float_err", lambda: ~1.5)
show("abs_all", lambda: [abs(x) for x in nums])
show("int_division_exact", lambda: [10**20 / 10**10, 2**1000 / 2**999, (10**17 + 1) / 1, 7 / -2])
show("floor_mod_signs", lambda: [(a // b, a % b) for a in (7, -7) for b in (2, -2)] + [(a // b, a % b) for a in (7.5, -7.5) for b in (2, -2)])
show("pow_edge", lambda: [0 ** 0, 0.0 ** 0, (-1) ** 0.5 == 1j or True, 2 ** -1, (-2) ** -1, 10 ** -3])
show("zero_pow_neg", lambda: 0 ** -1)
show("inplace", lambda: (lambda x: [x.__iadd__(1) if False else 0])(0))
def augmented():
    a = 5
    a += 2.5
    a *= 2
    a //= 3
    a **= 2
    b = 1j
    b += 1
    b *= b
    return a, b
show("augmented", augmented)
