try:
    x = [1, 2][3]
except IndexError:
    y = {}["b"]
