#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Crash test, one boot (the host cuts the power at a random moment): the
# boot sequence must restore the store left by the previous cut, every
# object acknowledged before it must be there; then objects are made
# until the power goes. "crash.sh verify" stops after the check.
set -u
. tools/persist/lib.sh
LOG=$D/acked.log
CL=$B/persist-crashloop

if [ -f "$KEY" ]; then
	boot || { echo "crash-check: FAIL: the store does not load"; exit 1; }
	$CL verify "$LOG" || { echo "crash-check: FAIL"; exit 1; }
	leftovers=$(find "$KHSM_STORE_DIR" -name '.tmp-*' | wc -l)
	[ "$leftovers" -eq 0 ] ||
		{ echo "crash-check: FAIL: $leftovers temporary files"; exit 1; }
	echo "crash-check: ok"
else
	rm -rf "${D:?}"/*
	insmod kmod/khsm.ko &&
		$B/khsm machine-key create --file "$KEY" >/dev/null &&
		$B/khsm machine-key load --file "$KEY" &&
		$CL setup || { echo "crash-setup: FAIL"; exit 1; }
	echo "crash-setup: ok"
fi
[ "${1:-}" = verify ] && { rmmod khsm; exit 0; }
# The host cuts the power a random time after this line.
echo "crash-run: started"
$CL run "$LOG"
echo "crash-run: FAIL: stopped before the power cut"
exit 1
