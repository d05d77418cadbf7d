"""The unicodedata module of ripy: the Unicode character database, as CPython 3.11's, over the
lookups of _ripyunicodedata. `ucd_3_2_0` answers from Unicode 3.2.0 (for IDNA)."""

import _ripyunicodedata as _data

unidata_version = "14.0.0"

_NO_DEFAULT = object()


def _char(name, chr):
    if not isinstance(chr, str) or len(chr) != 1:
        raise TypeError("%s() argument must be a unicode character, not %s" % (name, type(chr).__name__))
    return ord(chr)


def _str(name, position, value):
    if not isinstance(value, str):
        raise TypeError("%s() argument %d must be str, not %s" % (name, position, type(value).__name__))
    return value


class UCD:
    __module__ = "unicodedata"
    __slots__ = ("_modern", "unidata_version")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'unicodedata.UCD' instances")

    def _prop(self, what, chr):
        return _data.prop(what, _char(what, chr), self._modern)

    def _number(self, what, chr, default, message):
        value = self._prop(what, chr)
        if value is None:
            if default is _NO_DEFAULT:
                raise ValueError(message)
            return default
        return value

    def category(self, chr, /):
        """Returns the general category assigned to the character chr as string."""
        return self._prop("category", chr)

    def bidirectional(self, chr, /):
        """Returns the bidirectional class assigned to the character chr as string."""
        return self._prop("bidirectional", chr)

    def combining(self, chr, /):
        """Returns the canonical combining class assigned to the character chr as integer."""
        return self._prop("combining", chr)

    def east_asian_width(self, chr, /):
        """Returns the east asian width assigned to the character chr as string."""
        return self._prop("east_asian_width", chr)

    def mirrored(self, chr, /):
        """Returns the mirrored property assigned to the character chr as integer."""
        return self._prop("mirrored", chr)

    def decomposition(self, chr, /):
        """Returns the character decomposition mapping assigned to the character chr as
        string."""
        return self._prop("decomposition", chr)

    def decimal(self, chr, default=_NO_DEFAULT, /):
        """Converts a Unicode character into its equivalent decimal value."""
        return self._number("decimal", chr, default, "not a decimal")

    def digit(self, chr, default=_NO_DEFAULT, /):
        """Converts a Unicode character into its equivalent digit value."""
        return self._number("digit", chr, default, "not a digit")

    def numeric(self, chr, default=_NO_DEFAULT, /):
        """Converts a Unicode character into its equivalent numeric value."""
        return self._number("numeric", chr, default, "not a numeric character")

    def name(self, chr, default=_NO_DEFAULT, /):
        """Returns the name assigned to the character chr as a string."""
        return self._number("name", chr, default, "no such name")

    def lookup(self, name, /):
        """Look up character by name."""
        if isinstance(name, (bytes, bytearray)):
            name = name.decode("latin-1")
        elif not isinstance(name, str):
            raise TypeError("a bytes-like object is required, not '%s'" % type(name).__name__)
        found = _data.lookup(name, self._modern)
        if found is None:
            raise KeyError("undefined character name '%s'" % name)
        return found

    def normalize(self, form, unistr, /):
        """Return the normal form 'form' for the Unicode string unistr."""
        _str("normalize", 1, form)
        _str("normalize", 2, unistr)
        if form not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise ValueError("invalid normalization form")
        return _data.normalize(form, unistr if type(unistr) is str else unistr[:])

    def is_normalized(self, form, unistr, /):
        """Return whether the Unicode string unistr is in the normal form 'form'."""
        _str("is_normalized", 1, form)
        _str("is_normalized", 2, unistr)
        if form not in ("NFC", "NFKC", "NFD", "NFKD"):
            raise ValueError("invalid normalization form")
        return _data.is_normalized(form, unistr if type(unistr) is str else unistr[:])


def _ucd(modern, version):
    ucd = object.__new__(UCD)
    ucd._modern = modern
    ucd.unidata_version = version
    return ucd


ucd_3_2_0 = _ucd(False, "3.2.0")
_latest = _ucd(True, unidata_version)

category = _latest.category
bidirectional = _latest.bidirectional
combining = _latest.combining
east_asian_width = _latest.east_asian_width
mirrored = _latest.mirrored
decomposition = _latest.decomposition
decimal = _latest.decimal
digit = _latest.digit
numeric = _latest.numeric
name = _latest.name
lookup = _latest.lookup
normalize = _latest.normalize
is_normalized = _latest.is_normalized
del _latest
