items = [1, 2, 3]
index = "1"
print(items[0])
print(items[index])
