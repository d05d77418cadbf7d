# The RuntimeErrors of a zero-argument super() that cannot find its arguments.


class A:
    def hello(self):
        return "A.hello"


class B(A):
    def deleted(self):
        del self
        return super().hello()

    def no_args():
        return super().hello()

    def ok(self):
        return super().hello()


def no_class_cell(self):
    return super().hello()


def check(f, *args):
    try:
        print("ok", f(*args))
    except RuntimeError as e:
        print("RuntimeError", e)


b = B()
check(b.ok)
check(b.deleted)
check(B.no_args)
check(no_class_cell, b)
for i in range(3):
    check(b.deleted)
check(lambda: super())
