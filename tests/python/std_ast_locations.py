# _ast locations: UTF-8 byte columns, multi-line nodes, decorators with comments in between,
# nested f-strings and format specs, parenthesized context managers, walrus and star targets,
# docstrings, and compile() in 'eval' and 'single' modes; plus walking a tree generically.
import _ast


def walk(node, depth=0):
    if isinstance(node, list):
        for item in node:
            walk(item, depth)
        return
    if not isinstance(node, _ast.AST):
        return
    loc = ""
    if "lineno" in node._attributes:
        loc = " %d:%d-%d:%d" % (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
    extra = ""
    for field in node._fields:
        value = getattr(node, field)
        if not isinstance(value, (list, _ast.AST)):
            extra += " %s=%r" % (field, value)
    print("  " * depth + type(node).__name__ + loc + extra)
    for field in node._fields:
        walk(getattr(node, field), depth + 1)


SOURCES = [
    "s = 'héllo' + \"wörld\"  # ü\nt = s\n",
    "x = (\n    1,\n    'two',\n    [3,\n     4],\n)\n",
    "@first  # comment\n# another\n@second(\n    arg)\ndef f(\n    a: int,\n    *, b\n) -> None:\n    \"\"\"Doc.\"\"\"\n",
    "f'{a!r:{width}.{prec}}' f\"{'nested' + f'{b}'}\"\n",
    "with (open('a') as f, open('b') as g):\n    pass\n",
    "if (n := len(a)) > 10:\n    first, *rest = a\n",
    "class K:\n    '''doc'''\n    a: int = 1\n    def m(self, /, x=(1, 2)): return x\n",
    "async def main():\n    r = [x async for x in aiter() if await x]\n    return await g(*r, **{})\n",
    "x = [\n    i ** 2  # square\n    for i in range(10)\n]\n",
    "print(*args, sep='', end='\\n')\n",
    "é = 1; ñ += é\n",
    "a[b:c, d] = e[::], f[...]\n",
    "while True:\n    try:\n        break\n    finally:\n        continue\n",
    "raise\n",
]
for source in SOURCES:
    print("--", repr(source))
    walk(compile(source, "<loc>", "exec", _ast.PyCF_ONLY_AST))
walk(compile("(a, b) if c else {d: e}", "<loc>", "eval", _ast.PyCF_ONLY_AST))
walk(compile("for i in x: print(i)\n", "<loc>", "single", _ast.PyCF_ONLY_AST))
walk(compile(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "<loc>", "exec", _ast.PyCF_ONLY_AST))

for bad in ["x = )", "def f(:", "  x = 1", "f(**a, *b)", "return 1 +", "x = 'unterminated", "a = b = = c"]:
    try:
        compile(bad, "<bad>", "exec", _ast.PyCF_ONLY_AST)
    except SyntaxError as e:
        print(type(e).__name__, repr(bad), e.msg, e.lineno, e.offset, e.filename)
