# a range step and a for over a 4-tuple
def f(n):
    t = 0
    for i in range(n):
        for j in (1, 2, 3, 4):
            t = j
f(N)
