# sys's records as struct sequences, sys.exit's status, excepthook writing to sys.stderr,
# call_tracing, __debug__, compile() with a path-like filename, _testinternalcapi.
import io
import sys

print(type(sys.flags).__name__, len(sys.flags), sys.flags.optimize, sys.flags[3])
print(type(sys.flags.dev_mode).__name__, type(sys.flags.safe_path).__name__, type(sys.flags.verbose).__name__)
print(sys.version_info[:2] == (sys.version_info.major, sys.version_info.minor))
print(sys.version_info >= (3, 11), sys.version_info < (4,), sys.version_info.releaselevel)
print(sys.implementation.version == sys.version_info)
print(sys.float_info.max == sys.float_info[0], sys.float_info.mant_dig, len(sys.float_info))
print(sys.int_info.bits_per_digit == sys.int_info[0], len(sys.int_info))
print(sys.hash_info.modulus == sys.hash_info[1], sys.hash_info.inf, len(sys.hash_info))
print(len(sys.thread_info), sys.thread_info.name in ("pthread", "nt", "solaris"))
for record in (sys.flags, sys.version_info):
    try:
        type(record)(record)
    except TypeError as e:
        print("TypeError", e)
    try:
        type(record).__new__(type(record), record)
    except TypeError:
        print("TypeError from __new__")

for status in [(), (None,), (42,), ((42,),), ((1, 2),), ("bye",)]:
    try:
        sys.exit(*status)
    except SystemExit as e:
        print("SystemExit", repr(e.code), e.args)
try:
    sys.exit(1, 2)
except TypeError as e:
    print("TypeError", e)

saved = sys.stderr
sys.stderr = io.StringIO()
try:
    sys.excepthook(1, "1", 1)
    try:
        raise ValueError("boom")
    except ValueError as e:
        sys.excepthook(type(e), e, e.__traceback__)
    captured = sys.stderr.getvalue()
finally:
    sys.stderr = saved
print(captured.splitlines()[0])
print(captured.splitlines()[-1])

print(sys.call_tracing(max, (3, 9, 4)))
try:
    sys.call_tracing(max, [1])
except TypeError as e:
    print("TypeError", e)
print(sys.is_finalizing(), repr(sys.abiflags))

import builtins
print(__debug__, builtins.__debug__)


class Path:
    def __init__(self, path):
        self.path = path

    def __fspath__(self):
        return self.path


code = compile("x = 1", Path("some/file.py"), "exec")
print(code.co_filename)

import _testinternalcapi

config = _testinternalcapi.get_config()
print(config["code_debug_ranges"], type(config["argv"]).__name__)


def depth():
    return _testinternalcapi.get_recursion_depth()


def outer():
    return depth() - _testinternalcapi.get_recursion_depth()


print(outer())
