#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck disable=SC2034,SC2154,SC1091 # SUITE, LABEL, token: interop-lib.sh
#
# Interoperability with OpenSSL through libp11's pkcs11 engine, run in the
# guest as root with khsm loaded: a root CA key (RSA-2048) and an
# intermediate CA key (EC P-256) generated in khsm by pkcs11-tool, the
# root certificate self-signed and the intermediate certificate signed by
# `openssl req`/`openssl x509` with the keys on the token, a software leaf
# signed by the intermediate, and the chain checked by `openssl verify`.
# Prints "openssl-engine: N passed, N failed".
#
# usage: interop-openssl-engine.sh [module.so]
set -u
SUITE=openssl-engine
MOD=$(realpath "${1:-build/khsm-pkcs11.so}")
LABEL="engine test"
. "$(dirname "$0")/interop-lib.sh"

t() { pkcs11-tool --module "$MOD" --slot "$token" "$@"; }
# libp11's engine on this module, configured only from this file.
cat >"$W/openssl.cnf" <<CNF
openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
pkcs11 = pkcs11_section
[pkcs11_section]
engine_id = pkcs11
MODULE_PATH = $(realpath "$MOD")
init = 0
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:leaf.khsm.test
authorityKeyIdentifier = keyid:always
CNF
export OPENSSL_CONF="$W/openssl.cnf"
TOK="pkcs11:token=engine%20test"
ROOT="$TOK;object=root-ca;type=private;pin-value=$PIN"
INTER="$TOK;object=inter-ca;type=private;pin-value=$PIN"

step "root CA key (RSA-2048) in khsm" t --login --pin "$PIN" --keypairgen \
	--key-type rsa:2048 --id 0a --label root-ca
step "intermediate CA key (EC P-256) in khsm" t --login --pin "$PIN" \
	--keypairgen --key-type EC:prime256v1 --id 0b --label inter-ca
step "the engine loads the module" sh -c \
	"openssl engine -t pkcs11 | grep -q available"
step "self-signed root certificate (openssl req -x509)" openssl req -engine pkcs11 \
	-keyform engine -key "$ROOT" -new -x509 -sha256 -days 30 \
	-subj "/CN=khsm test root" -extensions ca_ext -set_serial 1 \
	-out "$W/root.pem"
step "intermediate CSR (openssl req)" openssl req -engine pkcs11 -keyform engine \
	-key "$INTER" -new -sha256 -subj "/CN=khsm test intermediate" \
	-out "$W/inter.csr"
step "intermediate CSR self-signature verifies" openssl req -verify \
	-noout -in "$W/inter.csr"
step "intermediate certificate signed by the root (openssl x509)" \
	openssl x509 -engine pkcs11 -req -in "$W/inter.csr" -CA "$W/root.pem" \
	-CAkeyform engine -CAkey "$ROOT" -set_serial 2 -days 30 -sha256 \
	-extfile "$W/openssl.cnf" -extensions ca_ext -out "$W/inter.pem"
# Software-only steps run without the engine configuration.
step "leaf key and CSR (software)" sh -c "
	env -u OPENSSL_CONF openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out '$W/leaf.key' &&
	env -u OPENSSL_CONF openssl req -new -key '$W/leaf.key' \
		-subj /CN=leaf.khsm.test -out '$W/leaf.csr'"
step "leaf certificate signed by the intermediate" \
	openssl x509 -engine pkcs11 -req -in "$W/leaf.csr" -CA "$W/inter.pem" \
	-CAkeyform engine -CAkey "$INTER" -set_serial 3 -days 30 -sha256 \
	-extfile "$W/openssl.cnf" -extensions leaf_ext -out "$W/leaf.pem"
step "root certificate carries the token's public key" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --read-object \
		--type pubkey --id 0a -o '$W/root.pub.der' &&
	openssl pkey -pubin -inform DER -in '$W/root.pub.der' -outform DER \
		-out '$W/a' &&
	openssl x509 -in '$W/root.pem' -noout -pubkey |
		openssl pkey -pubin -outform DER -out '$W/b' && cmp '$W/a' '$W/b'"
# The chain checked without the engine or the token.
step "openssl verify root -> intermediate -> leaf" sh -c "
	env -u OPENSSL_CONF openssl verify -x509_strict -CAfile '$W/root.pem' \
		-untrusted '$W/inter.pem' '$W/leaf.pem' >'$W/verify.out' &&
	grep -q ': OK' '$W/verify.out'"
step "a leaf not signed by khsm's intermediate is refused" sh -c "
	env -u OPENSSL_CONF openssl req -new -x509 -key '$W/leaf.key' \
		-subj /CN=leaf.khsm.test -out '$W/rogue.pem' &&
	! env -u OPENSSL_CONF openssl verify -CAfile '$W/root.pem' \
		-untrusted '$W/inter.pem' '$W/rogue.pem'"
finish
