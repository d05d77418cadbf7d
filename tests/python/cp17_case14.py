# Case mappings and properties of CPython 3.11's Unicode (14.0): characters cased only in later
# Unicode versions map to themselves.
import unicodedata

print(unicodedata.unidata_version)
for cp in (0x19B, 0x264, 0x295, 0x10FC, 0x1C89, 0x1C8A, 0xA7CB, 0xA7DC, 0xA7D3, 0xA7F1, 0x10D50, 0x41, 0xE9, 0x3A3):
    c = chr(cp)
    print(hex(cp), [hex(ord(x)) for x in c.upper()], [hex(ord(x)) for x in c.lower()], c.isupper(), c.islower(),
          c.title() == c, c.casefold() == c.lower(), c.swapcase() == c)
print("\u019b\u1d00\u1d86\u0221\u1fb7".capitalize() == "\u019b\u1d00\u1d86\u0221\u1fb7")
print("ƛ".upper(), "ꟛ".lower(), "ɤ".upper())
