# an uncaught nested exception group with a cause, notes and a context inside a sub-exception
def inner_failures():
    errors = []
    for i in range(2):
        try:
            try:
                raise KeyError(i)
            except KeyError:
                raise ValueError(f"value {i}")
        except ValueError as e:
            errors.append(e)
    return ExceptionGroup("inner", errors)

try:
    raise OSError("root cause")
except OSError as cause:
    group = ExceptionGroup("outer", [inner_failures(), TypeError("plain")])
    group.add_note("outer note")
    raise group from cause
