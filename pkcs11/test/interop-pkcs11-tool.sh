#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interoperability with OpenSC's pkcs11-tool, run in the guest as root
# with khsm loaded: token set-up, key generation, signatures checked by
# openssl, object listing, and pkcs11-tool's own --test. Prints
# "pkcs11-tool: N passed, N failed".
#
# usage: interop-pkcs11-tool.sh [module.so]
set -u
MOD=${1:-build/khsm-pkcs11.so}
W=/tmp/p11tool
SO=87654321
PIN=1234abcd
pass=0
fail=0
rm -rf "$W"
mkdir -p "$W"
# Cheap PIN verifiers in an emulated guest.
export KHSM_PKCS11_PBKDF2_ITERATIONS=1000

step() { # step NAME COMMAND...: one outcome, its log kept on failure
	name=$1
	shift
	if "$@" >"$W/step.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		sed 's/^/     /' "$W/step.log" | tail -n 40
	fi
}

# The one set-up step outside PKCS#11: a token for this test.
token=$(python3 - <<'PY'
import fcntl, os, struct
req = struct.pack("=IIIIII2Q", 40, 0, 0, 0, 0o600, 0, 0, 0)
nr = (3 << 30) | (len(req) << 16) | (0xB8 << 8) | 0x01
fd = os.open("/dev/khsm", os.O_RDWR)
out = fcntl.ioctl(fd, nr, req)
print(struct.unpack("=IIIIII2Q", out)[5])
PY
)
[ -n "$token" ] || { echo "pkcs11-tool: 0 passed, 1 failed"; exit 1; }

t() { pkcs11-tool --module "$MOD" --slot "$token" "$@"; }

step "list slots shows the token" \
	sh -c "pkcs11-tool --module '$MOD' --list-slots | grep -q 'Slot.*($(printf 0x%x "$token")'"
step "init token" t --init-token --label "p11tool test" --so-pin "$SO"
step "init user PIN" t --login --login-type so --so-pin "$SO" --init-pin --pin "$PIN"
step "wrong PIN refused" sh -c \
	"! pkcs11-tool --module '$MOD' --slot '$token' --login --pin 0000bad0 --list-objects"
step "RSA-2048 key pair" t --login --pin "$PIN" --keypairgen \
	--key-type rsa:2048 --id 01 --label rsa-key
step "EC P-256 key pair" t --login --pin "$PIN" --keypairgen \
	--key-type EC:prime256v1 --id 02 --label ec-key
step "AES-256 key" t --login --pin "$PIN" --keygen --key-type AES:32 \
	--id 03 --label aes-key
t --login --pin "$PIN" --list-objects >"$W/objects" 2>&1
step "list objects" sh -c "grep -q 'rsa-key' '$W/objects' &&
	grep -q 'ec-key' '$W/objects' && grep -q 'aes-key' '$W/objects'"
step "list mechanisms" sh -c "pkcs11-tool --module '$MOD' --slot '$token' \
	--list-mechanisms >'$W/mechs' && grep -q 'SHA256-RSA-PKCS' '$W/mechs'"

printf 'data to be signed by khsm\n' >"$W/data"
step "export RSA public key" t --read-object --type pubkey --id 01 \
	-o "$W/rsa.der"
step "RSA sign" t --login --pin "$PIN" --sign -m SHA256-RSA-PKCS --id 01 \
	-i "$W/data" -o "$W/rsa.sig"
step "openssl verifies the RSA signature" openssl dgst -sha256 \
	-keyform DER -verify "$W/rsa.der" -signature "$W/rsa.sig" "$W/data"
step "RSA-PSS sign" t --login --pin "$PIN" --sign -m SHA256-RSA-PKCS-PSS \
	--mgf MGF1-SHA256 --salt-len 32 --id 01 -i "$W/data" -o "$W/pss.sig"
step "openssl verifies the PSS signature" openssl dgst -sha256 \
	-keyform DER -verify "$W/rsa.der" -sigopt rsa_padding_mode:pss \
	-sigopt rsa_pss_saltlen:32 -signature "$W/pss.sig" "$W/data"
step "export EC public key" t --read-object --type pubkey --id 02 \
	-o "$W/ec.der"
step "ECDSA sign" t --login --pin "$PIN" --sign -m ECDSA-SHA256 --id 02 \
	--signature-format openssl -i "$W/data" -o "$W/ec.sig"
step "openssl verifies the ECDSA signature" openssl dgst -sha256 \
	-keyform DER -verify "$W/ec.der" -signature "$W/ec.sig" "$W/data"
step "RSA-OAEP decrypt of openssl's ciphertext" sh -c "
	openssl pkeyutl -encrypt -pubin -keyform DER -inkey '$W/rsa.der' \
		-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \
		-pkeyopt rsa_mgf1_md:sha256 -in '$W/data' -out '$W/data.enc' &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--decrypt -m RSA-PKCS-OAEP --hash-algorithm SHA256 \
		--mgf MGF1-SHA256 --id 01 -i '$W/data.enc' -o '$W/data.dec' &&
	cmp '$W/data' '$W/data.dec'"
step "pkcs11-tool --test" t --login --pin "$PIN" --test
cp "$W/step.log" "$W/test.log"
step "random" t --generate-random 32 -o "$W/rand"
# Registered with p11-kit as make install does (the guest's root is a
# throw-away overlay), the module is found through the proxy.
if [ -w /usr/share/p11-kit/modules ] || mkdir -p /usr/share/p11-kit/modules 2>/dev/null; then
	mkdir -p "$W/lib/pkcs11"
	ln -sf "$(realpath "$MOD")" "$W/lib/pkcs11/khsm-pkcs11.so"
	sed "s|@LIBDIR@|$W/lib|" pkcs11/khsm.module.in \
		>/usr/share/p11-kit/modules/khsm.module
	step "p11-kit lists the module" sh -c \
		"p11-kit list-modules | grep -q '^khsm: '"
	proxy=$(ls /usr/lib/*/p11-kit-proxy.so | head -n 1)
	step "the token through p11-kit-proxy" sh -c "pkcs11-tool \
		--module '$proxy' --list-token-slots | grep -q 'p11tool test'"
	rm -f /usr/share/p11-kit/modules/khsm.module
fi
step "delete object" t --login --pin "$PIN" --delete-object --type secrkey \
	--id 03

python3 - "$token" <<'PY'
import fcntl, os, struct, sys
req = struct.pack("=IIII2Q", 32, 0, int(sys.argv[1]), 0, 0, 0)
nr = (3 << 30) | (len(req) << 16) | (0xB8 << 8) | 0x02
fcntl.ioctl(os.open("/dev/khsm", os.O_RDWR), nr, req)
PY
echo "pkcs11-tool: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
