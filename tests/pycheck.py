"""What the Python checks share: counting checks, and naming the libvirt.so that the
dynamic loader picked for this process (LD_LIBRARY_PATH decides)."""

import sys


class Checks:
    """Counts passed and failed checks; a failure prints what was expected."""

    def __init__(self, name):
        self.name = name
        self.passed = self.failed = 0

    def __call__(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}", file=sys.stderr)

    def report(self):
        """Prints "NAME: N passed, N failed"; the exit status for it."""
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def loaded_library():
    with open("/proc/self/maps") as maps:
        for line in maps:
            if "libvirt.so" in line:
                return line.split()[-1]
    return "?"
