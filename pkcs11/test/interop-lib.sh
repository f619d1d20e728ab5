# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Shared by the interop-*.sh suites (sourced, run in the guest as root with
# khsm loaded): a scratch directory, step counting, and a fresh token made
# and destroyed through /dev/khsm, initialised with pkcs11-tool.
#
# Before sourcing: SUITE (the name in "<suite>: N passed, N failed"),
# MOD (the PKCS#11 module), LABEL (the token label).
W=/tmp/interop-$SUITE
SO=87654321
PIN=1234abcd
pass=0
fail=0
rm -rf "$W"
mkdir -p "$W"
# Cheap PIN verifiers in an emulated guest.
export KHSM_PKCS11_PBKDF2_ITERATIONS=1000

# step NAME COMMAND...: one outcome, its log kept on failure. No client
# may wait for a PIN on the console: stdin is empty.
step() {
	name=$1
	shift
	if "$@" </dev/null >"$W/step.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		sed 's/^/     /' "$W/step.log" | tail -n 40
	fi
}

finish() { # the suite's result line and exit status; the token destroyed
	[ -n "${token:-}" ] && python3 - "$token" <<'PY'
import fcntl, os, struct, sys
req = struct.pack("=IIII2Q", 32, 0, int(sys.argv[1]), 0, 0, 0)
nr = (3 << 30) | (len(req) << 16) | (0xB8 << 8) | 0x02
fcntl.ioctl(os.open("/dev/khsm", os.O_RDWR), nr, req)
PY
	echo "$SUITE: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

# The one set-up step outside PKCS#11: a token for this suite.
token=$(python3 - <<'PY'
import fcntl, os, struct
req = struct.pack("=IIIIII2Q", 40, 0, 0, 0, 0o600, 0, 0, 0)
nr = (3 << 30) | (len(req) << 16) | (0xB8 << 8) | 0x01
fd = os.open("/dev/khsm", os.O_RDWR)
out = fcntl.ioctl(fd, nr, req)
print(struct.unpack("=IIIIII2Q", out)[5])
PY
)
[ -n "$token" ] || { fail=1; finish; }

step "init token (pkcs11-tool)" pkcs11-tool --module "$MOD" --slot "$token" \
	--init-token --label "$LABEL" --so-pin "$SO"
step "init user PIN (pkcs11-tool)" pkcs11-tool --module "$MOD" \
	--slot "$token" --login --login-type so --so-pin "$SO" \
	--init-pin --pin "$PIN"
