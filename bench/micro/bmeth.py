# 4 method calls on builtin objects: 2 list.append, 2 str.startswith
def f(n):
    i = 0; s = "abc"; out = []
    while i < n:
        out.append(i); s.startswith("a"); out.append(s); s.startswith("b")
        i += 1
f(N)
