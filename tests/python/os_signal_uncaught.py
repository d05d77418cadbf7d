# An uncaught KeyboardInterrupt (SIGINT sent to itself from a nested call) ends the process by
# SIGINT after the traceback; finally blocks and atexit handlers run first.
import atexit
import posix

atexit.register(lambda: print("atexit handler runs"))


def interrupt():
    try:
        posix.kill(posix.getpid(), 2)
    finally:
        print("finally runs")


print("before")
interrupt()
print("not reached")
