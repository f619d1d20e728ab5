// SPDX-License-Identifier: GPL-2.0
/*
 * Single-thread RSA throughput of the core beside OpenSSL 3.0 in the same
 * process: sign (PKCS #1 v1.5, SHA-256, with the core's CRT, blinding and
 * result check) and verify, for 2048, 3072 and 4096 bits.
 *
 * OpenSSL uses AVX-512 IFMA for RSA-2048 on CPUs that have it; the program
 * runs once as is, then re-executes itself with OPENSSL_ia32cap masking
 * AVX512IFMA (CPUID leaf 7 EBX bit 21, the second word of the mask) to show
 * the comparison against OpenSSL's MULX/ADX path as well.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rsa_util.h"

#define IFMA_OFF ":~0x200000"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Run expr for about secs seconds of this thread's CPU time, adding the
 * count to n and the time to t. The machine is shared, so time spent
 * descheduled is not counted, and khsm and OpenSSL run in alternating
 * slices: contention from elsewhere then slows both sides of a ratio alike.
 */
#define SLICE(expr, secs, n, t)                       \
	do {                                          \
		double t0 = now(), dt;                \
		do {                                  \
			expr;                         \
			(n)++;                        \
		} while ((dt = now() - t0) < (secs)); \
		(t) += dt;                            \
	} while (0)

#define SLICES 40

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 2048, 3072, 4096 };
	const char *cap = getenv("OPENSSL_ia32cap");
	uint8_t d[32], sig[512], osig[512];
	unsigned int s;

	digest(KHSM_HASH_SHA256, "bench", 5, d);
	printf("\nOpenSSL %s, OPENSSL_ia32cap=%s\n", OpenSSL_version(0),
	       cap ? cap : "(unset: default path, IFMA on if available)");
	printf("%-9s %12s %12s %7s %12s %12s %7s\n", "", "khsm sign/s",
	       "ossl sign/s", "ratio", "khsm vrfy/s", "ossl vrfy/s", "ratio");
	for (s = 0; s < 3; s++) {
		struct khsm_rsa_key *key = khsm_rsa_key_alloc();
		EVP_PKEY *pk = EVP_RSA_gen(sizes[s]);
		EVP_PKEY_CTX *sc = EVP_PKEY_CTX_new(pk, NULL);
		EVP_PKEY_CTX *vc = EVP_PKEY_CTX_new(pk, NULL);
		double ks, os, kv, ov, secs = 2.0, t[4] = { 0 };
		size_t olen = sizeof(osig);
		long n[4] = { 0 };
		int i;

		if (khsm_from_evp(key, pk))
			return 1;
		EVP_PKEY_sign_init(sc);
		EVP_PKEY_CTX_set_rsa_padding(sc, RSA_PKCS1_PADDING);
		EVP_PKEY_CTX_set_signature_md(sc, EVP_sha256());
		EVP_PKEY_verify_init(vc);
		EVP_PKEY_CTX_set_rsa_padding(vc, RSA_PKCS1_PADDING);
		EVP_PKEY_CTX_set_signature_md(vc, EVP_sha256());

		for (i = 0; i < SLICES; i++) {
			SLICE(khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32,
						  sig),
			      secs / SLICES, n[0], t[0]);
			SLICE((olen = sizeof(osig),
			       EVP_PKEY_sign(sc, osig, &olen, d, 32)),
			      secs / SLICES, n[1], t[1]);
			SLICE(khsm_rsa_pkcs1_verify(key, KHSM_HASH_SHA256, d,
						    32, sig, key->len),
			      secs / 2 / SLICES, n[2], t[2]);
			SLICE(EVP_PKEY_verify(vc, osig, olen, d, 32),
			      secs / 2 / SLICES, n[3], t[3]);
		}
		ks = n[0] / t[0];
		os = n[1] / t[1];
		kv = n[2] / t[2];
		ov = n[3] / t[3];
		if (khsm_rsa_pkcs1_verify(key, KHSM_HASH_SHA256, d, 32, sig,
					  key->len) ||
		    memcmp(sig, osig, key->len)) {
			printf("signature mismatch\n");
			return 1;
		}
		printf("RSA-%-5u %12.0f %12.0f %7.2f %12.0f %12.0f %7.2f\n",
		       sizes[s], ks, os, ks / os, kv, ov, kv / ov);
		EVP_PKEY_CTX_free(sc);
		EVP_PKEY_CTX_free(vc);
		EVP_PKEY_free(pk);
		khsm_rsa_key_free(key);
	}
	fflush(stdout);
	if (!cap) {
		setenv("OPENSSL_ia32cap", IFMA_OFF, 1);
		execv("/proc/self/exe", argv);
		perror("execv");
		return 1;
	}
	return 0;
}
