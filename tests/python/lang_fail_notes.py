# an uncaught exception with notes and an explicit cause
class ConfigError(Exception):
    pass

def load(key):
    try:
        return {"a": 1}[key]
    except KeyError as e:
        err = ConfigError(f"missing setting {key!r}")
        err.add_note("check the configuration file")
        err.add_note("or set it in the environment")
        raise err from e

print(load("a"))
load("b")
