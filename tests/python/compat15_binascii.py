# binascii: quoted-printable (a2b_qp/b2a_qp with their options, soft line breaks, line lengths)
# and any buffer (arrays) as input of the b2a_*/a2b_* functions.
import array
import binascii
import quopri

samples = [b"", b"hello world", b"a=b", b"tab\tend\t", b"trailing space \nnext", b"crlf line\r\nx\r\n",
           b".\nleading dot", b"under_score and space", b"\x00\x7f\x80\xff", b"x" * 75 + b"y" * 10,
           b"=" * 40, b"soft=\nbreak", b"soft=\r\nbreak=", b"=4=41=4a=zz=", b"line\n.", b"=\r"]
for data in samples:
    for kw in ({}, {"quotetabs": True}, {"istext": False}, {"header": True}):
        encoded = binascii.b2a_qp(data, **kw)
        print("b2a_qp", data, kw, encoded)
        print("  a2b_qp", binascii.a2b_qp(encoded, header=kw.get("header", False)))
    print("a2b_qp raw", binascii.a2b_qp(data), binascii.a2b_qp(data.decode("latin-1").encode("ascii", "replace"), True))
print(quopri.encodestring(b"caf\xc3\xa9 = ok\t\n"), quopri.decodestring(b"caf=C3=A9 =3D ok=09\n"))

data = array.array("B", b"any buffer")
print(binascii.hexlify(data), binascii.b2a_base64(data), binascii.b2a_uu(data), binascii.crc32(data))
print(binascii.a2b_base64(array.array("B", b"YW55\n")), binascii.unhexlify(array.array("B", b"6162")))
for bad in (42, "text", [1, 2]):
    try:
        binascii.hexlify(bad)
    except TypeError as e:
        print("hexlify", type(bad).__name__, e)
    try:
        binascii.a2b_base64(bad)
    except (TypeError, ValueError) as e:
        print("a2b_base64", type(bad).__name__, type(e).__name__, e)
