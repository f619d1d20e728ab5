#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-boot test, second boot: the boot sequence restores the token; the
# same keys sign, and OpenSSL verifies with the public keys of boot 1.
set -u
. tools/persist/lib.sh

step "boot sequence (module, machine key, store)" boot
step "the token is back, its PIN failure too" sh -c \
	"$B/khsm token list | grep '$LABEL' | grep -q 'count low'"
step "public keys readable before login" sh -c "p11() { pkcs11-tool \
	--module '$MOD' --token-label '$LABEL' \"\$@\"; }; \
	p11 --read-object --type pubkey --id 01 -o /tmp/rsa2.der &&
	cmp /tmp/rsa2.der '$D/t/rsa.der'"
step "RSA sign after reboot" p11 --login --pin "$PIN" --sign \
	-m SHA256-RSA-PKCS --id 01 -i "$D/t/data" -o /tmp/rsa2.sig
step "openssl verifies it with boot 1's public key" openssl dgst -sha256 \
	-keyform DER -verify "$D/t/rsa.der" -signature /tmp/rsa2.sig \
	"$D/t/data"
step "same RSA signature as boot 1 (deterministic PKCS#1 v1.5)" \
	cmp /tmp/rsa2.sig "$D/t/rsa1.sig"
step "ECDSA sign after reboot" p11 --login --pin "$PIN" --sign \
	-m ECDSA-SHA256 --id 02 --signature-format openssl \
	-i "$D/t/data" -o /tmp/ec2.sig
step "openssl verifies it with boot 1's public key" openssl dgst -sha256 \
	-keyform DER -verify "$D/t/ec.der" -signature /tmp/ec2.sig \
	"$D/t/data"
step "right PIN resets the failure count, durably" sh -c \
	"$B/khsm token list | grep '$LABEL' | grep -q ' ok '"
step "module unloads" rmmod khsm
step "reload restores it again" sh -c "$(cat <<'X'
	. tools/persist/lib.sh && boot >/dev/null &&
	build/khsm token list | grep persist-test | grep -q ' ok ' &&
	rmmod khsm
X
)"
echo "persist-boot2: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
