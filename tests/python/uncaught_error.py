# An uncaught exception: traceback and exit status 1.
def inner(values):
    return values["key"] + 1
def outer():
    data = {"key": "text"}
    return inner(data)
print("before")
outer()
