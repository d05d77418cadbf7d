# 32 LOAD_FAST/STORE_FAST
def f(n):
    i = 0; a = 1; b = 2
    while i < n:
        a = b; b = a; a = b; b = a; a = b; b = a; a = b; b = a
        a = b; b = a; a = b; b = a; a = b; b = a; a = b; b = a
        i += 1
f(N)
