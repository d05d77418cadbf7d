# SystemExit with a message: printed to stderr, exit status 1; finally blocks still run
def main():
    try:
        print("working")
        raise SystemExit("fatal: giving up")
    finally:
        print("cleanup runs")
main()
print("never printed")
