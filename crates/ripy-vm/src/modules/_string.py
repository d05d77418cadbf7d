"""The _string module of ripy (what string.Formatter uses), written in Python."""


def formatter_parser(format_string):
    """Iterate over (literal, field_name, format_spec, conversion) as str.format parses them."""
    if not isinstance(format_string, str):
        raise TypeError("expected str, got %s" % type(format_string).__name__)
    return _parse(format_string)


def _parse(s):
    """The items of formatter_parser(s)."""
    n = len(s)
    i = 0
    literal = []
    while i < n:
        c = s[i]
        if c == "}":
            if i + 1 < n and s[i + 1] == "}":
                literal.append("}")
                yield ("".join(literal), None, None, None)
                literal = []
                i += 2
                continue
            raise ValueError("Single '}' encountered in format string")
        if c != "{":
            literal.append(c)
            i += 1
            continue
        if i + 1 < n and s[i + 1] == "{":
            literal.append("{")
            yield ("".join(literal), None, None, None)
            literal = []
            i += 2
            continue
        name, conversion, spec, i = _parse_field(s, i + 1)
        yield ("".join(literal), name, spec, conversion)
        literal = []
    if literal:
        yield ("".join(literal), None, None, None)


def _parse_field(s, i):
    """The field starting at s[i] (after its '{'): name, conversion, spec, and the index after it."""
    n = len(s)
    start = i
    while i < n and s[i] not in "!:}":
        if s[i] == "[":
            while i < n and s[i] != "]":
                i += 1
        if i < n:
            i += 1
    if i >= n:
        raise ValueError("expected '}' before end of string")
    name = s[start:i]
    conversion = None
    if s[i] == "!":
        if i + 1 >= n:
            raise ValueError("end of string while looking for conversion specifier")
        conversion = s[i + 1]
        i += 2
        if i >= n:
            raise ValueError("unmatched '{' in format spec")
        if s[i] not in ":}":
            raise ValueError("expected ':' after conversion specifier")
    spec = ""
    if s[i] == ":":
        depth = 0
        j = i + 1
        while j < n:
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        if j >= n:
            raise ValueError("unmatched '{' in format spec")
        spec = s[i + 1 : j]
        i = j
    return name, conversion, spec, i + 1


def _key(text):
    return int(text) if text.isdigit() else text


def formatter_field_name_split(field_name):
    """Split a field name into its first part and an iterator of (is_attribute, key)."""
    if not isinstance(field_name, str):
        raise TypeError("expected str, got %s" % type(field_name).__name__)
    i = 0
    n = len(field_name)
    while i < n and field_name[i] not in ".[":
        i += 1
    first = _key(field_name[:i])
    rest = []
    while i < n:
        if field_name[i] == ".":
            j = i + 1
            while j < n and field_name[j] not in ".[":
                j += 1
            if j == i + 1:
                raise ValueError("Empty attribute in format string")
            rest.append((True, field_name[i + 1 : j]))
            i = j
        else:
            j = field_name.find("]", i)
            if j < 0:
                raise ValueError("Missing ']' in format string")
            if j == i + 1:
                raise ValueError("Empty attribute in format string")
            rest.append((False, _key(field_name[i + 1 : j])))
            i = j + 1
            if i < n and field_name[i] not in ".[":
                raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
    return first, iter(rest)
