# Assignment expressions that CPython's symbol table and parser refuse, with their messages.
cases = [
    "[i for i in (lambda:(j := range(5)))()]",
    "{i for i in (lambda:(j := range(5)))()}",
    "[i for i in [j for j in range(5) if (j := True)]]",
    "[i for i in [(j := True) for j in range(5)]]",
    "{i for i in {j for j in range(5) if (j := True)}}",
    "[i for i in range(5) for j in (lambda: (k := 1))()]",
    "[i for i in (i := range(5))]",
    "[i := 0 for i in range(5)]",
    "[i := 0, j := 1 for i, j in [(1, 2), (3, 4)]]",
    "{a, b for a, b in x}",
    "[a, for a in x]",
    "f(a, b for b in c)",
    "[x for x in (lambda: 1)()]",
]
for code in cases:
    for wrap in ("{}", "lambda: {}"):
        try:
            compile(wrap.format(code), "<case>", "exec")
            print("ok:", wrap.format(code))
        except SyntaxError as e:
            print(wrap.format(code), "->", e.msg, e.offset)
