# Invalid escape sequences in literals: DeprecationWarning at compile time, or SyntaxError when
# the warnings filter makes it an error; source encodings known only to the codec registry.
import os
import sys
import tempfile
import warnings

pattern = '\d+'
print(pattern, len(pattern))

cases = [r"'\z'", r"'\8'", r"'\407'", r"b'\407'", r"b'\u1234'", r"'\N{EM DASH}'", r"b'\N'",
         r"'a\qb\w'", r"r'\z'", "'''\n\\z'''", r"'\{'", r"f'\z{1}'", r"f'{1}\w'", r"rf'\z{2}'",
         r"'\x41\101\u0041'", r"'ok' '\y'"]
for source in cases:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            value = eval(source)
        except SyntaxError as e:
            value = ('SyntaxError', e.msg)
    print(repr(source), repr(value), [(w.category.__name__, str(w.message), w.filename, w.lineno) for w in caught])

for source in [r"'\z'", "x = 1\ny = '''\n\\407'''", r"b'\d'"]:
    with warnings.catch_warnings():
        warnings.simplefilter('error', DeprecationWarning)
        try:
            compile(source, '<escapes>', 'exec')
        except SyntaxError as e:
            print(type(e).__name__, e.msg, e.filename, e.lineno, e.offset)

with warnings.catch_warnings():
    warnings.simplefilter('error', SyntaxWarning)
    print(eval(r"'\z'"))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    exec(compile("s = '\\%'\nt = '\\%'\n", 'two.py', 'exec'))
print([(str(w.message), w.lineno) for w in caught])

directory = tempfile.mkdtemp()
sys.path.insert(0, directory)
for encoding, text in [('latin9', '\u00e9\u20ac'), ('iso8859_15', '\u20ac'), ('cp1252', '\u00e9\u20ac'),
                       ('koi8_r', '\u0436\u0444')]:
    name = 'tx_mod_' + encoding
    with open(os.path.join(directory, name + '.py'), 'w', encoding=encoding) as f:
        f.write(f'# -*- coding: {encoding} -*-\nvalue = "{text}"\n')
    try:
        module = __import__(name)
        print(encoding, ascii(module.value))
    except SyntaxError as e:
        print(encoding, type(e).__name__, e.msg)
with open(os.path.join(directory, 'tx_mod_escape.py'), 'w') as f:
    f.write("x = 1\npattern = '\\d+'\n")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    import tx_mod_escape
print(tx_mod_escape.pattern, [(w.category.__name__, str(w.message), os.path.basename(w.filename), w.lineno)
                              for w in caught])
with open(os.path.join(directory, 'tx_mod_bad.py'), 'w') as f:
    f.write('# coding: no-such-codec\nx = 1\n')
try:
    import tx_mod_bad
except SyntaxError as e:
    print(type(e).__name__, e.msg)
for name in os.listdir(directory):
    os.remove(os.path.join(directory, name))
os.rmdir(directory)
