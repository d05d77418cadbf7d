
SHA224Type = _hash_type("sha224", 28, 64)
SHA256Type = _hash_type("sha256", 32, 64)


def sha224(string=b"", *, usedforsecurity=True):
    return SHA224Type(string)


def sha256(string=b"", *, usedforsecurity=True):
    return SHA256Type(string)
