# an uncaught exception raised in frames started by native code (a class body, a metaclass,
# exec'd code) after inspecting them: the report lists every frame
import sys


class Meta(type):
    def __new__(mcls, name, bases, ns):
        print("meta called from", sys._getframe(1).f_code.co_name)
        if name == "Bad":
            exec("def boom():\n    return missing_name\nboom()", {})
        return super().__new__(mcls, name, bases, ns)


class Good(metaclass=Meta):
    pass


def define():
    class Bad(metaclass=Meta):
        x = sys._getframe().f_back.f_code.co_name
    return Bad


try:
    define()
except NameError as e:
    tb = e.__traceback__
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(type(e).__name__, e, names)
define()
