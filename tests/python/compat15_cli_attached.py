# The interpreter's -c and -m options with their value attached (`-cCODE`, `-mMODULE`), as
# CPython accepts them (test_quopri runs `python -mquopri`).
import subprocess
import sys

for args in (["-cimport sys; print('attached', sys.argv)", "x", "-c"],
             ["-c", "import sys; print('separate', sys.argv)", "y"],
             ["-E", "-cprint('after -E')"],
             ["-mjson.tool", "--sort-keys"]):
    done = subprocess.run([sys.executable] + args, input=b'{"b": 1, "a": [2]}', capture_output=True)
    print(args[0][:12], done.returncode, done.stdout.decode().split())
