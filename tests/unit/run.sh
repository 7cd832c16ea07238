#!/usr/bin/env bash
# Unit tests of the shared library (cmocka), in their counting format.
set -u
cd "$(dirname "$0")/../.."
rc=0
for t in build/bin/test_*; do
    out=$("$t" 2>&1) || rc=1
    echo "$out" | sed -n 's/^\[       OK \] \(.*\)/ok - \1/p; s/^\[  FAILED  \] \(test_.*\)/not ok - \1/p'
    echo "$out" | grep -E '^\[  ERROR   \]|^\[   LINE   \]'
done
p=$(for t in build/bin/test_*; do "$t" 2>&1; done | grep -c '^\[       OK \]')
f=$(for t in build/bin/test_*; do "$t" 2>&1; done | grep -c '^\[  FAILED  \] test_')
echo "$p passed, $f failed"
exit $rc
