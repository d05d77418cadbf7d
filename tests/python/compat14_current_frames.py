# sys._current_frames() and sys._current_exceptions(): this thread's frame and exception, and
# those of a thread blocked on a lock (an Event).
import sys
import threading
import traceback

entered = threading.Event()
leave = threading.Event()
idents = []


def f123():
    g456()


def g456():
    idents.append(threading.get_ident())
    try:
        raise ValueError("oops")
    except ValueError:
        entered.set()
        leave.wait()


t = threading.Thread(target=f123)
t.start()
entered.wait()
frames = sys._current_frames()
main = threading.get_ident()
print(sorted(frames) == sorted([main, idents[0]]), all(isinstance(k, int) and k > 0 for k in frames))
print(frames[main] is sys._getframe())
stack = [(name, line) for _, _, name, line in traceback.extract_stack(frames[idents[0]])]
names = [name for name, _ in stack]
i = names.index("f123")
print(stack[i], stack[i + 1])
exceptions = sys._current_exceptions()
print(exceptions[main])
kind, value, tb = exceptions[idents[0]]
print(kind, value, tb.tb_frame.f_code.co_name)
try:
    raise KeyError("main")
except KeyError:
    print(sys._current_exceptions()[main][:2])
leave.set()
t.join()
print(sorted(sys._current_frames()) == [main], sys._current_exceptions() == {main: (None, None, None)})
