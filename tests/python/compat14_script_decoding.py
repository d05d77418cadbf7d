# A script file that is not UTF-8 and declares no encoding fails as CPython's file tokenizer
# reports it (no source position); compile() of the same bytes reports the codec's error.
import os
import subprocess
import sys
import tempfile

for body in [b"\x89", b"x = 1\ny = 2\n\xff\xfe = 3\n"]:
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as f:
        f.write(body)
    try:
        done = subprocess.run([sys.executable, f.name], capture_output=True)
        lines = done.stderr.decode("utf-8", "replace").replace(f.name, "FILE").splitlines()
        print(done.returncode, lines)
        try:
            compile(body, "bytes.py", "exec")
        except SyntaxError as e:
            print("compile:", e.msg, e.lineno)
    finally:
        os.unlink(f.name)
