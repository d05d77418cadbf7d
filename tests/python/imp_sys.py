# The sys module's attributes and functions.
import sys

print(sys.argv, type(sys.argv).__name__)
print(sys.path[0] == sys.path[0].rstrip("/"), isinstance(sys.path, list), all(isinstance(p, str) for p in sys.path))
print(sys.maxsize, sys.maxsize == 2**63 - 1, sys.maxunicode, sys.byteorder, sys.platform)
print(sys.version_info[:2], sys.version_info[0], sys.version.startswith("3.11"), sys.hexversion >> 16)
print(isinstance(sys.implementation.name, str), isinstance(sys.implementation.cache_tag, str))
print(sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.float_info.mant_dig)
print(sys.int_info.bits_per_digit, sys.hash_info.modulus, sys.hash_info.inf, sys.hash_info.width)
print(sys.flags.optimize, sys.flags.verbose, sys.flags.dont_write_bytecode >= 0)
print(type(sys.modules).__name__, sys.modules["sys"] is sys, "builtins" in sys.modules, "__main__" in sys.modules)
print("sys" in sys.builtin_module_names, "builtins" in sys.builtin_module_names, type(sys.builtin_module_names).__name__)
print(isinstance(sys.executable, str), sys.prefix == sys.base_prefix)
print(type(sys.meta_path).__name__, type(sys.path_hooks).__name__, type(sys.path_importer_cache).__name__)

print(sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
for bad in [0, -5, "x", 2.5]:
    try:
        sys.setrecursionlimit(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
sys.setrecursionlimit(1000)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


sys.setrecursionlimit(60)
try:
    depth(100)
except RecursionError as e:
    print("RecursionError", e)
sys.setrecursionlimit(1000)
print(depth(500))

print(sys.exc_info())
print(sys.exception())
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is v.__traceback__, sys.exception() is v)
print(sys.exc_info(), sys.exception())

s = "".join(["inter", "ned"])
print(sys.intern(s) == "interned", sys.intern(s) is sys.intern("interned"))
try:
    sys.intern(3)
except TypeError as e:
    print("TypeError", e)
for obj in [0, 1, 2**40, "", "abc", (), (1, 2), [], 1.5, True, False]:
    print(repr(obj), sys.getsizeof(obj))
print(sys.get_int_max_str_digits())
sys.set_int_max_str_digits(5000)
print(sys.get_int_max_str_digits())
try:
    sys.set_int_max_str_digits(10)
except ValueError as e:
    print("ValueError", e)

try:
    sys.exit(4)
except SystemExit as e:
    print("SystemExit", e.code, e.args)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.code, e.args)
try:
    sys.exit("message")
except SystemExit as e:
    print("SystemExit", e.code)
try:
    sys.no_such_attribute
except AttributeError as e:
    print("AttributeError", e)
sys.my_attribute = 5
print(sys.my_attribute)
