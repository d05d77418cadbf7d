# Circular imports: a module is in sys.modules while its body runs, and
# `from m import name` of a name not yet defined names the partially initialized module.
import sys
sys.dont_write_bytecode = True
HERE = sys.path[0]

import imp_pkgs.circ.a as a
print(a.use_b(), a.b.use_a())
print(a.__spec__._initializing, a.b.__spec__._initializing)

try:
    import imp_pkgs.circ.x
except ImportError as e:
    print(type(e).__name__, str(e).replace(HERE, "<here>"))
    print(e.name, e.path.replace(HERE, "<here>"))
print("imp_pkgs.circ.x" in sys.modules, "imp_pkgs.circ.y" in sys.modules)

import imp_pkgs.circ.self_import
print(imp_pkgs.circ.self_import.LATER)
