from imp_pkgs.registry import note
note(__name__)
count = 0


def bump():
    global count
    count += 1
    return count
