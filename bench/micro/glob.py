# 5 global or builtin loads
G = 3
def f(n):
    i = 0
    while i < n:
        a = G; a = G; a = G; a = G; a = len
        i += 1
f(N)
