# CPython's interpreter options before the program: -E, -I, -s, -S, -b counts, -W and -X
# (separate or clustered), as sys.flags, sys.warnoptions and sys._xoptions show them; -m with a
# package runs its __main__ with the package as __package__.
import os
import subprocess
import sys
import tempfile

SHOW = ("import sys; f = sys.flags; "
        "print(f.ignore_environment, f.isolated, f.no_user_site, f.bytes_warning, "
        "f.safe_path, sys.warnoptions, sorted(sys._xoptions.items()))")

for options in [[], ["-E"], ["-I"], ["-s", "-S"], ["-bb"], ["-Wd"], ["-W", "error", "-W", "ignore::DeprecationWarning"],
                ["-X", "faulthandler", "-Xint_max_str_digits=5000"], ["-Es", "-Wd"]]:
    result = subprocess.run([sys.executable, *options, "-c", SHOW], capture_output=True, text=True)
    print(options, result.returncode, result.stdout.strip(), result.stderr.strip())

result = subprocess.run([sys.executable, "-W"], capture_output=True, text=True)
print("missing -W argument", result.returncode, result.stderr.splitlines()[0])

with tempfile.TemporaryDirectory() as root:
    package = os.path.join(root, "ut_pkg")
    os.mkdir(package)
    with open(os.path.join(package, "__init__.py"), "w") as f:
        f.write("")
    with open(os.path.join(package, "helper.py"), "w") as f:
        f.write("VALUE = 'from helper'\n")
    with open(os.path.join(package, "__main__.py"), "w") as f:
        f.write("from .helper import VALUE\nprint(__name__, __package__, VALUE)\n")
    result = subprocess.run([sys.executable, "-E", "-m", "ut_pkg"], capture_output=True, text=True, cwd=root)
    print("-m package", result.returncode, result.stdout.strip(), result.stderr.strip())
