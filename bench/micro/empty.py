# the loop alone: a comparison, an increment, the jump
def f(n):
    i = 0; a = 1; b = 2
    while i < n:
        i += 1
f(N)
