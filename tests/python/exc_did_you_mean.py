"""NameError.name, AttributeError.name/.obj set by failing lookups, and the "Did you mean"
suggestion of uncaught NameError/AttributeError reports (sys.__excepthook__ and the
interpreter's own report)."""
import sys
class A:
    bar = 1
try:
    A().baz
except AttributeError as e:
    print(e.name, type(e.obj).__name__)
try:
    getattr(A(), 'qux')
except AttributeError as e:
    print(e.name)
class B:
    def __getattr__(self, n):
        raise AttributeError("custom")
try:
    B().zz
except AttributeError as e:
    print(e.name, type(e.obj).__name__)
try:
    undefined_name
except NameError as e:
    print(e.name)
import traceback
try:
    A().barr
except AttributeError:
    traceback.print_exc(file=sys.stdout)
def f():
    local_value = 1
    return local_valeu
try:
    f()
except NameError:
    traceback.print_exc(file=sys.stdout)
import math
try: math.sqr
except AttributeError as e:
    print(e.name, e.obj is math)
    sys.__excepthook__(*sys.exc_info())
try: raise NameError("custom", name="lenn")
except NameError: sys.__excepthook__(*sys.exc_info())
try: raise AttributeError("custom", name="bar", obj=A())
except AttributeError: sys.__excepthook__(*sys.exc_info())
class WithDir:
    def __dir__(self):
        return ["alpha", "beta", "gamma"]
try: WithDir().alpah
except AttributeError: sys.__excepthook__(*sys.exc_info())
try: A().completely_different_name
except AttributeError: sys.__excepthook__(*sys.exc_info())
def g():
    counter_total = 0
    def inner():
        return counter_totl
    return inner()
try: g()
except NameError: sys.__excepthook__(*sys.exc_info())
try: prnt
except NameError: sys.__excepthook__(*sys.exc_info())
try: A().Bar
except AttributeError: sys.__excepthook__(*sys.exc_info())
A().bar_
