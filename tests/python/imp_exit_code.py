# sys.exit with an int sets the exit status; output printed before is flushed.
import sys
print("before exit")
sys.stderr.write("stderr before exit\n")
sys.exit(3)
print("not reached")
