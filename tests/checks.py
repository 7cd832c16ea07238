"""What the Python test scripts share: one line per check ("ok - NAME" or
"not ok - NAME DETAIL") and, at the end, "N passed, N failed" and the exit
status that tests/run.sh reads.  A script imports it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from checks import check, eq, finish
"""
import sys

_count = {"passed": 0, "failed": 0}


def check(name, cond, detail=""):
    if cond:
        _count["passed"] += 1
        print("ok - " + name)
    else:
        _count["failed"] += 1
        print("not ok - %s %s" % (name, detail))


def eq(name, expected, actual):
    check(name, expected == actual, "expected %r, got %r" % (expected, actual))


def finish():
    print("%d passed, %d failed" % (_count["passed"], _count["failed"]))
    sys.exit(1 if _count["failed"] else 0)
