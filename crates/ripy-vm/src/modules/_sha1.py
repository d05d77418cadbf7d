
SHA1Type = _hash_type("sha1", 20, 64)


def sha1(string=b"", *, usedforsecurity=True):
    return SHA1Type(string)
