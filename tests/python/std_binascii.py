# binascii: hex, base64, crc32, crc_hqx, errors.
import binascii

samples = [b"", b"a", b"ab", b"abc", b"hello world", bytes(range(256))]
for s in samples:
    h = binascii.hexlify(s)
    b = binascii.b2a_base64(s)
    print(len(s), h[:40], b[:60], binascii.b2a_base64(s, newline=False)[-4:])
    print("  back", binascii.unhexlify(h) == s, binascii.a2b_hex(h.decode()) == s, binascii.a2b_base64(b) == s,
          binascii.a2b_base64(b.decode()) == s)
    print("  crc", binascii.crc32(s), binascii.crc32(s, 12345), binascii.crc_hqx(s, 0), binascii.crc_hqx(s, 0xFFFF))
print(binascii.b2a_hex(bytearray(b"\x00\xff")), binascii.hexlify(memoryview(b"xyz")))
print(binascii.hexlify(b"abcdef", b":", -2), binascii.hexlify(b"abcde", "-", 2), binascii.hexlify(b"abc", ":"))
print(binascii.crc32(b"world", binascii.crc32(b"hello ")) == binascii.crc32(b"hello world"))
print(binascii.crc32(b"x", -1), binascii.crc32(b"x", 2**40 + 5))
for text in [b"YQ", b"Y", b"YWJj\nZA==", b"YW Jj!", b"YQ==YQ==", b"YWI=", b"=YQ==", b"YQ=a", b"YWJjZA==!!", b"QUJD\x00"]:
    for strict in (False, True):
        try:
            print(text, strict, binascii.a2b_base64(text, strict_mode=strict))
        except binascii.Error as e:
            print(text, strict, "Error", e)
for bad in [b"abc", b"zz", "é1", 1, b"0g"]:
    try:
        print(binascii.unhexlify(bad))
    except Exception as e:
        print(type(e).__name__, e)
for call in [lambda: binascii.hexlify("ab"), lambda: binascii.crc32("a"), lambda: binascii.b2a_base64("x"),
             lambda: binascii.a2b_base64(3), lambda: binascii.hexlify(b"abcdef", "::")]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)
print(issubclass(binascii.Error, ValueError), issubclass(binascii.Incomplete, Exception))
