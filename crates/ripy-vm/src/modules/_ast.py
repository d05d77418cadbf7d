"""The _ast module of ripy: CPython 3.11's AST node classes (names, _fields, _attributes and the
None defaults of optional fields, from its Parser/Python.asdl). compile(..., PyCF_ONLY_AST) builds
trees of them from ripy's parser (see _ripyast)."""

PyCF_ONLY_AST = 1024
PyCF_TYPE_COMMENTS = 4096
PyCF_ALLOW_TOP_LEVEL_AWAIT = 8192


class AST:
    __module__ = "ast"
    _fields = ()
    _attributes = ()
    __match_args__ = ()

    def __init__(self, *args, **kwargs):
        fields = self._fields
        if len(args) > len(fields):
            n = len(fields)
            raise TypeError("%s constructor takes at most %d positional argument%s"
                            % (type(self).__name__, n, "" if n == 1 else "s"))
        for name, value in zip(fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __reduce__(self):
        return type(self), (), dict(self.__dict__)

# (name, base, _fields, _attributes (None: inherited), fields and attributes that default to None)
_NODES = (
    ('alias', 'AST', ('name', 'asname'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('asname', 'end_lineno', 'end_col_offset')),
    ('arg', 'AST', ('arg', 'annotation', 'type_comment'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('annotation', 'type_comment', 'end_lineno', 'end_col_offset')),
    ('arguments', 'AST', ('posonlyargs', 'args', 'vararg', 'kwonlyargs', 'kw_defaults', 'kwarg', 'defaults'), (), ('vararg', 'kwarg')),
    ('boolop', 'AST', (), (), ()),
    ('cmpop', 'AST', (), (), ()),
    ('comprehension', 'AST', ('target', 'iter', 'ifs', 'is_async'), (), ()),
    ('excepthandler', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_lineno', 'end_col_offset')),
    ('expr', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_lineno', 'end_col_offset')),
    ('expr_context', 'AST', (), (), ()),
    ('keyword', 'AST', ('arg', 'value'), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('arg', 'end_lineno', 'end_col_offset')),
    ('match_case', 'AST', ('pattern', 'guard', 'body'), (), ('guard',)),
    ('mod', 'AST', (), (), ()),
    ('operator', 'AST', (), (), ()),
    ('pattern', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ()),
    ('stmt', 'AST', (), ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'), ('end_lineno', 'end_col_offset')),
    ('type_ignore', 'AST', (), (), ()),
    ('unaryop', 'AST', (), (), ()),
    ('withitem', 'AST', ('context_expr', 'optional_vars'), (), ('optional_vars',)),
    ('Add', 'operator', (), None, ()),
    ('And', 'boolop', (), None, ()),
    ('AnnAssign', 'stmt', ('target', 'annotation', 'value', 'simple'), None, ('value',)),
    ('Assert', 'stmt', ('test', 'msg'), None, ('msg',)),
    ('Assign', 'stmt', ('targets', 'value', 'type_comment'), None, ('type_comment',)),
    ('AsyncFor', 'stmt', ('target', 'iter', 'body', 'orelse', 'type_comment'), None, ('type_comment',)),
    ('AsyncFunctionDef', 'stmt', ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), None, ('returns', 'type_comment')),
    ('AsyncWith', 'stmt', ('items', 'body', 'type_comment'), None, ('type_comment',)),
    ('Attribute', 'expr', ('value', 'attr', 'ctx'), None, ()),
    ('AugAssign', 'stmt', ('target', 'op', 'value'), None, ()),
    ('Await', 'expr', ('value',), None, ()),
    ('BinOp', 'expr', ('left', 'op', 'right'), None, ()),
    ('BitAnd', 'operator', (), None, ()),
    ('BitOr', 'operator', (), None, ()),
    ('BitXor', 'operator', (), None, ()),
    ('BoolOp', 'expr', ('op', 'values'), None, ()),
    ('Break', 'stmt', (), None, ()),
    ('Call', 'expr', ('func', 'args', 'keywords'), None, ()),
    ('ClassDef', 'stmt', ('name', 'bases', 'keywords', 'body', 'decorator_list'), None, ()),
    ('Compare', 'expr', ('left', 'ops', 'comparators'), None, ()),
    ('Constant', 'expr', ('value', 'kind'), None, ('kind',)),
    ('Continue', 'stmt', (), None, ()),
    ('Del', 'expr_context', (), None, ()),
    ('Delete', 'stmt', ('targets',), None, ()),
    ('Dict', 'expr', ('keys', 'values'), None, ()),
    ('DictComp', 'expr', ('key', 'value', 'generators'), None, ()),
    ('Div', 'operator', (), None, ()),
    ('Eq', 'cmpop', (), None, ()),
    ('ExceptHandler', 'excepthandler', ('type', 'name', 'body'), None, ('type', 'name')),
    ('Expr', 'stmt', ('value',), None, ()),
    ('Expression', 'mod', ('body',), None, ()),
    ('FloorDiv', 'operator', (), None, ()),
    ('For', 'stmt', ('target', 'iter', 'body', 'orelse', 'type_comment'), None, ('type_comment',)),
    ('FormattedValue', 'expr', ('value', 'conversion', 'format_spec'), None, ('format_spec',)),
    ('FunctionDef', 'stmt', ('name', 'args', 'body', 'decorator_list', 'returns', 'type_comment'), None, ('returns', 'type_comment')),
    ('FunctionType', 'mod', ('argtypes', 'returns'), None, ()),
    ('GeneratorExp', 'expr', ('elt', 'generators'), None, ()),
    ('Global', 'stmt', ('names',), None, ()),
    ('Gt', 'cmpop', (), None, ()),
    ('GtE', 'cmpop', (), None, ()),
    ('If', 'stmt', ('test', 'body', 'orelse'), None, ()),
    ('IfExp', 'expr', ('test', 'body', 'orelse'), None, ()),
    ('Import', 'stmt', ('names',), None, ()),
    ('ImportFrom', 'stmt', ('module', 'names', 'level'), None, ('module', 'level')),
    ('In', 'cmpop', (), None, ()),
    ('Interactive', 'mod', ('body',), None, ()),
    ('Invert', 'unaryop', (), None, ()),
    ('Is', 'cmpop', (), None, ()),
    ('IsNot', 'cmpop', (), None, ()),
    ('JoinedStr', 'expr', ('values',), None, ()),
    ('LShift', 'operator', (), None, ()),
    ('Lambda', 'expr', ('args', 'body'), None, ()),
    ('List', 'expr', ('elts', 'ctx'), None, ()),
    ('ListComp', 'expr', ('elt', 'generators'), None, ()),
    ('Load', 'expr_context', (), None, ()),
    ('Lt', 'cmpop', (), None, ()),
    ('LtE', 'cmpop', (), None, ()),
    ('MatMult', 'operator', (), None, ()),
    ('Match', 'stmt', ('subject', 'cases'), None, ()),
    ('MatchAs', 'pattern', ('pattern', 'name'), None, ('pattern', 'name')),
    ('MatchClass', 'pattern', ('cls', 'patterns', 'kwd_attrs', 'kwd_patterns'), None, ()),
    ('MatchMapping', 'pattern', ('keys', 'patterns', 'rest'), None, ('rest',)),
    ('MatchOr', 'pattern', ('patterns',), None, ()),
    ('MatchSequence', 'pattern', ('patterns',), None, ()),
    ('MatchSingleton', 'pattern', ('value',), None, ()),
    ('MatchStar', 'pattern', ('name',), None, ('name',)),
    ('MatchValue', 'pattern', ('value',), None, ()),
    ('Mod', 'operator', (), None, ()),
    ('Module', 'mod', ('body', 'type_ignores'), None, ()),
    ('Mult', 'operator', (), None, ()),
    ('Name', 'expr', ('id', 'ctx'), None, ()),
    ('NamedExpr', 'expr', ('target', 'value'), None, ()),
    ('Nonlocal', 'stmt', ('names',), None, ()),
    ('Not', 'unaryop', (), None, ()),
    ('NotEq', 'cmpop', (), None, ()),
    ('NotIn', 'cmpop', (), None, ()),
    ('Or', 'boolop', (), None, ()),
    ('Pass', 'stmt', (), None, ()),
    ('Pow', 'operator', (), None, ()),
    ('RShift', 'operator', (), None, ()),
    ('Raise', 'stmt', ('exc', 'cause'), None, ('exc', 'cause')),
    ('Return', 'stmt', ('value',), None, ('value',)),
    ('Set', 'expr', ('elts',), None, ()),
    ('SetComp', 'expr', ('elt', 'generators'), None, ()),
    ('Slice', 'expr', ('lower', 'upper', 'step'), None, ('lower', 'upper', 'step')),
    ('Starred', 'expr', ('value', 'ctx'), None, ()),
    ('Store', 'expr_context', (), None, ()),
    ('Sub', 'operator', (), None, ()),
    ('Subscript', 'expr', ('value', 'slice', 'ctx'), None, ()),
    ('Try', 'stmt', ('body', 'handlers', 'orelse', 'finalbody'), None, ()),
    ('TryStar', 'stmt', ('body', 'handlers', 'orelse', 'finalbody'), None, ()),
    ('Tuple', 'expr', ('elts', 'ctx'), None, ()),
    ('TypeIgnore', 'type_ignore', ('lineno', 'tag'), None, ()),
    ('UAdd', 'unaryop', (), None, ()),
    ('USub', 'unaryop', (), None, ()),
    ('UnaryOp', 'expr', ('op', 'operand'), None, ()),
    ('While', 'stmt', ('test', 'body', 'orelse'), None, ()),
    ('With', 'stmt', ('items', 'body', 'type_comment'), None, ('type_comment',)),
    ('Yield', 'expr', ('value',), None, ('value',)),
    ('YieldFrom', 'expr', ('value',), None, ()),
)


def _make(name, base, fields, attributes, optional):
    namespace = {"__module__": "ast", "_fields": fields, "__match_args__": fields}
    if attributes is not None:
        namespace["_attributes"] = attributes
    for field in optional:
        namespace[field] = None
    globals()[name] = type(name, (globals()[base],), namespace)


for _node in _NODES:
    _make(*_node)
del _node, _make, _NODES
