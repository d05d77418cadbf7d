class MyException(Exception):
    def __init__(self):
        raise RuntimeError("in init")
class NotExc:
    pass
class Weird(Exception):
    def __new__(cls):
        return 42
for cause in [MyException, NotExc, NotExc(), 5, ValueError, ValueError("v"), None, Weird]:
    try:
        raise IndexError("x") from cause
    except BaseException as e:
        print(type(e).__name__, e, repr(e.__cause__), e.__suppress_context__)
