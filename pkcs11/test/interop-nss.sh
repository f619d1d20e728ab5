#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck disable=SC2034,SC2154,SC1091 # SUITE, LABEL, token: interop-lib.sh
#
# Interoperability with NSS's modutil and certutil, run in the guest as
# root with khsm loaded: the module added to a fresh NSS database and its
# token listed, a certificate imported to the token and listed there, and
# a key pair plus self-signed certificate made on the token by certutil.
# Prints "nss: N passed, N failed".
#
# usage: interop-nss.sh [module.so]
set -u
SUITE=nss
MOD=$(realpath "${1:-build/khsm-pkcs11.so}")
LABEL="nss test"
. "$(dirname "$0")/interop-lib.sh"

DB="sql:$W/nssdb"
mkdir -p "$W/nssdb"
printf '%s\n' "$PIN" >"$W/pin"
head -c 64 /dev/urandom >"$W/noise"
c() { certutil -d "$DB" -f "$W/pin" "$@"; }

step "fresh NSS database" certutil -N -d "$DB" --empty-password
step "modutil -add the module" modutil -dbdir "$DB" -force -add khsm \
	-libfile "$(realpath "$MOD")"
step "modutil -list shows the khsm token" sh -c "
	modutil -dbdir '$DB' -list khsm >'$W/modlist' &&
	grep -q 'Token Name: $LABEL' '$W/modlist'"
step "certutil -U lists the token" sh -c "
	certutil -d '$DB' -U >'$W/tokens' && grep -q 'token: $LABEL' '$W/tokens'"
step "certutil -L -h all (empty token)" c -L -h all
step "certutil -K lists no keys yet" sh -c \
	"! certutil -d '$DB' -f '$W/pin' -K -h '$LABEL'"
# A certificate made in software, imported to the token.
step "software certificate (openssl)" openssl req -new -x509 -nodes \
	-newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout "$W/sw.key" \
	-subj "/CN=imported to khsm" -days 30 -out "$W/sw.pem"
step "certutil -A imports it to the token" c -A -h "$LABEL" -n imported \
	-t ",," -i "$W/sw.pem"
step "certutil -L -h all shows it on the token" sh -c "
	certutil -d '$DB' -f '$W/pin' -L -h all >'$W/list' &&
	grep -q '$LABEL:imported' '$W/list'"
step "the certificate reads back unchanged" sh -c "
	certutil -d '$DB' -f '$W/pin' -L -h '$LABEL' -n '$LABEL:imported' \
		-a >'$W/back.pem' &&
	openssl x509 -in '$W/sw.pem' -outform DER -out '$W/a' &&
	openssl x509 -in '$W/back.pem' -outform DER -out '$W/b' &&
	cmp '$W/a' '$W/b'"
step "pkcs11-tool sees the certificate NSS stored" sh -c "
	pkcs11-tool --module '$MOD' --slot '$token' --list-objects \
		--type cert >'$W/objs' && grep -q 'imported' '$W/objs'"
# certutil's own key pair on the token (no CKA_ID at generation; it sets
# it afterwards) and a self-signed certificate with it.
step "certutil -S: EC key pair and certificate on the token" c -S \
	-h "$LABEL" -n nss-self -s "CN=nss self-signed" -x -t "C,," \
	-k ec -q nistp256 -z "$W/noise" -v 1
step "certutil -K lists the generated key" sh -c "
	certutil -d '$DB' -f '$W/pin' -K -h '$LABEL' >'$W/keys' &&
	grep -q 'nss-self' '$W/keys'"
step "openssl verifies NSS's self-signed certificate" sh -c "
	certutil -d '$DB' -f '$W/pin' -L -h '$LABEL' -n '$LABEL:nss-self' \
		-a >'$W/self.pem' &&
	openssl verify -CAfile '$W/self.pem' '$W/self.pem'"
finish
