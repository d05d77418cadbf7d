# A module body's frame has the importing frame as f_back (CPython: through importlib frames,
# which warnings' stacklevel skips): warnings.warn(stacklevel=2) at import time names the line of
# the import statement, and sys._getframe(1) in the body sees the importer.
import os
import sys
import tempfile
import warnings

SOURCE = '''
import sys
import warnings
warnings.warn("imported", stacklevel=2)
f = sys._getframe(1)
while f is not None and f.f_code.co_filename.startswith("<frozen"):
    f = f.f_back
IMPORTER = (f.f_code.co_name, f.f_lineno) if f is not None else None
'''


def do_import(name):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = __import__(name) if name.endswith("_b") else None
        if module is None:
            import vref_mod_a as module
    return [(os.path.basename(w.filename), w.lineno, str(w.message)) for w in caught], module.IMPORTER


with tempfile.TemporaryDirectory() as d:
    for name in ("vref_mod_a", "vref_mod_b"):
        with open(os.path.join(d, name + ".py"), "w") as out:
            out.write(SOURCE)
    sys.path.insert(0, d)
    try:
        print(do_import("vref_mod_a"))
        print(do_import("vref_mod_b")[1])
    finally:
        sys.path.remove(d)
        sys.modules.pop("vref_mod_a", None)
        sys.modules.pop("vref_mod_b", None)
