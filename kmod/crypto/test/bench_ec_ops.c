// SPDX-License-Identifier: GPL-2.0
/*
 * Single-thread throughput of the EC core beside OpenSSL's EVP interface in
 * the same process: ECDSA sign (khsm with its hedged nonce) and verify of a
 * precomputed hash, and ECDH. Each figure is the best of a few short
 * rounds, run alternately for both implementations.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ec_test_util.h"

/* Alternating rounds, best of each: the host's noise hits both sides. */
#define SECONDS 0.25
#define ROUNDS 4

enum op { OP_SIGN, OP_VERIFY, OP_ECDH };

struct ctx {
	enum khsm_ec_curve_id c;
	size_t n;
	EVP_PKEY *key, *peer;
	uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT];
	uint8_t peer_pub[KHSM_EC_MAX_POINT];
	uint8_t h[48], sig[KHSM_EC_MAX_SIG], der[KHSM_EC_MAX_SIG_DER];
	size_t der_len;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int khsm_op(struct ctx *x, enum op which)
{
	uint8_t out[KHSM_EC_MAX_SIG];

	switch (which) {
	case OP_SIGN:
		return khsm_ecdsa_sign(x->c, x->d, x->h, x->n, out);
	case OP_VERIFY:
		return khsm_ecdsa_verify(x->c, x->pub, 1 + 2 * x->n, x->h, x->n,
					 x->sig, 2 * x->n);
	default:
		return khsm_ecdh(x->c, x->d, x->peer_pub, 1 + 2 * x->n, out);
	}
}

static int ossl_op(struct ctx *x, enum op which)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(x->key, NULL);
	uint8_t out[KHSM_EC_MAX_SIG_DER];
	size_t len = sizeof(out);
	int ok = 0;

	if (!pc)
		return -1;
	switch (which) {
	case OP_SIGN:
		ok = EVP_PKEY_sign_init(pc) > 0 &&
		     EVP_PKEY_sign(pc, out, &len, x->h, x->n) > 0;
		break;
	case OP_VERIFY:
		ok = EVP_PKEY_verify_init(pc) > 0 &&
		     EVP_PKEY_verify(pc, x->der, x->der_len, x->h, x->n) > 0;
		break;
	default:
		ok = EVP_PKEY_derive_init(pc) > 0 &&
		     EVP_PKEY_derive_set_peer(pc, x->peer) > 0 &&
		     EVP_PKEY_derive(pc, out, &len) > 0;
		break;
	}
	EVP_PKEY_CTX_free(pc);
	return ok ? 0 : -1;
}

static double rate(struct ctx *x, enum op which, int khsm)
{
	unsigned long count = 0, batch = 16, i;
	double t0 = now(), t;

	do {
		for (i = 0; i < batch; i++)
			if (khsm ? khsm_op(x, which) : ossl_op(x, which))
				return -1;
		count += batch;
		t = now() - t0;
	} while (t < SECONDS);
	return count / t;
}

static int setup(struct ctx *x, enum khsm_ec_curve_id c)
{
	const char *group = c == KHSM_EC_P256 ? "P-256" : "P-384";
	BIGNUM *bn = NULL;
	size_t len;

	memset(x, 0, sizeof(*x));
	x->c = c;
	x->n = khsm_ec_bytes(c);
	x->key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	x->peer = EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
	if (!x->key || !x->peer ||
	    !EVP_PKEY_get_bn_param(x->key, OSSL_PKEY_PARAM_PRIV_KEY, &bn) ||
	    BN_bn2binpad(bn, x->d, (int)x->n) != (int)x->n ||
	    !EVP_PKEY_get_octet_string_param(x->key, OSSL_PKEY_PARAM_PUB_KEY,
					     x->pub, sizeof(x->pub), &len) ||
	    !EVP_PKEY_get_octet_string_param(x->peer, OSSL_PKEY_PARAM_PUB_KEY,
					     x->peer_pub, sizeof(x->peer_pub),
					     &len)) {
		BN_free(bn);
		return -1;
	}
	BN_free(bn);
	RAND_bytes(x->h, sizeof(x->h));
	if (khsm_ecdsa_sign(c, x->d, x->h, x->n, x->sig))
		return -1;
	x->der_len = (size_t)khsm_ecdsa_sig_to_der(c, x->sig, x->der,
						   sizeof(x->der));
	return 0;
}

int main(void)
{
	static const char *const names[] = { "sign", "verify", "ecdh" };
	enum khsm_ec_curve_id c;
	struct ctx x;
	int op;

	printf("%-6s %-7s %12s %12s %7s\n", "curve", "op", "khsm ops/s",
	       "OpenSSL", "ratio");
	for (c = 0; c < KHSM_EC_CURVE_COUNT; c++) {
		if (setup(&x, c)) {
			fprintf(stderr, "setup failed\n");
			return 1;
		}
		for (op = OP_SIGN; op <= OP_ECDH; op++) {
			double k = 0, o = 0, t;
			int r;

			for (r = 0; r < ROUNDS && k >= 0 && o >= 0; r++) {
				t = rate(&x, op, 1);
				k = t < 0 || t > k ? t : k;
				t = rate(&x, op, 0);
				o = t < 0 || t > o ? t : o;
			}
			if (k < 0 || o < 0) {
				fprintf(stderr, "%s failed\n", names[op]);
				return 1;
			}
			printf("%-6s %-7s %12.0f %12.0f %7.2f\n",
			       ec_test_group_name(c), names[op], k, o, k / o);
		}
		EVP_PKEY_free(x.key);
		EVP_PKEY_free(x.peer);
	}
	return 0;
}
