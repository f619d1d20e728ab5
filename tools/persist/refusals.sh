#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Refusals at the store, through the khsm tool (run in the guest, from the
# tree's top, with khsm loaded): each refused with a message naming the
# file and the reason, and nothing half loaded. The kernel side of each is
# in selftests/khsm_store_test.c. Prints "persist-refusals: N passed, N
# failed".
set -u
. tools/persist/lib.sh
W=/tmp/persist-refusals
rm -rf "$W"
mkdir -p "$W"
export KHSM_STORE_DIR=$W/store
KEY=$W/machine.key
OTHER=$W/other.key

# make_token LABEL: a persistent token with a public data object and a
# private AES key, through the PKCS#11 module; prints its directory.
make_token() {
	tok=$($B/khsm token create --persistent) || return 1
	pkcs11-tool --module "$MOD" --slot "$tok" --init-token \
		--label "$1" --so-pin "$SO" >/dev/null 2>&1 &&
		pkcs11-tool --module "$MOD" --token-label "$1" --login \
			--login-type so --so-pin "$SO" --init-pin --pin "$PIN" \
			>/dev/null 2>&1 &&
		pkcs11-tool --module "$MOD" --token-label "$1" --login \
			--pin "$PIN" --keygen --key-type AES:16 --label aes \
			>/dev/null 2>&1 &&
		echo "$1" >"$W/data" &&
		pkcs11-tool --module "$MOD" --token-label "$1" --login \
			--pin "$PIN" --write-object "$W/data" --type data \
			--label pub >/dev/null 2>&1 || return 1
	echo "$tok" >"$W/$1.id"
	grep -l . "$KHSM_STORE_DIR"/*/state | while read -r s; do
		d=$(dirname "$s")
		[ -e "$W/dir-$(basename "$d")" ] && continue
		touch "$W/dir-$(basename "$d")"
		echo "$d"
	done
}

# unload LABEL: remove a token from the kernel (its files stay).
unload() { $B/khsm token destroy --unload "$(cat "$W/$1.id")"; }

loaded() { $B/khsm token list | grep -q " $1 "; }

# refused DIR TEXT...: khsm store load fails, says TEXT, loads nothing.
refused() {
	dir=$1
	shift
	before=$($B/khsm token list | wc -l)
	! $B/khsm store load --dir "$dir" >"$W/out" 2>&1 || return 1
	cat "$W/out"
	for t in "$@"; do grep -q -- "$t" "$W/out" || return 1; done
	[ "$($B/khsm token list | wc -l)" -eq "$before" ]
}

# A store holding only one token directory.
only() { rm -rf "$W/one" && mkdir -p "$W/one" && cp -a "$1" "$W/one/"; }

step "machine key" sh -c "$B/khsm machine-key create --file '$KEY' &&
	$B/khsm machine-key load --file '$KEY' &&
	$B/khsm machine-key status | grep -q 'machine key: loaded'"
A=$(make_token ref-a)
B2=$(make_token ref-b)
step "two persistent tokens written" test -d "$A" -a -d "$B2"
unload ref-a
unload ref-b
only "$A"
step "a clean directory loads" sh -c "$B/khsm store load --dir '$W/one' &&
	$B/khsm token list | grep -q ref-a"
unload ref-a

obj=$(ls "$A" | grep '^obj-' | head -n 1)
cp "$A/$obj" "$W/saved"
printf '\001' | dd of="$A/$obj" bs=1 seek=100 conv=notrunc 2>/dev/null
only "$A"
step "a flipped byte is refused, naming the file" \
	refused "$W/one" "$obj" "does not authenticate"
cp "$W/saved" "$A/$obj"

only "$A"
cp "$B2/$(ls "$B2" | grep '^obj-' | head -n 1)" "$W/one/$(basename "$A")/"
step "a record of another token is refused" \
	refused "$W/one" "record of another token"

$B/khsm machine-key create --file "$OTHER" >/dev/null
$B/khsm machine-key load --file "$OTHER"
only "$A"
step "a directory from another host (machine key) is refused" \
	refused "$W/one" "state" "another machine key"
$B/khsm machine-key load --file "$KEY"

only "$A"
rm "$W/one/$(basename "$A")/$obj"
step "a missing record is refused, naming it" \
	refused "$W/one" "missing"

# Rolled back while loaded: a newer state was loaded (and changed) in
# this module's lifetime; an older copy of the directory is refused.
only "$A"
cp -a "$W/one" "$W/old"
$B/khsm store load --dir "$W/one" >/dev/null
pkcs11-tool --module "$MOD" --token-label ref-a --login --pin 0000bad0 \
	--list-objects >/dev/null 2>&1
$B/khsm token list | grep ref-a | awk '{print $1}' >"$W/ref-a.id"
unload ref-a
step "a rolled-back directory is refused" \
	refused "$W/old" "rolled back"
# The change went to the token's directory in the store.
only "$A"
step "the current one still loads, with its PIN failure" sh -c "
	$B/khsm store load --dir '$W/one' >/dev/null &&
	$B/khsm token list | grep ref-a | grep -q 'count low'"
step "loading it twice is refused" refused "$W/one" "loaded already"
$B/khsm token list | grep ref-a | awk '{print $1}' >"$W/ref-a.id"
unload ref-a

# Leftovers of an interrupted write go at the next load: its temporary
# file, and a second copy of a record (one of the two is kept).
d="$W/one/$(basename "$A")"
cp "$d/state" "$d/.tmp-state"
cp "$W/saved" "$d/obj-ffffffff-0000000000000001"
step "a load removes leftovers of interrupted writes" sh -c "
	$B/khsm store load --dir '$W/one' >/dev/null &&
	[ ! -e '$d/.tmp-state' ] && [ \$(ls '$d' | grep -c '^obj-') -eq 2 ]"
$B/khsm token list | grep ref-a | awk '{print $1}' >"$W/ref-a.id"

# The machine key is only ever taken from the module's keyring.
ring=$($B/khsm machine-key status | sed -n 's/^keyring: //p')
step "a user cannot add a key to the module keyring" sh -c "
	! setpriv --reuid=65534 --regid=65534 --clear-groups \
		keyctl padd logon khsm:machine $ring <'$OTHER'"
step "a user's own logon key of that name is never used" sh -c "
	keyctl clear $ring &&
	keyctl session - sh -c 'keyctl padd logon khsm:machine @s <$OTHER >/dev/null &&
		! $B/khsm token create --persistent 2>$W/planted' &&
	grep -q 'Required key not available\|machine key' $W/planted"
$B/khsm machine-key load --file "$KEY"
$B/khsm token list | grep ref-a | awk '{print $1}' >"$W/ref-a.id"
step "destroying a persistent token removes its directory" sh -c "
	$B/khsm token destroy $(cat "$W/ref-a.id") &&
	[ ! -e '$A' ] && ! $B/khsm token list | grep -q ref-a"
for f in "$W"/*.id; do
	$B/khsm token destroy "$(cat "$f")" 2>/dev/null
done
echo "persist-refusals: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
