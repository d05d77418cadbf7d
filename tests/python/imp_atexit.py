# atexit: functions run at exit, last registered first, after the program's own output.
import atexit


def goodbye(name, punctuation="!"):
    print("goodbye", name + punctuation)


def never():
    print("unregistered: not printed")


print(atexit.register(goodbye, "first") is goodbye)
atexit.register(goodbye, "second", punctuation="?")
atexit.register(never)
atexit.register(print, "printed by print at exit")
atexit.unregister(never)
print(callable(atexit._ncallbacks))
try:
    atexit.register(42)
except TypeError as e:
    print("TypeError", e)


@atexit.register
def decorated():
    print("decorated runs first")


print("end of program")
