# sys.excepthook: a program's own hook reports the uncaught exception.
import sys

print(sys.excepthook is sys.__excepthook__)


def hook(exc_type, value, tb):
    print("hook got", exc_type.__name__, value, tb is value.__traceback__)
    print("hook writes to stderr", file=sys.stderr)


sys.excepthook = hook
print("about to fail")
raise KeyError("uncaught")
