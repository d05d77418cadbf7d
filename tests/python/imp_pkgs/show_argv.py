"""Run with `-m` by crates/ripy/tests/command_line.rs: what sys and the module see."""
import posix
import sys

print(sys.argv[1:], __name__, __package__, sys.argv[0].rsplit("/", 1)[-1], sys.path[0] == posix.getcwd())
