# Hashing modules: _md5, _sha1, _sha256, _sha512, _sha3, _blake2 (and hashlib on top when it imports).
import _md5, _sha1, _sha256, _sha512, _sha3, _blake2

inputs = [b"", b"a", b"abc", b"The quick brown fox jumps over the lazy dog", bytes(range(256)) * 5]
ctors = [_md5.md5, _sha1.sha1, _sha256.sha224, _sha256.sha256, _sha512.sha384, _sha512.sha512,
         _sha3.sha3_224, _sha3.sha3_256, _sha3.sha3_384, _sha3.sha3_512, _blake2.blake2b, _blake2.blake2s]
for ctor in ctors:
    h = ctor()
    print(h.name, h.digest_size, h.block_size, type(h).__name__, type(h).__module__)
    for data in inputs:
        print(" ", len(data), ctor(data).hexdigest())
    h = ctor(b"abc")
    c = h.copy()
    h.update(b"def")
    c.update(bytearray(b"def"))
    c.update(memoryview(b"ghi"))
    print("  copy", h.hexdigest() == ctor(b"abcdef").hexdigest(), c.hexdigest() == ctor(b"abcdefghi").hexdigest())
    print("  digest", ctor(b"x").digest()[:8])
    for bad in ("text", 42, [1]):
        try:
            ctor(bad)
        except Exception as e:
            print("  ", type(e).__name__, e)
        try:
            ctor().update(bad)
        except Exception as e:
            print("  ", type(e).__name__, e)

print(_md5.md5(string=b"kw").hexdigest(), _sha1.sha1(b"x", usedforsecurity=False).hexdigest())
for shake in (_sha3.shake_128, _sha3.shake_256):
    h = shake(b"shake me")
    print(h.name, h.digest_size, h.block_size, h.hexdigest(10), h.digest(40).hex(), len(h.digest(0)))
    for bad in ((), (-1,)):
        try:
            h.digest(*bad)
        except Exception as e:
            print("  ", type(e).__name__, e)
for size in (1, 20, 32, 64):
    b = _blake2.blake2b(b"data", digest_size=size)
    print("blake2b", size, b.digest_size, b.hexdigest())
for size in (1, 16, 32):
    print("blake2s", size, _blake2.blake2s(b"data", digest_size=size).hexdigest())
for bad in (0, 65):
    try:
        _blake2.blake2b(digest_size=bad)
    except ValueError as e:
        print("ValueError", e)
print(_blake2.BLAKE2B_SALT_SIZE, _blake2.BLAKE2S_PERSON_SIZE, _blake2.BLAKE2B_MAX_DIGEST_SIZE)
big = _sha256.sha256()
for i in range(200):
    big.update(str(i).encode() * 50)
print(big.hexdigest())
