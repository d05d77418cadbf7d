print("x starts")
from imp_pkgs.circ.y import Y
X = "x"
