# The standard streams as context managers and after close(), as json.tool uses them.
import os
import sys


def show(*values):
    os.write(1, (" ".join(map(str, values)) + "\n").encode())


print(sys.stdout.closed, sys.stderr.closed)
with sys.stdout as out:
    print(out is sys.stdout)
    out.write("inside\n")
    print(iter(out) is out)
show("closed:", sys.stdout.closed, sys.stderr.closed)
for attempt in [lambda: print("after"), lambda: sys.stdout.write("x"), lambda: sys.stdout.flush(),
                lambda: sys.stdout.__enter__(), lambda: iter(sys.stdout), lambda: next(sys.stdout)]:
    try:
        attempt()
        show("no error")
    except (ValueError, OSError) as e:
        show(type(e).__name__, e)
sys.stdout.close()
sys.stdout.__exit__(None, None, None)
show("closed twice:", sys.stdout.closed)
sys.stderr.write("stderr still open\n")
with sys.stderr:
    pass
show("stderr closed:", sys.stderr.closed)
try:
    print("to stderr", file=sys.stderr)
except ValueError as e:
    show(type(e).__name__, e)
