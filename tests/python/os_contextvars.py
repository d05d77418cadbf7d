# contextvars: ContextVar get/set/reset, Token, copy_context, Context.run isolation, errors.
import contextvars

var = contextvars.ContextVar("var", default="dflt")
other = contextvars.ContextVar("other")
print(var.name, var.get(), other.get("fallback"))
try:
    other.get()
except LookupError as e:
    print(type(e).__name__, type(e.args[0]).__name__)

t1 = var.set("one")
print(var.get(), t1.var is var, t1.old_value is contextvars.Token.MISSING, repr(contextvars.Token.MISSING))
t2 = var.set("two")
print(var.get(), t2.old_value)
var.reset(t2)
print(var.get())
try:
    var.reset(t2)
except RuntimeError as e:
    print(type(e).__name__, "used once" in str(e))
try:
    other.reset(t1)
except ValueError as e:
    print(type(e).__name__, "different ContextVar" in str(e))
var.reset(t1)
print(var.get())

ctx = contextvars.copy_context()
print(type(ctx).__name__, len(ctx), var in ctx)

def work(value):
    var.set(value)
    other.set(value * 2)
    return var.get(), other.get(), len(contextvars.copy_context())

print(ctx.run(work, 21))
print(var.get(), other.get("unset outside"))
print(ctx[var], ctx.get(other), sorted(v for v in ctx.values()), len(ctx), other in ctx)
print(sorted((k.name, v) for k, v in ctx.items()))

def nested():
    return ctx.run(lambda: None)

try:
    ctx.run(nested)
except RuntimeError as e:
    print(type(e).__name__, "already entered" in str(e))

copy = ctx.copy()
copy.run(var.set, "in copy")
print(ctx[var], copy[var])
try:
    ctx[1]
except TypeError as e:
    print(type(e).__name__, e)
try:
    contextvars.ContextVar(1)
except TypeError as e:
    print(type(e).__name__, e)
token = ctx.run(var.set, "x")
try:
    var.reset(token)
except ValueError as e:
    print(type(e).__name__, "different Context" in str(e))
