"""Run one CPython regression-test module and report its counts on one line.

Usage: <python> driver.py MODULE   (e.g. test_int)

Runs under ripy or under CPython (for the reference column). The module is imported from the
`test` package of the standard library, loaded with unittest's loader (which honours a module's
`load_tests`), and run with a result that counts outcomes. The last line of standard output is

    RIPY-REGRTEST tests=N passed=N failed=N errors=N skipped=N

or `RIPY-REGRTEST load-error TYPE: MESSAGE` when the module cannot be imported or loaded. The
runner (run.py) reads that line; everything the tests print before it is kept in its log.
"""

import sys
import unittest


class CountingResult(unittest.TestResult):
    """A test result that counts outcomes and names the failing tests on stderr."""

    def __init__(self):
        super().__init__()
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def addFailure(self, test, err):
        super().addFailure(test, err)
        print("FAIL:", test.id(), file=sys.stderr)

    def addError(self, test, err):
        super().addError(test, err)
        print("ERROR:", test.id(), file=sys.stderr)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.passed += 1

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        print("UNEXPECTED SUCCESS:", test.id(), file=sys.stderr)


def main():
    name = sys.argv[1]
    try:
        module = __import__("test." + name, fromlist=["*"])
        suite = unittest.TestLoader().loadTestsFromModule(module)
    except BaseException as e:
        print("RIPY-REGRTEST load-error %s: %s" % (type(e).__name__, e))
        return
    result = CountingResult()
    suite.run(result)
    failed = len(result.failures) + len(result.unexpectedSuccesses)
    print(
        "RIPY-REGRTEST tests=%d passed=%d failed=%d errors=%d skipped=%d"
        % (result.testsRun, result.passed, failed, len(result.errors), len(result.skipped))
    )


main()
