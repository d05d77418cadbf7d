"""Optimization levels: compile(optimize=...), -O, -OO and PYTHONOPTIMIZE drop asserts, make
__debug__ false and (level 2) drop docstrings."""
import os
import subprocess
import sys

SOURCE = '''
"""module doc"""
import sys, builtins
def f():
    """doc of f"""
    try:
        assert False, "boom"
        return "assert skipped", __debug__
    except AssertionError as e:
        return "assert ran", __debug__, str(e)
class C:
    """doc of C"""
print(sys.flags.optimize, f(), f.__doc__, C.__doc__, globals().get("__doc__"), builtins.__debug__)
'''

for level in (-1, 0, 1, 2):
    ns = {}
    exec(compile(SOURCE, "optimized", "exec", optimize=level), ns)
for bad in (3, -2):
    try:
        compile("1", "s", "eval", optimize=bad)
    except ValueError as e:
        print(bad, e)

env = {k: v for k, v in os.environ.items() if k != "PYTHONOPTIMIZE"}
for flags, extra in [([], {}), (["-O"], {}), (["-OO"], {}), (["-O", "-O"], {}),
                     ([], {"PYTHONOPTIMIZE": "1"}), ([], {"PYTHONOPTIMIZE": "2"}),
                     (["-E"], {"PYTHONOPTIMIZE": "2"}), ([], {"PYTHONOPTIMIZE": "x"})]:
    done = subprocess.run([sys.executable, *flags, "-c", SOURCE], env={**env, **extra},
                          capture_output=True, text=True)
    print(flags, extra, done.returncode, done.stdout.strip(), done.stderr.strip())
