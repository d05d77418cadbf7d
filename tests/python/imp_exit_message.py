# sys.exit with a string prints it to stderr and exits with status 1.
import sys
print("about to exit")
try:
    sys.exit("first message")
except SystemExit as e:
    print("caught", e.code)
sys.exit("goodbye from imp_exit_message")
