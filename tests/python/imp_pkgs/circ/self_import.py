import imp_pkgs.circ.self_import as me
import sys
print("self import sees itself:", me is sys.modules[__name__], hasattr(me, "LATER"))
LATER = 1
