#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `khsm sign` in the guest, as root, with khsm loaded: keys made in the
# kernel through PKCS#11 (pkcs11-tool), many files signed with --batch
# (io_uring) and without, every signature checked by `openssl dgst
# -verify` with the public key pkcs11-tool reads out. Also: a changed file
# fails verification, a wrong PIN signs nothing. Prints the time of both
# ways (measured, not checked) and "cli-sign: N passed, N failed".
#
# usage: tools/cli/test-sign.sh [build dir]
set -u
B=${1:-build}
W=/tmp/khsm-sign
SO=87654321
PIN=1234abcd
N=${KHSM_SIGN_FILES:-64}
pass=0
fail=0
rm -rf "$W"
mkdir -p "$W/files"
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
		sed 's/^/     /' "$W/step.log" | tail -n 20
	fi
}

# verify_all PUB SUFFIX [openssl options]: every file's signature verifies.
verify_all() {
	pub=$1
	suffix=$2
	shift 2
	for f in "$W"/files/f*.dat; do
		openssl dgst -sha256 -keyform DER -verify "$pub" "$@" \
			-signature "$f$suffix" "$f" >/dev/null || return 1
	done
}

token=$("$B"/khsm token create) || { echo "cli-sign: 0 passed, 1 failed"; exit 1; }
p11() { pkcs11-tool --module "$B"/khsm-pkcs11.so --slot "$token" "$@"; }
step "token initialised" p11 --init-token --label sign --so-pin $SO
step "user PIN set" p11 --login --login-type so --so-pin $SO --init-pin --pin $PIN
step "EC P-256 key pair" p11 --login --pin $PIN --keypairgen \
	--key-type EC:prime256v1 --id 01 --label sign-ec
step "RSA-2048 key pair" p11 --login --pin $PIN --keypairgen \
	--key-type rsa:2048 --id 02 --label sign-rsa
step "public keys read" sh -c "
	pkcs11-tool --module $B/khsm-pkcs11.so --slot $token --read-object \
		--type pubkey --id 01 -o $W/ec.der &&
	pkcs11-tool --module $B/khsm-pkcs11.so --slot $token --read-object \
		--type pubkey --id 02 -o $W/rsa.der"

i=0
while [ $i -lt "$N" ]; do
	head -c $((i * 37 + 1)) /dev/urandom >"$W/files/f$i.dat"
	i=$((i + 1))
done
echo "$PIN" >"$W/pin"

export KHSM_PIN=$PIN
t0=$(date +%s.%N)
step "sign --batch, EC ($N files)" "$B"/khsm sign --batch --token "$token" \
	--key sign-ec "$W"/files/f*.dat
t1=$(date +%s.%N)
step "sign one by one, EC ($N files)" "$B"/khsm sign --token "$token" \
	--key sign-ec --suffix .one "$W"/files/f*.dat
t2=$(date +%s.%N)
step "EC signatures verify with openssl" verify_all "$W/ec.der" .sig
step "one-by-one EC signatures verify" verify_all "$W/ec.der" .one
echo "# khsm sign, $N files, EC P-256: --batch $(awk "BEGIN{print $t1 - $t0}") s," \
	"one by one $(awk "BEGIN{print $t2 - $t1}") s"

step "sign --batch, RSA PKCS#1 v1.5" "$B"/khsm sign --batch --token "$token" \
	--key sign-rsa --suffix .rsa "$W"/files/f*.dat
step "RSA PKCS#1 signatures verify with openssl" verify_all "$W/rsa.der" .rsa
step "sign --batch --pss, RSA-PSS" "$B"/khsm sign --batch --pss --depth 8 \
	--token "$token" --key sign-rsa --suffix .pss "$W"/files/f*.dat
step "RSA-PSS signatures verify with openssl" verify_all "$W/rsa.der" .pss \
	-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
unset KHSM_PIN

step "PIN from a file" "$B"/khsm sign --batch --token "$token" \
	--key sign-ec --pin-file "$W/pin" --suffix .pf "$W/files/f0.dat"
step "a changed file fails verification" sh -c "
	echo x >>$W/files/f1.dat &&
	! openssl dgst -sha256 -keyform DER -verify $W/ec.der \
		-signature $W/files/f1.dat.sig $W/files/f1.dat"
step "a wrong PIN signs nothing" sh -c "
	! KHSM_PIN=wrong $B/khsm sign --batch --token $token --key sign-ec \
		--suffix .bad $W/files/f2.dat && [ ! -e $W/files/f2.dat.bad ]"
step "an unknown key is an error" sh -c "
	! KHSM_PIN=$PIN $B/khsm sign --batch --token $token --key nope \
		$W/files/f2.dat"
step "token destroyed" "$B"/khsm token destroy "$token"

echo "cli-sign: $pass passed, $fail failed"
[ $fail -eq 0 ]
