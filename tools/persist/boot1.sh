#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Two-boot test, first boot: a persistent token with RSA and EC key pairs
# made through the PKCS#11 module, their public keys and signatures kept
# on the persistent disk, and one wrong PIN.
set -u
. tools/persist/lib.sh
rm -rf "${D:?}"/*
mkdir -p "$D/t"
printf 'signed before and after a reboot\n' >"$D/t/data"

step "module loads" insmod kmod/khsm.ko
step "machine key created" $B/khsm machine-key create --file "$KEY"
step "machine key loaded" $B/khsm machine-key load --file "$KEY"
tok=$($B/khsm token create --persistent --mode 0600)
step "persistent token created" test -n "$tok"
step "token directory written" sh -c "ls '$KHSM_STORE_DIR'/*/state"
step "init token" pkcs11-tool --module "$MOD" --slot "$tok" --init-token \
	--label "$LABEL" --so-pin "$SO"
step "init user PIN" p11 --login --login-type so --so-pin "$SO" \
	--init-pin --pin "$PIN"
step "RSA-2048 key pair" p11 --login --pin "$PIN" --keypairgen \
	--key-type rsa:2048 --id 01 --label rsa-key
step "EC P-256 key pair" p11 --login --pin "$PIN" --keypairgen \
	--key-type EC:prime256v1 --id 02 --label ec-key
step "export RSA public key" p11 --read-object --type pubkey --id 01 \
	-o "$D/t/rsa.der"
step "export EC public key" p11 --read-object --type pubkey --id 02 \
	-o "$D/t/ec.der"
step "RSA sign" p11 --login --pin "$PIN" --sign -m SHA256-RSA-PKCS --id 01 \
	-i "$D/t/data" -o "$D/t/rsa1.sig"
step "openssl verifies the RSA signature" openssl dgst -sha256 \
	-keyform DER -verify "$D/t/rsa.der" -signature "$D/t/rsa1.sig" \
	"$D/t/data"
step "wrong PIN refused" sh -c "! pkcs11-tool --module '$MOD' \
	--token-label '$LABEL' --login --pin 0000bad0 --list-objects"
step "token shows the failure" sh -c \
	"$B/khsm token list | grep '$LABEL' | grep -q 'count low'"
# Nothing of a private key is on disk in the clear: the store holds
# sealed records only (the RSA modulus is public; its primes are not).
step "records are sealed" sh -c "! grep -rq 'rsa-key' '$KHSM_STORE_DIR'"
sync
step "module unloads" rmmod khsm
echo "persist-boot1: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
