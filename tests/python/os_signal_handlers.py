# _signal: handlers run when the process signals itself; SIGINT raises KeyboardInterrupt;
# getsignal/SIG_DFL/SIG_IGN, errors, set_wakeup_fd, alarm during a busy loop.
import _signal as signal
import posix

print(signal.SIGINT, signal.SIGTERM, signal.SIGUSR1, signal.SIGALRM, signal.NSIG)
print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
print(signal.getsignal(signal.SIGUSR1) == signal.SIG_DFL, signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN)
print(sorted(signal.valid_signals())[:5], len(signal.valid_signals()))

seen = []

def handler(signum, frame):
    seen.append(signum)

old = signal.signal(signal.SIGUSR1, handler)
print(old == signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is handler)
posix.kill(posix.getpid(), signal.SIGUSR1)
print("after kill", seen)
signal.raise_signal(signal.SIGUSR1)
print("after raise_signal", seen)

try:
    posix.kill(posix.getpid(), signal.SIGINT)
    print("not reached")
except KeyboardInterrupt as e:
    print("KeyboardInterrupt", repr(e), e.args)

try:
    signal.default_int_handler(2, None)
except KeyboardInterrupt as e:
    print("default_int_handler raises", type(e).__name__)

def failing(signum, frame):
    raise ValueError("from handler %d" % signum)

signal.signal(signal.SIGUSR2, failing)
try:
    posix.kill(posix.getpid(), signal.SIGUSR2)
except ValueError as e:
    print(type(e).__name__, e)

print(signal.signal(signal.SIGUSR2, signal.SIG_IGN) is failing)
posix.kill(posix.getpid(), signal.SIGUSR2)
print("ignored")
signal.signal(signal.SIGUSR2, signal.SIG_DFL)

for bad in [lambda: signal.signal(signal.SIGUSR1, 42),
            lambda: signal.signal(0, handler),
            lambda: signal.signal(signal.NSIG, handler),
            lambda: signal.signal(signal.SIGKILL, handler),
            lambda: signal.getsignal(-1),
            lambda: signal.signal(signal.SIGUSR1, "x")]:
    try:
        bad()
    except (TypeError, ValueError, OSError) as e:
        print(type(e).__name__, e)

r, w = posix.pipe()
posix.set_blocking(w, False)
print(signal.set_wakeup_fd(w))
signal.raise_signal(signal.SIGUSR1)
print(posix.read(r, 10), seen)
print(signal.set_wakeup_fd(-1) == w)
posix.close(r)
posix.close(w)

# An alarm interrupts a loop: the handler runs between two iterations.
ticks = []
def on_alarm(signum, frame):
    ticks.append(signum)
    raise TimeoutError("alarm")

signal.signal(signal.SIGALRM, on_alarm)
signal.alarm(1)
n = 0
try:
    while True:
        n += 1
except TimeoutError as e:
    print("loop interrupted:", e, ticks, n > 1000)
print(signal.alarm(0))
signal.signal(signal.SIGINT, signal.default_int_handler)
