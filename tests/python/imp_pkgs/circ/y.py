print("y starts")
from imp_pkgs.circ.x import X
Y = "y"
