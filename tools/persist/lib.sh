# SPDX-License-Identifier: GPL-2.0
#
# Shared by the guest halves of the persistence tests (sourced, from the
# tree's top). The persistent disk is mounted at $D: the store, the test's
# machine key file (a production host keeps it in /etc/khsm/machine.key)
# and what one boot leaves for the next.
D=${khsm_disk:-/var/lib/khsm}
export KHSM_STORE_DIR=$D/store
KEY=$D/machine.key
B=build
MOD=$B/khsm-pkcs11.so
SO=87654321
PIN=1234abcd
LABEL=persist-test
# Cheap PIN verifiers in an emulated guest.
export KHSM_PKCS11_PBKDF2_ITERATIONS=1000
pass=0
fail=0

step() { # step NAME COMMAND...: one outcome, its log kept on failure
	name=$1
	shift
	if "$@" >/tmp/step.log 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		sed 's/^/     /' /tmp/step.log | tail -n 30
	fi
}

p11() { pkcs11-tool --module "$MOD" --token-label "$LABEL" "$@"; }

# The boot sequence tools/khsm.service runs.
boot() {
	insmod kmod/khsm.ko &&
		$B/khsm machine-key load --file "$KEY" &&
		$B/khsm store load
}
