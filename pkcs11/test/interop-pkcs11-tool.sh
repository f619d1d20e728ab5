#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interoperability with OpenSC's pkcs11-tool, run in the guest as root
# with khsm loaded: token set-up, key generation, signatures checked by
# openssl, AES encryption and key wrapping checked by openssl enc, a
# CKA_ALWAYS_AUTHENTICATE key, object listing, and pkcs11-tool's own
# --test. Prints
# "pkcs11-tool: N passed, N failed".
#
# usage: interop-pkcs11-tool.sh [module.so]
set -u
MOD=${1:-build/khsm-pkcs11.so}
SUITE=pkcs11-tool
LABEL="p11tool test"
. "$(dirname "$0")/interop-lib.sh"

t() { pkcs11-tool --module "$MOD" --slot "$token" "$@"; }

step "list slots shows the token" \
	sh -c "pkcs11-tool --module '$MOD' --list-slots | grep -q 'Slot.*($(printf 0x%x "$token")'"
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

# AES with keys of known value, each outcome checked by openssl enc.
# (Debian 12's pkcs11-tool, OpenSC 0.23, has no AES-GCM for --encrypt.)
K1=000102030405060708090a0b0c0d0e0f
K2=f0e1d2c3b4a5968778695a4b3c2d1e0f
IV=0f0e0d0c0b0a09080706050403020100
unhex() { python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$1"; }
unhex "$K1" >"$W/k1.bin"
unhex "$K2" >"$W/k2.bin"
printf 'AES data for khsm, not a multiple of 16.' >"$W/aes.in"
head -c 64 /dev/urandom >"$W/aes64.in"
step "import a known AES key (wrapping key)" t --login --pin "$PIN" \
	--write-object "$W/k1.bin" --type secrkey --key-type AES:16 --id 10 \
	--label aes-k1 --usage-decrypt --usage-wrap --extractable
step "import a second known AES key" t --login --pin "$PIN" \
	--write-object "$W/k2.bin" --type secrkey --key-type AES:16 --id 11 \
	--label aes-k2 --usage-decrypt --extractable
step "AES-CBC-PAD encrypt equals openssl enc" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--encrypt -m AES-CBC-PAD --iv $IV --id 10 -i '$W/aes.in' \
		-o '$W/aes.ct' &&
	openssl enc -aes-128-cbc -K $K1 -iv $IV -in '$W/aes.in' \
		-out '$W/aes.ct.ossl' && cmp '$W/aes.ct' '$W/aes.ct.ossl'"
step "AES-CBC-PAD decrypt of openssl's ciphertext" sh -c "
	openssl enc -aes-128-cbc -K $K1 -iv $IV -in '$W/aes64.in' \
		-out '$W/aes64.ct' &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--decrypt -m AES-CBC-PAD --iv $IV --id 10 -i '$W/aes64.ct' \
		-o '$W/aes64.pt' && cmp '$W/aes64.in' '$W/aes64.pt'"
step "AES-CBC (no padding) encrypt equals openssl enc" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--encrypt -m AES-CBC --iv $IV --id 11 -i '$W/aes64.in' \
		-o '$W/cbc.ct' &&
	openssl enc -aes-128-cbc -nopad -K $K2 -iv $IV -in '$W/aes64.in' \
		-out '$W/cbc.ct.ossl' && cmp '$W/cbc.ct' '$W/cbc.ct.ossl'"
step "AES-ECB decrypt of openssl's ciphertext" sh -c "
	openssl enc -aes-128-ecb -nopad -K $K2 -in '$W/aes64.in' \
		-out '$W/ecb.ct' &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--decrypt -m AES-ECB --id 11 -i '$W/ecb.ct' -o '$W/ecb.pt' &&
	cmp '$W/aes64.in' '$W/ecb.pt'"
step "generated AES key: encrypt then decrypt" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--keygen --key-type AES:16 --id 14 --label aes-gen \
		--usage-decrypt --extractable &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--encrypt -m AES-CBC-PAD --iv $IV --id 14 -i '$W/aes.in' \
		-o '$W/gen.ct' &&
	! cmp -s '$W/gen.ct' '$W/aes.ct' &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--decrypt -m AES-CBC-PAD --iv $IV --id 14 -i '$W/gen.ct' \
		-o '$W/gen.pt' && cmp '$W/aes.in' '$W/gen.pt'"
# Key wrap (RFC 3394) of the known key equals openssl's; the unwrapped
# key encrypts like the original.
step "AES-KEY-WRAP equals openssl's id-aes128-wrap" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--wrap -m AES-KEY-WRAP --id 10 --application-id 11 \
		-o '$W/k2.wrapped' &&
	openssl enc -id-aes128-wrap -K $K1 -iv A6A6A6A6A6A6A6A6 \
		-in '$W/k2.bin' -out '$W/k2.wrapped.ossl' &&
	cmp '$W/k2.wrapped' '$W/k2.wrapped.ossl'"
step "AES-KEY-WRAP unwrap of openssl's wrapping" t --login --pin "$PIN" \
	--unwrap -m AES-KEY-WRAP --id 10 -i "$W/k2.wrapped.ossl" \
	--key-type AES:16 --application-id 12 --application-label aes-unwrapped
step "the unwrapped key encrypts like the original" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--encrypt -m AES-CBC-PAD --iv $IV --id 12 -i '$W/aes.in' \
		-o '$W/unwrapped.ct' &&
	openssl enc -aes-128-cbc -K $K2 -iv $IV -in '$W/aes.in' \
		-out '$W/k2.ct.ossl' && cmp '$W/unwrapped.ct' '$W/k2.ct.ossl'"
step "generated key: wrap (AES-CBC-PAD), unwrap, same ciphertext" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--wrap -m AES-CBC-PAD --iv $IV --id 10 --application-id 14 \
		-o '$W/gen.wrapped' &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--unwrap -m AES-CBC-PAD --iv $IV --id 10 -i '$W/gen.wrapped' \
		--key-type AES:16 --application-id 15 \
		--application-label aes-gen-unwrapped &&
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--encrypt -m AES-CBC-PAD --iv $IV --id 15 -i '$W/aes.in' \
		-o '$W/gen2.ct' && cmp '$W/gen.ct' '$W/gen2.ct'"
step "a tampered wrapping does not unwrap" sh -c "
	python3 -c 'import sys; b = bytearray(open(sys.argv[1], \"rb\").read()); b[3] ^= 1; open(sys.argv[2], \"wb\").write(b)' \
		'$W/k2.wrapped.ossl' '$W/bad.wrapped' &&
	! pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--unwrap -m AES-KEY-WRAP --id 10 -i '$W/bad.wrapped' \
		--key-type AES:16 --application-id 16 2>'$W/bad.err' &&
	grep -q CKR_WRAPPED_KEY_INVALID '$W/bad.err'"

# CKA_ALWAYS_AUTHENTICATE: pkcs11-tool logs in again (CKU_CONTEXT_SPECIFIC)
# after C_SignInit; the kernel refuses the key without it.
step "EC key pair with CKA_ALWAYS_AUTHENTICATE" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--keypairgen --key-type EC:prime256v1 --id 20 --label ec-aa \
		--always-auth >'$W/aa.gen' &&
	grep -q 'always authenticate' '$W/aa.gen'"
step "sign with it (context-specific login)" t --login --pin "$PIN" \
	--sign -m ECDSA-SHA256 --id 20 --signature-format openssl \
	-i "$W/data" -o "$W/aa.sig"
step "openssl verifies the always-authenticate signature" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --read-object \
		--type pubkey --id 20 -o '$W/aa.der' &&
	openssl dgst -sha256 -keyform DER -verify '$W/aa.der' \
		-signature '$W/aa.sig' '$W/data'"
step "a context-specific login with no operation is refused" sh -c "
	! pkcs11-tool --module '$MOD' --slot '$token' --login --pin '$PIN' \
		--login-type context-specific --sign -m ECDSA-SHA256 --id 20 \
		-i '$W/data' -o '$W/aa2.sig' 2>'$W/aa2.err' &&
	grep -q CKR_OPERATION_NOT_INITIALIZED '$W/aa2.err'"

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

finish
