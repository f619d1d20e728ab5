// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time check (ctgrind method) of the EC secret-key operations:
 * private keys, DRBG output and everything derived from them are marked
 * undefined for valgrind memcheck, which then reports any branch or memory
 * index that depends on them. Only released outputs (public keys,
 * signatures, shared secrets, return codes) are declassified, each right
 * before the first branch on it.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/rand.h>
#include <valgrind/memcheck.h>

#include "shim_user.h"
#include "../ec.h"

#define ROUNDS 4

/*
 * Called by the core (weak hook of ec_local.h) where a secret-derived
 * value becomes public by design: rejection-sampling verdicts, r and s
 * being zero (r and s are released), fault checks on results. Each such
 * call site says why the value may be released.
 */
void khsm_ct_declassify(const void *p, size_t len)
{
	VALGRIND_MAKE_MEM_DEFINED(p, len);
}

/* The DRBG: real bytes, but secret for memcheck. */
static int secret_random(uint8_t *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1)
		return -EIO;
	VALGRIND_MAKE_MEM_UNDEFINED(buf, len);
	return 0;
}

/* Release a public output so the harness may branch on it. */
static int release(int ret, void *out, size_t len)
{
	VALGRIND_MAKE_MEM_DEFINED(&ret, sizeof(ret));
	if (out)
		VALGRIND_MAKE_MEM_DEFINED(out, len);
	return ret;
}

static int run(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c), plen = khsm_ec_point_len(c);
	uint8_t d1[KHSM_EC_MAX_BYTES], d2[KHSM_EC_MAX_BYTES];
	uint8_t p1[KHSM_EC_MAX_POINT], p2[KHSM_EC_MAX_POINT];
	uint8_t z1[KHSM_EC_MAX_BYTES], z2[KHSM_EC_MAX_BYTES];
	uint8_t sig[KHSM_EC_MAX_SIG], h[64];
	int ret, i, fails = 0;

	for (i = 0; i < ROUNDS; i++) {
		/* Key generation: d is secret from the DRBG on. */
		ret = khsm_ec_keygen(c, d1, p1);
		fails += release(ret, p1, plen) != 0;
		ret = khsm_ec_keygen(c, d2, p2);
		fails += release(ret, p2, plen) != 0;

		/* A private key imported from outside is secret too. */
		VALGRIND_MAKE_MEM_UNDEFINED(d1, n);
		ret = khsm_ec_public_from_private(c, d1, p2 + 0);
		fails += release(ret, p2, plen) != 0;
		ret = khsm_ec_keygen(c, d2, p2);
		fails += release(ret, p2, plen) != 0;

		/* ECDSA: the hash is public; key and nonce input are not. */
		RAND_bytes(h, sizeof(h));
		ret = khsm_ecdsa_sign(c, d1, h, 32 + i, sig);
		fails += release(ret, sig, 2 * n) != 0;
		fails += khsm_ecdsa_verify(c, p1, plen, h, 32 + i, sig,
					   2 * n) != 0;

		/* ECDH both ways: the secret is released only at the end. */
		ret = khsm_ecdh(c, d1, p2, plen, z1);
		fails += release(ret, z1, n) != 0;
		ret = khsm_ecdh(c, d2, p1, plen, z2);
		fails += release(ret, z2, n) != 0;
		fails += memcmp(z1, z2, n) != 0;
	}
	return fails;
}

int main(void)
{
	int fails;

	khsm_test_set_random(secret_random);
	fails = run(KHSM_EC_P256) + run(KHSM_EC_P384);
	printf("crypto-ec-ctgrind: %d failures\n", fails);
	return fails ? 1 : 0;
}
