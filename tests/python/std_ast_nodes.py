# _ast's classes: every node class with its base, _fields, _attributes, __match_args__ and the
# None defaults of optional fields; constructing nodes by position and keyword; the errors.
import _ast

names = sorted(n for n, v in vars(_ast).items() if isinstance(v, type) and issubclass(v, _ast.AST))
print(len(names))
for name in names:
    cls = getattr(_ast, name)
    defaults = [f for f in cls._fields + cls._attributes if getattr(cls, f, 0) is None]
    print(name, cls.__bases__[0].__name__, cls.__module__, cls._fields, cls._attributes,
          getattr(cls, "__match_args__", None), defaults)

b = _ast.BinOp(_ast.Constant(1), _ast.Add(), right=_ast.Name("x", _ast.Load()))
print(type(b.left).__name__, b.left.value, type(b.op).__name__, b.right.id, b.left.kind, hasattr(b, "lineno"))
print(isinstance(b, _ast.expr), isinstance(b, _ast.stmt), isinstance(b.op, _ast.operator), issubclass(_ast.Add, _ast.AST))
f = _ast.FunctionDef("f", _ast.arguments([], [], None, [], [], None, []), [_ast.Pass()], [])
print(f.name, f.returns, f.type_comment, f.body[0].__class__.__name__, f.args.vararg, f.decorator_list)
for bad in [lambda: _ast.BinOp(1, 2, 3, 4), lambda: _ast.Pass(1), lambda: _ast.alias("a", "b", "c"),
            lambda: _ast.Name().ctx]:
    try:
        bad()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
m = _ast.Module([_ast.Expr(_ast.Constant("doc"))], [])
print(len(m.body), m.type_ignores, m.body[0].value.value)
match b:
    case _ast.BinOp(_ast.Constant(value=v), op, _ast.Name(id=n)):
        print("matched", v, type(op).__name__, n)
