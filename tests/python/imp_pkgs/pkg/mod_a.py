from imp_pkgs.registry import note
note(__name__)
print("mod_a package:", __package__, "spec parent:", __spec__.parent)


def f():
    return "f from " + __name__
