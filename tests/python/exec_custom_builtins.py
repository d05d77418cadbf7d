code = compile("print('Hello World!')", "", "exec")
for b in ({}, 123):
    try:
        exec(code, {'__builtins__': b})
    except Exception as e:
        print(type(e).__name__, e)
class customdict(dict): pass
exec(compile("superglobal", "test", "exec"), {'__builtins__': customdict({'superglobal': 1})})
try:
    exec(compile("superglobal", "test", "exec"), {'__builtins__': customdict()})
except NameError as e: print(e)
class frozendict(dict):
    def __setitem__(self, k, v): raise ValueError("ro")
fb = frozendict(__builtins__.__dict__)
try: exec(compile("__builtins__['superglobal']=2; print(superglobal)", "test", "exec"), {'__builtins__': fb})
except ValueError as e: print("VE", e)
try: exec("class A: pass", {'__builtins__': {}})
except NameError as e: print(e)
exec("class A: pass\nprint(A.__name__)", {'__builtins__': fb})
try: exec("x=1", frozendict({}))
except ValueError as e: print("VE2", e)
class setonly(dict):
    def __getitem__(self, k): raise KeyError(k) if k == 'zz' else RuntimeError("get")
try: exec("globalname", setonly({'globalname': 1}))
except RuntimeError as e: print("RE", e)
try: exec("superglobal", {'__builtins__': setonly({'superglobal': 1})})
except RuntimeError as e: print("RE2", e)
try: exec("zz", {'__builtins__': setonly({'superglobal': 1})})
except NameError as e: print("NE", e)
g = customdict(a=5)
exec("b = a + 1\ndef f(): return a + b\nc = f()", g)
print(sorted(k for k in g if k != '__builtins__'), g['c'], type(g['__builtins__']).__name__)
g = {'__builtins__': {'len': len}}
exec("def f(x): return len(x)\nr = f('abc')", g); print(g['r'])
try: exec("def f(x): return print(x)\nf(1)", {'__builtins__': {'len': len}})
except NameError as e: print(e)
print(eval("len", {'__builtins__': {'len': 7}}))
