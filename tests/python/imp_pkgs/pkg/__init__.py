from imp_pkgs.registry import note
note(__name__)
X = 1
from . import mod_a
from .sub import deep
import sys
print("pkg sees", sorted(k for k in sys.modules[__name__].__dict__ if not k.startswith("__")))
