#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck disable=SC2034,SC2154,SC1091 # SUITE, LABEL, token: interop-lib.sh
#
# Interoperability with PyKCS11 (interop-pykcs11.py), run in the guest as
# root with khsm loaded. Prints "pykcs11: N passed, N failed".
#
# usage: interop-pykcs11.sh [module.so]
set -u
SUITE=pykcs11
MOD=$(realpath "${1:-build/khsm-pkcs11.so}")
LABEL="pykcs11 test"
. "$(dirname "$0")/interop-lib.sh"

python3 "$(dirname "$0")/interop-pykcs11.py" "$MOD" "$token" "$PIN" \
	>"$W/py.log" 2>&1
status=$?
grep -v '^pykcs11-session:' "$W/py.log"
n=$(sed -n 's/^pykcs11-session: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$W/py.log")
set -- $n
pass=$((pass + ${1:-0}))
fail=$((fail + ${2:-0}))
[ "$status" -ne 0 ] && [ "${2:-0}" -eq 0 ] && fail=$((fail + 1))
finish
