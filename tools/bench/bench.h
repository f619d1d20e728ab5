/* SPDX-License-Identifier: GPL-2.0 */
/*
 * khsm-bench: one program that measures the same operations on the same
 * keys through khsm and through its peers, side by side in one run.
 *
 * A transport ("path") opens a per-thread context for a case, runs one
 * operation (or one batch) per call, and hands back the last output so
 * the harness can check it with OpenSSL: a number from a path that gives
 * wrong answers is worthless.
 */
#ifndef _KHSM_BENCH_H
#define _KHSM_BENCH_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_OUT 8192
#define BENCH_GCM_IV 12
#define BENCH_GCM_TAG 16

enum bench_kind { K_RSA_PKCS, K_RSA_PSS, K_ECDSA, K_GCM };

/**
 * struct bench_case - one operation on one key
 * @name: for the table
 * @kind: what it does
 * @bits: RSA modulus bits, EC field bits, or AES key bits
 * @in: the input: a digest (signatures) or a plaintext (GCM)
 * @in_len: its length
 * @digest: the hash the digest was made with (signatures)
 * @pkey: OpenSSL's form of the key (the private key: every path imports
 *	this one key, and the harness verifies with it)
 * @aes: the AES key (GCM)
 * @pkcs8: the private key as PKCS#8 DER (keyctl)
 * @pkcs8_len: its length
 */
struct bench_case {
	const char *name;
	enum bench_kind kind;
	int bits;
	uint8_t in[4096];
	size_t in_len;
	const EVP_MD *digest;
	EVP_PKEY *pkey;
	uint8_t aes[32];
	uint8_t *pkcs8;
	int pkcs8_len;
};

/**
 * struct bench_out - the output of a path's last operation
 * @buf: signature (raw r||s for ECDSA) or ciphertext||tag
 * @len: its length
 * @iv: the GCM IV that operation used
 */
struct bench_out {
	uint8_t buf[BENCH_MAX_OUT];
	size_t len;
	uint8_t iv[BENCH_GCM_IV];
};

/**
 * struct bench_path - one way of doing the operations
 * @name: short name, the table's column
 * @setup: once per run before any case (NULL: nothing); nonzero disables
 *	the path with the reason printed
 * @supports: can it do @c at all (false: "n/a" in the table)
 * @open: a per-thread context for @c, or NULL on failure
 * @run: one call; returns the operations it completed (a batch may do
 *	many), or a negative value on failure; fills @out
 * @close: release the context
 * @teardown: once at the end (NULL: nothing)
 */
struct bench_path {
	const char *name;
	int (*setup)(void);
	bool (*supports)(const struct bench_case *c);
	void *(*open)(const struct bench_case *c, int thread);
	int (*run)(void *ctx, const struct bench_case *c,
		   struct bench_out *out);
	void (*close)(void *ctx);
	void (*teardown)(void);
};

extern const struct bench_path path_uring, path_ioctl, path_p11_khsm,
	path_p11_softhsm, path_keyctl, path_afalg, path_openssl, path_core;

/* Shared set-up, in bench.c. */
extern const char *bench_p11_khsm_module;
extern const char *bench_softhsm_module;
extern const char *bench_tmpdir;
extern int bench_verbose;

void bench_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bench_gcm_iv(uint8_t *iv, uint64_t counter, int thread);
int bench_rsa_parts(EVP_PKEY *pk, uint8_t *parts[8], size_t lens[8]);
int bench_ec_private(EVP_PKEY *pk, uint8_t *d, size_t n, uint8_t *point,
		     size_t *point_len);
const uint8_t *bench_ec_oid(int bits, size_t *len);
const uint8_t *bench_digest_info(const EVP_MD *md, size_t *len);

/* The token khsm's paths share, made by the ioctl path's setup. */
extern uint32_t bench_khsm_token;
extern const char bench_so_pin[], bench_user_pin[];
int bench_khsm_token_setup(void);

/* The PKCS#11 side, for both modules (p11.c). */
int bench_p11_find_1000(const char *module, bool khsm, double *secs,
			int *found);

/* The null request and its floor (ioctl.c). */
int bench_null_request(double secs, double *khsm_ns, double *floor_ns,
		       double *enotty_ns);

#endif /* _KHSM_BENCH_H */
