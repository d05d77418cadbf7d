# list slicing: reads, assignment and deletion with every kind of step, aliasing, errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def run(code):
    def f():
        a = list(range(10))
        exec(code, {"a": a})
        return a
    return f

base = list(range(10))
for s in [slice(None), slice(2, 7), slice(-3, None), slice(None, -3), slice(None, None, 2), slice(1, None, 3),
          slice(None, None, -1), slice(8, 2, -2), slice(-1, -11, -3), slice(100, None), slice(None, -100),
          slice(5, 5), slice(7, 3), slice(2, 9, 100), slice(-100, 100, 4)]:
    print(s, base[s])
show("assign_grow", run("a[2:4] = 'wxyz'"))
show("assign_shrink", run("a[1:9] = [0]"))
show("assign_empty", run("a[3:3] = [100, 101]"))
show("assign_all", run("a[:] = (1, 2)"))
show("assign_reversed_range", run("a[7:3] = ['x']"))
show("assign_self", run("a[2:5] = a"))
show("assign_ext", run("a[::3] = 'ABCD'"))
show("assign_ext_neg", run("a[::-4] = [0, 0, 0]"))
show("assign_ext_err", run("a[::2] = [1, 2]"))
show("assign_ext_empty", run("a[5:5:2] = []"))
show("assign_gen", run("a[:2] = (i * i for i in range(4))"))
show("assign_dict", run("a[:1] = {'k': 1, 'j': 2}"))
show("assign_noniter", run("a[:1] = 5"))
show("assign_step_zero", run("a[::0] = []"))
show("del_range", run("del a[2:5]"))
show("del_step", run("del a[::3]"))
show("del_neg_step", run("del a[::-2]"))
show("del_all", run("del a[:]"))
show("del_empty", run("del a[5:2]"))
show("del_step_zero", run("del a[::0]"))
show("aug_slice", run("a[1:3] += [99]"))
show("index_assign", run("a[-1] = 'last'; a[0] = 'first'"))
show("index_assign_err", run("a[10] = 0"))
show("index_del_err", run("del a[-11]"))
show("index_bool", run("a[True] = 'one'"))
show("index_big", run("a[2**70] = 1"))
show("index_float", run("a[1.0] = 1"))
show("slice_bad_type", run("a['x':] = []"))
show("slice_index_obj", lambda: (lambda I: base[I():I() + 3])(type("I", (), {"__index__": lambda self: 2})))
show("copy_independent", lambda: (lambda b: (b.append(1), b is base, len(base))[1:])(base[:]))
show("tuple_slices", lambda: [(1, 2, 3, 4)[1:3], (1, 2, 3)[::-1], ()[:5], (1,)[5:]])
show("str_slices", lambda: ["abcdef"[::-2], "abcdef"[-2:], "abcdef"[10:], "abc"[::-1][::-1]])
