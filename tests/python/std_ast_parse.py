# _ast through compile(..., PyCF_ONLY_AST): node classes, fields in CPython 3.11's order, and
# locations (lineno, col_offset, end_lineno, end_col_offset), printed by a small dumper.
import _ast


def dump(node, indent=""):
    if isinstance(node, list):
        if not node:
            return "[]"
        return "[" + ", ".join(dump(x, indent) for x in node) + "]"
    if not isinstance(node, _ast.AST):
        return repr(node)
    parts = ["%s=%s" % (f, dump(getattr(node, f, "<missing>"), indent)) for f in node._fields]
    if node._attributes:
        loc = tuple(getattr(node, a, None) for a in node._attributes)
        parts.append("@%r" % (loc,))
    return "%s(%s)" % (type(node).__name__, ", ".join(parts))


def show(source, mode="exec"):
    try:
        tree = compile(source, "<ast>", mode, _ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno, e.offset)
        return
    print(dump(tree))


SOURCES = [
    "x = 1\n",
    "a, *b = c[1:2, ::3] = d.e\n",
    "del x[0], y.z\n",
    "x += 1; y //= 2; z @= w\n",
    "x: int = 5\n(y): str\nz.a: 'q'\n",
    "def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    'doc'\n    return a\n",
    "@dec\n@dec2(1)\n\nasync def g():\n    await x\n    async for i in y: pass\n    async with a as b, c: pass\n",
    "class C(B, metaclass=M, **kw):\n    x = 1\n    def m(self): ...\n",
    "@d\nclass D: pass\n",
    "if a:\n    pass\nelif b:\n    x\nelif c:\n    y\nelse:\n    z\n",
    "for i in range(10):\n    continue\nelse:\n    break\nwhile x:\n    pass\nelse:\n    y\n",
    "try:\n    x\nexcept ValueError as e:\n    pass\nexcept (A, B):\n    raise X from e\nexcept:\n    raise\nelse:\n    y\nfinally:\n    z\n",
    "try:\n    x\nexcept* E:\n    pass\n",
    "with open(f) as (a, b):\n    pass\n",
    "import os, os.path as p\nfrom . import x\nfrom ..a.b import (c as d, e)\nfrom m import *\n",
    "global g\ndef h():\n    nonlocal q\n",
    "assert x, 'msg'\nassert y\n",
    "lambda: 0\nlambda x, *y, z=1, **w: x\n",
    "x if y else z\n(a := 10)\nnot a and b or c\n-x + ~y ** +z\n",
    "a < b <= c != d is not e in f not in g\n",
    "f(a, *b, c=1, **d)\nf(x for x in y)\nf((x for x in y), 1)\n",
    "[x for x in y if x if not x]\n{k: v for k, v in d.items()}\n{s for s in t}\n(g async for g in h)\n",
    "{1: 2, **m, 3: 4}\n{1, 2}\n[1, 2]\n(1,)\n()\n",
    "'abc' 'def'\nb'x' b'y'\nu'uni'\nr'\\n'\n'\\u00e9\\n'\n1_000\n0x10\n1.5e3\n2j\nTrue, False, None, ...\n",
    "123456789012345678901234567890\n",
    "f'a{x}b{y!r:>{w}}c'\nf'{x=}'\nf'{x=!s:10}'\n'p' f'q{1}' 'r'\nf''\nf'{{}}'\n",
    "match p:\n    case 1 | 2:\n        pass\n    case [a, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0, y=_) if x > 0:\n        pass\n    case None:\n        pass\n    case str() as s:\n        pass\n    case _:\n        pass\n",
    "yield x\n",
    "def gen():\n    yield\n    yield from z\n",
    "x = 'é'; y = 'ü'\n",
    "x = (1 +\n     2)\n",
]
for source in SOURCES:
    print("--", repr(source))
    show(source)
show("1 + 2 * x", "eval")
show("x = 1", "single")
show("x = 1\ny = 2", "single")
show("def f(:\n", "exec")
show("x = = 1\n")

node = compile("a + 1", "<e>", "eval", _ast.PyCF_ONLY_AST)
print(type(node).__name__, type(node).__module__, isinstance(node, _ast.AST), isinstance(node, _ast.mod))
print(isinstance(node.body, _ast.expr), isinstance(node.body.op, _ast.operator), _ast.BinOp._fields)
print(_ast.Constant._fields, _ast.Constant._attributes, _ast.arguments._attributes, _ast.Constant.kind)
print(_ast.PyCF_ONLY_AST, _ast.PyCF_TYPE_COMMENTS, _ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
n = _ast.Name("x", _ast.Load(), lineno=3)
print(n.id, type(n.ctx).__name__, n.lineno, n.__dict__ == {"id": "x", "ctx": n.ctx, "lineno": 3})
try:
    _ast.Name(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
try:
    _ast.Load(1)
except TypeError as e:
    print("TypeError", e)
try:
    _ast.Name().id
except AttributeError as e:
    print("AttributeError", e)
print(_ast.Name.__match_args__, _ast.AST._fields, _ast.expr._attributes)
print(compile(node, "<e>", "eval", _ast.PyCF_ONLY_AST) is node)
