# f-string errors as CPython 3.11 reports them (3.11 scans an f-string token's fields itself),
# and the f-strings it accepts.
import warnings

bad = ["f'{}'", "f'{ }'", "f' { } '", "f'{!r}'", "f'{ :!}'", "f'{=}'", "f'{:'", "f'{!x:a}'", "f'{.}'",
       "f'{lambda x:x}'", "f'{a $ b}'", "f'{,}'", "f'{3)+(4}'", "f'{\n}'", "f'{((}'", "f'{a(4]}'",
       "f'{\"x'", "f'{3! s}'", "f'{3!ss}'", "f'x{<'", "f'x{>'", "f'{3!'", "f'{#}'", "f'{3(#)}'",
       "f'{\\n}'", "rf'{\\t3}'", "b'' f''", "f'' b''", "f'\\N'", "f'\\N{GREEK'", "f'{4:{/5}}'",
       "f'{*x}'", "f'{**x}'", "f'{x:{y:{z}}}'", "f'}'", "f'{x}}'", "f'{x!r=}'", "f'{'a'}'",
       "f'{1:{}}'", "f'{x:{y!z}}'", "\n\nf'{.}'", "x = 1\ny = f'{\n.}'", "f'{a[}'", "f'{\"a\" \"b}'",
       "f'''{\t\x0c\r\n}'''", "f'{10:{ }}'"]
for source in bad:
    try:
        compile(source, '<fstring>', 'exec')
        print(repr(source), 'compiled')
    except SyntaxError as e:
        print(repr(source), e.msg, e.lineno, e.offset)

x, y, width, a, b = 42, 'why', 6, 3, 4
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    good = [eval(s) for s in ["f'{x:>{width}}'", "f'{{}}{x}'", "f'{a<b}{a!=b}{a>=b}'", "f'{x=}'",
                              "f'{x = !s:>5}'", "f'\\N{EM DASH}{x}'", "rf'\\{x}'", "f'\\{6*7}'",
                              "f'{y!r:>8}'", "f'''{x\n}'''", "f'{[1, 2][0]}'",
                              "f'{\"a\" \"b\"}'", "f'{x:#x}' f'{y}' 'z'"]]
print(good)
print([(w.category.__name__, str(w.message)) for w in caught])
