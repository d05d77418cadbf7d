# subprocess on top of _posixsubprocess/select: run, check_output, Popen, errors, os.popen,
# and a child interpreter killed by SIGINT (uncaught KeyboardInterrupt).
import os
import subprocess
import sys

r = subprocess.run(["echo", "hello", "world"], capture_output=True)
print(r)
print(r.returncode, r.stdout, r.stderr)
r = subprocess.run(["sh", "-c", "exit 3"])
print(r.returncode, r.args)
try:
    r.check_returncode()
except subprocess.CalledProcessError as e:
    print(type(e).__name__, e)
try:
    subprocess.check_output(["sh", "-c", "echo out; exit 2"])
except subprocess.CalledProcessError as e:
    print(e.returncode, e.output, e.cmd, e)
print(subprocess.check_output(["sh", "-c", "echo $X"], env={"X": "from env"}, text=True), end="")
print(subprocess.check_output("echo shell $((6 * 7))", shell=True))
r = subprocess.run(["cat"], input=b"fed through stdin", capture_output=True)
print(r.stdout)
r = subprocess.run(["sh", "-c", "echo to stderr >&2; echo to stdout"], stderr=subprocess.STDOUT,
                   stdout=subprocess.PIPE, text=True)
print(repr(r.stdout))
r = subprocess.run(["sh", "-c", "echo quiet"], stdout=subprocess.DEVNULL)
print(r.stdout, r.returncode)
r = subprocess.run(["pwd"], cwd="/tmp", capture_output=True, text=True)
print(r.stdout.strip())
for args, kw in [(["/nonexistent/prog"], {}), (["no-such-program-xyz"], {}), (["pwd"], {"cwd": "/nonexistent-dir"})]:
    try:
        subprocess.run(args, **kw)
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename)
p = subprocess.Popen(["sh", "-c", "kill -TERM $$"])
print(p.wait(), p.returncode, p.poll())
p = subprocess.Popen(["sh", "-c", "read line; echo got $line"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, err = p.communicate(b"input line\n")
print(out, err, p.returncode)
with subprocess.Popen(["echo", "in a with"], stdout=subprocess.PIPE) as p:
    print(p.stdout.read())
print(p.returncode)
print(subprocess.call(["true"]), subprocess.call(["false"]))
print(subprocess.getoutput("echo getoutput"), subprocess.getstatusoutput("exit 4"))
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print(type(e).__name__, e.cmd)
with os.popen("echo popen; echo two") as f:
    print(f.read().split())
print(os.popen("exit 5").close())

child = subprocess.run([sys.executable, "-c", "import os; print('child', flush=True); os.kill(os.getpid(), 2)"],
                       capture_output=True, text=True)
print(child.returncode, child.stdout, child.stderr.splitlines()[-1])
child = subprocess.run([sys.executable, "-c", "import sys; sys.exit(7)"])
print(child.returncode)
