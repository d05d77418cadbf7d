# 3 list item reads and 3 writes
def f(n):
    l = [1, 2, 3, 4]
    i = 0
    while i < n:
        l[1] = l[0] + l[2]; l[3] = l[1]; l[2] = l[3]
        i += 1
f(N)
