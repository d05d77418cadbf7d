from imp_pkgs.registry import note
note(__name__)
value = 1
raise ValueError("raised while importing " + __name__)
