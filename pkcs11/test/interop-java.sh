#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck disable=SC2034,SC2154,SC1091 # SUITE, LABEL, token: interop-lib.sh
#
# Interoperability with Java's SunPKCS11 provider, run in the guest as root
# with khsm loaded: keytool makes an EC key pair and its certificate on the
# token and lists them; jarsigner signs a jar with that key; the signature
# is verified by jarsigner and by OpenSSL from the certificate.
# Prints "java: N passed, N failed".
#
# usage: interop-java.sh [module.so]
set -u
SUITE=java
MOD=$(realpath "${1:-build/khsm-pkcs11.so}")
LABEL="java test"
. "$(dirname "$0")/interop-lib.sh"

cat >"$W/khsm.cfg" <<CFG
name = khsm
library = $MOD
slot = $token
CFG
P11="-keystore NONE -storetype PKCS11 -providerClass sun.security.pkcs11.SunPKCS11 -providerArg $W/khsm.cfg"

# shellcheck disable=SC2086 # $P11 is a list of options
step "keytool makes an EC key pair and certificate on the token" \
	keytool $P11 -storepass "$PIN" -genkeypair -alias signer \
	-keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
	-dname "CN=khsm java test" -validity 30
# shellcheck disable=SC2086
step "keytool -list shows the key" sh -c \
	"keytool $P11 -storepass '$PIN' -list | grep -q 'signer, PrivateKeyEntry'"
# shellcheck disable=SC2086
step "the certificate comes out" keytool $P11 -storepass "$PIN" \
	-exportcert -rfc -alias signer -file "$W/signer.pem"

mkdir -p "$W/jar"
printf 'signed by a key in the kernel\n' >"$W/jar/hello.txt"
step "a jar to sign" jar --create --file "$W/app.jar" -C "$W/jar" hello.txt
# shellcheck disable=SC2086
step "jarsigner signs it with the khsm key" jarsigner $P11 \
	-storepass "$PIN" -sigalg SHA256withECDSA -signedjar "$W/signed.jar" \
	"$W/app.jar" signer
step "jarsigner verifies the signed jar" sh -c \
	"jarsigner -verify -strict '$W/signed.jar' 2>&1 | tee '$W/verify.log' |
	 grep -q 'jar verified'"

# OpenSSL, independently: the signature block is a CMS signature of the
# .SF file by the certificate keytool made on the token.
(cd "$W" && rm -rf x && mkdir x && cd x && jar --extract --file ../signed.jar)
step "openssl verifies the jar signature with the certificate" sh -c "
	openssl cms -verify -inform DER -in '$W'/x/META-INF/SIGNER.EC \\
		-content '$W'/x/META-INF/SIGNER.SF -binary -noverify \\
		-certfile '$W/signer.pem' -out /dev/null"
step "a tampered signature file is refused" sh -c "
	sed 's/SHA-256/SHA-257/' '$W'/x/META-INF/SIGNER.SF >'$W'/bad.SF &&
	! openssl cms -verify -inform DER -in '$W'/x/META-INF/SIGNER.EC \\
		-content '$W'/bad.SF -binary -noverify -out /dev/null"
finish
