# __main__, `if __name__ == "__main__"`, and running a module's guard when imported.
import sys
sys.dont_write_bytecode = True
print(__name__, __package__, __spec__, __doc__)
print(sys.modules["__main__"].__name__, __file__.endswith("imp_main_guard.py"))
import imp_pkgs.guard as guard
print(guard.__name__)


def main():
    print("main() runs")
    return 3


if __name__ == "__main__":
    code = main()
    print("exit code would be", code)
import __main__
print(__main__.main is main)
