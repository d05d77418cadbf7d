# 4 calls of a global Python function with 2 arguments
def g(a, b):
    return a
def f(n):
    i = 0
    while i < n:
        g(i, 2); g(i, 2); g(i, 2); g(i, 2)
        i += 1
f(N)
