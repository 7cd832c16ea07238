"""What the Python test scripts share: one line per check ("ok - NAME" or
"not ok - NAME DETAIL") and, at the end, "N passed, N failed" and the exit
status that tests/run.sh reads.  A script imports it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from checks import check, eq, finish
(check_seed_figures.py, at the top of tests/, inserts its own folder).
"""
import sys

_count = {"passed": 0, "failed": 0}
# False: print only the failures (a script with thousands of checks)
show_ok = True


def check(name, cond, detail=""):
    """Counts and prints one check; returns cond (callers may go on with it)."""
    if cond:
        _count["passed"] += 1
        if show_ok:
            print("ok - " + name)
    else:
        _count["failed"] += 1
        print("not ok - %s%s" % (name, " " + str(detail) if detail != "" else ""))
    return cond


def eq(name, expected, actual):
    check(name, expected == actual, "expected %r, got %r" % (expected, actual))


def failures():
    """How many checks have failed so far."""
    return _count["failed"]


def finish():
    print("%d passed, %d failed" % (_count["passed"], _count["failed"]))
    sys.exit(1 if _count["failed"] else 0)
