
SHA384Type = _hash_type("sha384", 48, 128)
_SHA512Type = _hash_type("sha512", 64, 128)


def sha384(string=b"", *, usedforsecurity=True):
    return SHA384Type(string)


def sha512(string=b"", *, usedforsecurity=True):
    return _SHA512Type(string)
