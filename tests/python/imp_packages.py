# Packages, relative imports, namespace packages, sys.modules caching, module objects.
import sys
sys.dont_write_bytecode = True
HERE = sys.path[0]

import imp_pkgs.pkg
pkg = imp_pkgs.pkg
print(pkg.X, pkg.mod_a.f(), pkg.sub.VAL, pkg.sub.deep.g())
print(type(pkg).__name__, pkg.__name__, pkg.__package__, pkg.__spec__.name, pkg.__spec__.parent)
print(pkg.__file__.replace(HERE, "<here>"))
print([p.replace(HERE, "<here>") for p in pkg.__path__])
print(pkg.mod_a.__file__.replace(HERE, "<here>"), pkg.mod_a.__package__)
print(repr(pkg).replace(HERE, "<here>"))

import imp_pkgs.pkg.sub.deep as d
print(d.g(), d.__name__, d is pkg.sub.deep)
from imp_pkgs.pkg.sub.deep import *
print(g(), f(), CONST)
NS = sys.modules[__name__].__dict__
print("visible_but_not_in_all" in NS, "_hidden" in NS)
from imp_pkgs.pkg.plain import *
print(PUBLIC, also, "_private" in NS)

from imp_pkgs.nsp.inner import m
import imp_pkgs.nsp
print(m.Z, imp_pkgs.nsp.__file__, imp_pkgs.nsp.__spec__.origin)
print([p.replace(HERE, "<here>") for p in imp_pkgs.nsp.__path__])
print(sorted(k for k in sys.modules if k.startswith("imp_pkgs")))

from imp_pkgs import registry
print(registry.LOADED)

import imp_pkgs.counter
import imp_pkgs.counter as c2
from imp_pkgs import counter as c3
print(c2 is c3, c2.bump(), c3.bump(), imp_pkgs.counter.count)
del sys.modules["imp_pkgs.counter"]
import imp_pkgs.counter as c4
print(c4 is c2, c4.count, registry.LOADED.count("imp_pkgs.counter"))

# __import__ and its return values.
top = __import__("imp_pkgs.pkg.sub")
print(top.__name__)
print(__import__("imp_pkgs.pkg.sub", fromlist=["deep"]).__name__)
print(__import__("imp_pkgs.pkg.sub", NS, None, ["*"], 0).__name__)
print(__import__("sub", {"__name__": "imp_pkgs.pkg.mod_a", "__package__": "imp_pkgs.pkg"}, None, [], 1).__name__)
print(__import__("", {"__package__": "imp_pkgs.pkg.sub"}, None, ["deep"], 2).__name__)

# Module objects.
import imp_pkgs.modgetattr as mg
print(mg.dyn_x, mg.dyn_value)
try:
    mg.other
except AttributeError as e:
    print("AttributeError", e)
try:
    pkg.missing_attr
except AttributeError as e:
    print("AttributeError", e)
pkg.new_attr = 10
print(pkg.new_attr, pkg.__dict__["new_attr"], "new_attr" in pkg.__dict__)
del pkg.new_attr
try:
    del pkg.new_attr
except AttributeError as e:
    print("AttributeError", e)
print(sorted(k for k in imp_pkgs.pkg.plain.__dict__ if not k.startswith("__")))
ModuleType = type(sys)
print(ModuleType.__name__, isinstance(pkg, ModuleType), repr(sys))

# Importing a module twice runs it once; a module sees itself in sys.modules while it runs.
import imp_pkgs.guard
import imp_pkgs.guard
print(__name__, sys.modules["__main__"] is sys.modules[__name__])
import __main__
print(__main__.HERE == HERE)
