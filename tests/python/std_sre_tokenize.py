# _sre as tokenizers use it: named alternatives with lastgroup, scanner.match loops, finditer
# with MULTILINE config parsing, Unicode classes, lookarounds and backreferences.
import _sre
from std_sre_data.codes import CASES

PATTERNS = {args[0]: args for args in CASES}


def compile(pattern):
    return _sre.compile(*PATTERNS[pattern])


TOKEN = compile(r"(?P<NUMBER>\d+(?:\.\d*)?)|(?P<NAME>[A-Za-z_]\w*)|(?P<OP>==|!=|<=|>=|[-+*/=<>()])|(?P<WS>[ \t]+)"
                r"|(?P<NEWLINE>\n)|(?P<STRING>\"(?:[^\"\\\\]|\\\\.)*\")|(?P<ERROR>.)")
PROGRAM = 'x = 3.14 * (radius + 2)\nif x >= 10 == y: print("big \\"one\\"")\n$ z != 0\n'
tokens = []
for m in TOKEN.finditer(PROGRAM):
    if m.lastgroup != "WS":
        tokens.append((m.lastgroup, m.group(), m.start(), m.lastindex))
print(len(tokens))
for t in tokens:
    print(t)

scanner = TOKEN.scanner(PROGRAM, 4, 30)
while True:
    m = scanner.match()
    if m is None:
        break
    print(m.lastgroup, repr(m.group()), m.span(), m.pos, m.endpos)

CONFIG = compile(r"\s*(?:(#.*)|(\w+)\s*=\s*(.*?))\s*$")
text = "# settings\nname = ripy  \n  depth=3\n\nbad line\nempty =\n"
for m in CONFIG.finditer(text):
    print(repr(m.group(0)), m.groups(), m.span(), m.lastindex)
print(CONFIG.findall(text))

for pattern, subjects in [
    (r"(?i)(?:ß|ǆ|ﬁ)+", ["ß", "SS", "ǅǄǆ", "ﬁFI", "xßx"]),
    (r"[^\W\d_]+", ["héllo wörld 123 _x_", "日本語テキスト", "αβγ δ"]),
    (r"\d", ["٣", "3", "x"]),
    (r"(?i)[\u0100-\u017f]+", ["ĀāĂă ascii ſ", "KELVIN", "ı"]),
    (r"[\U0001F600-\U0001F64F]+", ["hi 😀😃 there 🙏", "none"]),
    (r"(?<=\b)\w(?=\w*\b)", ["ab cd", "x"]),
    (r"(?s)<(\w+)>.*?</\1>", ["<a>1\n2</a><b>x</c></b>", "<q></q>"]),
    (r"^(?:(\d+)\.)?(\d+)\.(\d+)$", ["1.2.3", "2.3", "1.2.3.4"]),
    (r"(?i)\b(?:the|a|an)\b", ["The cat and a dog saw AN owl; theatre"]),
    (r"[\x00-\x7f]+", ["abc€def", "€"]),
    (r"(\w+)@(\w+)\.(com|org)", ["mail bob@example.com or eve@site.org!"]),
    (r"\\[nt\\]", ["a\\nb\\tc\\\\d\\x"]),
]:
    p = compile(pattern)
    for s in subjects:
        print(repr(pattern), repr(s), [(m.span(), m.group(), m.groups()) for m in p.finditer(s)],
              p.sub(lambda m: "<" + m.group() + ">", s), p.split(s))
