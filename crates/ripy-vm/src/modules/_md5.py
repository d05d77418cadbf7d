
MD5Type = _hash_type("md5", 16, 64)


def md5(string=b"", *, usedforsecurity=True):
    return MD5Type(string)
