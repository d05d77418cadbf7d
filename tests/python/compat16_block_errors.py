# IndentationError "expected an indented block after ..." for each compound statement header.
cases = [
    "if x:\npass", "if x:\n    pass\nelif y:\npass", "if x:\n    pass\nelse:\npass",
    "for x in y:\n    pass\nelse:\npass", "while x:\npass", "with x:\npass", "class C:\npass",
    "def f():\npass", "async def f():\n    async for x in y:\n        pass\n    else:\n    pass",
    "try:\npass", "try:\n    pass\nexcept ValueError:\npass", "try:\n    pass\nexcept* ValueError:\npass",
    "try:\n    pass\nfinally:\npass", "match x:\n    case 1:\n    pass", "match x:\npass",
]
for source in cases:
    try:
        compile(source, "<case>", "exec")
    except SyntaxError as e:
        print(repr(source), type(e).__name__, e.msg, e.lineno, e.offset)
    else:
        print(repr(source), "compiled")
