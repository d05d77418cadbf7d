# The standard streams' encoding and error handlers: PYTHONIOENCODING (encoding[:errors]), the
# C/POSIX locale's surrogateescape, and what print() and write() then produce.
import os
import subprocess
import sys

code = (
    "import sys\n"
    "print(sys.stdin.errors, sys.stdout.errors, sys.stderr.errors, sys.stdout.encoding)\n"
    "try:\n"
    "    sys.stdout.write(chr(0xdcbd) + '\\n')\n"
    "except UnicodeEncodeError as e:\n"
    "    print(type(e).__name__)\n"
    "print('cent ' + chr(0xa2) + ' end')\n"
)
for setting in ("cp424", "ascii:replace", "ascii", "ascii:", ":surrogateescape", "ascii:ignore", ":", ""):
    for locale in ("C", "POSIX"):
        env = dict(os.environ)
        env["LC_ALL"] = locale
        env["PYTHONIOENCODING"] = setting
        p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
        last = p.stderr.decode("ascii", "replace").strip().splitlines()[-1:]
        print(repr(setting), locale, p.returncode, p.stdout, last)
