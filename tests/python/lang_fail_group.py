# an uncaught exception group: CPython's boxed traceback of its sub-exceptions
def fail(kind):
    raise kind("from " + kind.__name__)

errors = []
for kind in (ValueError, TypeError):
    try:
        fail(kind)
    except Exception as e:
        errors.append(e)
raise ExceptionGroup("several failures", errors)
