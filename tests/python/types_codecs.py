# str.encode / bytes.decode: codecs, error handlers, error messages, BOMs, aliases.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

text = "aé€😀"
for enc in ["utf-8", "UTF8", "utf_8", "u8", "utf-16", "utf-16-le", "UTF-16BE", "utf-32", "utf-32-le", "utf_32_be", "latin-1", "iso-8859-1", "ascii", "us-ascii"]:
    show(f"encode_{enc}", lambda: text.encode(enc))
for errors in ["ignore", "replace", "xmlcharrefreplace", "backslashreplace"]:
    show(f"ascii_{errors}", lambda: text.encode("ascii", errors))
    show(f"latin1_{errors}", lambda: text.encode("latin-1", errors))
show("strict_ascii", lambda: text.encode("ascii"))
show("strict_latin1", lambda: "a€€b".encode("latin-1"))
show("surrogate_utf8", lambda: "a\ud800b".encode())
show("surrogatepass", lambda: "a\ud800b".encode("utf-8", "surrogatepass"))
show("surrogateescape_enc", lambda: "a\udcffb".encode("utf-8", "surrogateescape"))
show("bad_handler_unused", lambda: "abc".encode("ascii", "nonsense"))
show("bad_handler", lambda: "é".encode("ascii", "nonsense"))
show("bad_codec", lambda: "x".encode("klingon"))
show("encode_kw", lambda: "é".encode(encoding="latin-1", errors="strict"))
show("encode_type_err", lambda: "x".encode(5))
data = "aé€😀".encode()
for enc in ["utf-8", "latin-1"]:
    show(f"decode_{enc}", lambda: data.decode(enc))
show("decode_utf16", lambda: "hé".encode("utf-16").decode("utf-16"))
show("decode_utf16_be_bom", lambda: b"\xfe\xff\x00h\x00i".decode("utf-16"))
show("decode_utf32", lambda: "x😀".encode("utf-32").decode("utf-32"))
show("decode_errors", lambda: [b"a\x80b\xffc".decode("utf-8", e) for e in ["replace", "ignore", "backslashreplace", "surrogateescape"]])
show("decode_ascii_errors", lambda: [b"a\x80b".decode("ascii", e) for e in ["replace", "ignore"]])
show("decode_truncated", lambda: b"\xf0\x9f\x98".decode())
show("decode_invalid_cont", lambda: b"\xe2\x28\xa1".decode())
show("decode_overlong", lambda: b"\xc0\xaf".decode())
show("decode_surrogate", lambda: b"\xed\xa0\x80".decode())
show("decode_surrogatepass", lambda: b"\xed\xa0\x80".decode("utf-8", "surrogatepass"))
show("decode_bad_start", lambda: b"ab\xffcd".decode())
show("decode_many_bad", lambda: b"\xff\xfe\xfd".decode())
show("utf16_odd", lambda: b"a\x00b".decode("utf-16-le"))
show("str_ctor", lambda: [str(b"caf\xc3\xa9", "utf-8"), str(b"caf\xe9", "latin-1"), str(b"x\xff", "ascii", "replace"), str(bytearray(b"ok"), "ascii")])
show("str_ctor_err", lambda: str(b"\xff", encoding="utf-8"))
show("str_ctor_err2", lambda: str("x", "utf-8"))
show("round_trip", lambda: all(s.encode(e).decode(e) == s for s in ["", "abc", "ñandú", "日本"] for e in ["utf-8", "utf-16", "utf-32"]))
