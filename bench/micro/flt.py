# 8 float operations (2 expressions)
def f(n):
    x = 1.5; y = 2.5
    i = 0
    while i < n:
        z = x * y + x - y * x
        z = x * y + x - y * x
        i += 1
f(N)
