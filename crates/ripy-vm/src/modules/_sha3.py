
implementation = "ripy"
keccakopt = 64

sha3_224 = _hash_type("sha3_224", 28, 144)
sha3_256 = _hash_type("sha3_256", 32, 136)
sha3_384 = _hash_type("sha3_384", 48, 104)
sha3_512 = _hash_type("sha3_512", 64, 72)
shake_128 = _hash_type("shake_128", 0, 168, _Shake)
shake_256 = _hash_type("shake_256", 0, 136, _Shake)
