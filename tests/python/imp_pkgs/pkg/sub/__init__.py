from imp_pkgs.registry import note
note(__name__)
from .. import mod_a as ma
VAL = ma.f()
