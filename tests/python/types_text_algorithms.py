# str, bytes and bytearray methods that share one implementation (split, strip, replace, padding, counting) on the same inputs.
tests = ["", "a", "  a b  c  ", "a,b,,c,", ",", "x\r\ny\nz\r", "\t\tab\tc\nd\te", "+12", "-", "abcabcab"]
for t in tests:
    for T in (str, bytes, bytearray):
        s = T(t, 'ascii') if T is not str else t
        c = (lambda x: x) if T is str else (lambda x: x.encode())
        print(repr(s), s.split(), s.split(None, 1), s.rsplit(None, 1), s.split(c(',')), s.rsplit(c(','), 1), s.split(c(','), 2))
        print(s.splitlines(), s.splitlines(True), s.strip(), s.lstrip(c(' a')), s.rstrip(c('c ')))
        print(s.replace(c(''), c('-')), s.replace(c(''), c('-'), 2), s.replace(c('ab'), c('X')), s.replace(c('a'), c(''), 1), s.replace(c(''), c('-'), 0))
        print(s.center(9), s.center(10, c('*')), s.ljust(7, c('.')), s.rjust(7), s.zfill(6), s.expandtabs(), s.expandtabs(3), s.expandtabs(0))
        print(s.count(c('')), s.count(c('a')), s.count(c('ab'), 1), s.count(c(''), 20), s.find(c('b')), s.rfind(c('b')), s.startswith(c('a'), 0, 3), s.endswith((c('c'), c('b'))), s.removeprefix(c('a')), s.removesuffix(c('b')))
        print(s.partition(c(',')), s.rpartition(c('b')))
