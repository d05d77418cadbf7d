# ImportError and ModuleNotFoundError: types, messages, attributes; failed imports leave no module.
import sys
sys.dont_write_bytecode = True
HERE = sys.path[0]


def show(e):
    text = str(e).replace(HERE, "<here>")
    name = getattr(e, "name", "-")
    path = getattr(e, "path", None)
    path = path.replace(HERE, "<here>") if isinstance(path, str) else path
    print(type(e).__name__, "|", text, "|", name, "|", path)


def attempt(code):
    try:
        code()
    except (ImportError, ValueError, TypeError, KeyError, SyntaxError) as e:
        show(e)


def t1():
    import no_such_module_xyz


def t2():
    import imp_pkgs.errs.nothing


def t3():
    import imp_pkgs.errs.mod.deeper


def t4():
    from imp_pkgs.errs import nothing


def t5():
    from imp_pkgs.errs.mod import missing_name


def t6():
    from sys import no_such_name


def t7():
    __import__("")


def t8():
    __import__("x", level=-1)


def t9():
    __import__(42)


def t10():
    __import__("a", {}, None, [], 1)


def t11():
    __import__("a", {"__package__": "imp_pkgs"}, None, [], 3)


def t12():
    __import__("x", {"__name__": "toplevel"}, None, [], 1)


for t in [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12]:
    attempt(t)

# A module whose body raises is not left in sys.modules; importing again runs it again.
for i in range(2):
    try:
        import imp_pkgs.errs.raises
    except ValueError as e:
        print("ValueError", e, "imp_pkgs.errs.raises" in sys.modules)
import imp_pkgs.registry
print(imp_pkgs.registry.LOADED)

# Syntax errors in imported modules.
try:
    import imp_pkgs.errs.bad_syntax
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.lineno, e.filename.replace(HERE, "<here>"))
print("imp_pkgs.errs.bad_syntax" in sys.modules)

# None in sys.modules blocks an import.
sys.modules["blocked_mod"] = None
try:
    import blocked_mod
except ImportError as e:
    show(e)
del sys.modules["blocked_mod"]

# Items of from-lists and __all__ must be strings.
try:
    from imp_pkgs.errs.bad_all import *
except TypeError as e:
    show(e)
try:
    __import__("imp_pkgs.errs", fromlist=[1])
except TypeError as e:
    show(e)

# ImportError is the base of ModuleNotFoundError.
try:
    import another_missing_one
except ImportError as e:
    print(isinstance(e, ModuleNotFoundError), issubclass(ModuleNotFoundError, ImportError), e.msg)

# A relative import in a script (no parent package).
try:
    from . import sibling
except ImportError as e:
    show(e)
try:
    from .. import sibling
except ImportError as e:
    show(e)
