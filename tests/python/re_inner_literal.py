# Searches whose pattern has a literal at a bounded distance from the match start (the engine
# then looks for the literal first): branches, repeats, lookarounds and marks before it, str
# (ASCII and wide) and bytes subjects, windows, empty matches, finditer, sub and split.
import re

PATTERNS = [
    r'(^|[^\\])"\\/Qngr\((-?[0-9]+)\)\\/"',
    r'[^x]abc',
    r'(a|bc)d',
    r'(?:ab|c|)xy',
    r'\w{1,3}=',
    r'(\d\d?)-(\d+)?x',
    r'.?.?q',
    r'(?=a)\wb',
    r'(?!b)\wb',
    r'\b\w\w"',
    r'(a|b)?(c|d)?e',
    r'[ab]{2,4}?c',
    r'x{0,2}+y',
    r'(?P<k>[a-z])(?P=k)?z',
    r'(a)|b',
    r'.\.',
    r'é?é',
]

SUBJECTS = [
    '',
    'abc',
    'xabc yabc',
    'bcd ad cd',
    'xy abxy cxy',
    'k=1 key=2 long=3 =4',
    '12-34x 5-x 7-8',
    'q aq abq',
    'ab bb cb',
    'hi"yo" ab"',
    'e ace bde',
    'ababc abc aaaac',
    'xxxy xy y',
    'aaz bz z',
    'a.b..c',
    'éé é',
    '"\\/Qngr(12)\\/" x"\\/Qngr(-3)\\/" \\"\\/Qngr(4)\\/"',
]

for p in PATTERNS:
    r = re.compile(p)
    for s in SUBJECTS:
        m = r.search(s)
        print(repr(p), repr(s), m and (m.span(), m.groups()))
        print('  all', [(m.span(), m.group()) for m in r.finditer(s)])
        print('  sub', repr(r.sub('<>', s)), 'split', r.split(s))
        if len(s) > 3:
            m = r.search(s, 2, len(s) - 1)
            print('  window', m and m.span())
        try:
            b = re.compile(p.encode())
            print('  bytes', [m.span() for m in b.finditer(s.encode())])
        except re.error as e:
            print('  bytes', type(e).__name__, e)

# A long subject with the literal rare, frequent, and at the edges.
long = 'a' * 300 + 'b"c' + 'x"' * 200 + 'd"end'
for p in [r'[ab]"c', r'(x|y)"d', r'\w"e', r'(^|x)"', r'.?"\Z', r'a{1,5}b"']:
    print(p, [m.span() for m in re.finditer(p, long)][:5], len(re.findall(p, long)))
# Empty matches before a literal, with must-advance after them.
print([m.span() for m in re.finditer(r'(?:a|)b?c', 'cac bc abc')])
print(re.sub(r'x?(?=y)|z', '-', 'xyyzy'))
