from imp_pkgs.registry import note
note(__name__)
from ..mod_a import f
from ... import registry
__all__ = ["g", "f", "CONST"]
CONST = 3


def g():
    return "g in " + __name__


def _hidden():
    return "hidden"


visible_but_not_in_all = 5
