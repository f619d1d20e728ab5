/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RSA: keys, the raw public and private operations, key generation, and the
 * PKCS #1 v2.2 encodings (EMSA-PKCS1-v1_5, EMSA-PSS, RSAES-OAEP and
 * RSAES-PKCS1-v1_5).
 *
 * Public keys of 1024 to 8192 bits are accepted for verification and
 * encryption; private keys are 2048 to 4096 bits; generated keys are 2048,
 * 3072 or 4096 bits with e = 65537. Byte strings are big-endian.
 */
#ifndef _KHSM_CRYPTO_RSA_H
#define _KHSM_CRYPTO_RSA_H

#include "shim.h"
#include "bn.h"

#define KHSM_RSA_PUB_MIN_BITS 1024
#define KHSM_RSA_PUB_MAX_BITS 8192
#define KHSM_RSA_PRIV_MIN_BITS 2048
#define KHSM_RSA_PRIV_MAX_BITS 4096
#define KHSM_RSA_HALF_LIMBS (KHSM_BN_LIMBS(KHSM_RSA_PRIV_MAX_BITS) / 2)
#define KHSM_RSA_MAX_BYTES (KHSM_RSA_PUB_MAX_BITS / 8)

/**
 * struct khsm_rsa_key - an RSA key with its precomputed Montgomery contexts
 * @bits: bit length of the modulus
 * @len: byte length of the modulus (k in PKCS #1)
 * @priv: non-zero if the private half below is present
 * @e: public exponent (odd, 3 <= e < 2^64)
 * @n: the modulus
 * @p: first prime
 * @q: second prime
 * @d: private exponent, @n.nl limbs used
 * @dp: d mod (p - 1)
 * @dq: d mod (q - 1)
 * @qinv: q^-1 mod p
 * @qinv_m: @qinv in Montgomery form modulo p
 *
 * Large (about 10 KiB): allocate with khsm_rsa_key_alloc().
 */
struct khsm_rsa_key {
	u32 bits;
	u32 len;
	u32 priv;
	u64 e;
	struct khsm_mont n;
	struct khsm_mont p;
	struct khsm_mont q;
	u64 d[KHSM_BN_LIMBS(KHSM_RSA_PRIV_MAX_BITS)];
	u64 dp[KHSM_RSA_HALF_LIMBS];
	u64 dq[KHSM_RSA_HALF_LIMBS];
	u64 qinv[KHSM_RSA_HALF_LIMBS];
	u64 qinv_m[KHSM_RSA_HALF_LIMBS];
};

/**
 * struct khsm_rsa_parts - big-endian components of an RSA private key
 * @n: modulus
 * @e: public exponent
 * @d: private exponent
 * @p: first prime
 * @q: second prime
 * @dp: d mod (p - 1)
 * @dq: d mod (q - 1)
 * @qinv: q^-1 mod p
 */
struct khsm_rsa_parts {
	struct khsm_buf n, e, d, p, q, dp, dq, qinv;
};

/**
 * enum khsm_rsa_part - one component of a key, for khsm_rsa_export()
 * @KHSM_RSA_N: modulus
 * @KHSM_RSA_E: public exponent
 * @KHSM_RSA_D: private exponent
 * @KHSM_RSA_P: first prime
 * @KHSM_RSA_Q: second prime
 * @KHSM_RSA_DP: d mod (p - 1)
 * @KHSM_RSA_DQ: d mod (q - 1)
 * @KHSM_RSA_QINV: q^-1 mod p
 */
enum khsm_rsa_part {
	KHSM_RSA_N,
	KHSM_RSA_E,
	KHSM_RSA_D,
	KHSM_RSA_P,
	KHSM_RSA_Q,
	KHSM_RSA_DP,
	KHSM_RSA_DQ,
	KHSM_RSA_QINV,
};

/* Salt length for khsm_rsa_pss_verify(): accept any. */
#define KHSM_PSS_SALT_ANY ((size_t)-1)

struct khsm_rsa_key *khsm_rsa_key_alloc(void);
void khsm_rsa_key_free(struct khsm_rsa_key *key);
int khsm_rsa_import_public(struct khsm_rsa_key *key, const u8 *n, size_t nlen,
			   const u8 *e, size_t elen);
int khsm_rsa_import_private(struct khsm_rsa_key *key,
			    const struct khsm_rsa_parts *parts);
int khsm_rsa_export(const struct khsm_rsa_key *key, enum khsm_rsa_part part,
		    u8 *out, size_t len);
int khsm_rsa_public(const struct khsm_rsa_key *key, const u8 *in, size_t inlen,
		    u8 *out);
int khsm_rsa_private(const struct khsm_rsa_key *key, const u8 *in, size_t inlen,
		     u8 *out);
int khsm_rsa_generate(struct khsm_rsa_key *key, u32 bits);

int khsm_mgf1_xor(enum khsm_hash_alg alg, const u8 *seed, size_t seedlen,
		  u8 *out, size_t outlen);

int khsm_emsa_pkcs1_encode(enum khsm_hash_alg alg, const u8 *digest,
			   size_t dlen, u8 *t, size_t *tlen);
int khsm_rsa_pkcs1_sign(const struct khsm_rsa_key *key, enum khsm_hash_alg alg,
			const u8 *digest, size_t dlen, u8 *sig);
int khsm_rsa_pkcs1_sign_raw(const struct khsm_rsa_key *key, const u8 *t,
			    size_t tlen, u8 *sig);
int khsm_rsa_pkcs1_verify(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg alg, const u8 *digest, size_t dlen,
			  const u8 *sig, size_t siglen);
int khsm_rsa_pkcs1_verify_raw(const struct khsm_rsa_key *key, const u8 *t,
			      size_t tlen, const u8 *sig, size_t siglen);
int khsm_rsa_pkcs1_encrypt(const struct khsm_rsa_key *key, const u8 *msg,
			   size_t mlen, u8 *out);
int khsm_eme_pkcs1_decode(const u8 *em, size_t k, u8 *out, size_t *outlen);
int khsm_rsa_pkcs1_decrypt(const struct khsm_rsa_key *key, const u8 *in,
			   size_t inlen, u8 *out, size_t *outlen);

int khsm_emsa_pss_encode(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *mhash, size_t hlen, const u8 *salt,
			 size_t slen, u32 embits, u8 *em);
int khsm_emsa_pss_verify(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *mhash, size_t hlen, size_t slen,
			 const u8 *em, u32 embits);
int khsm_rsa_pss_sign(const struct khsm_rsa_key *key, enum khsm_hash_alg halg,
		      enum khsm_hash_alg mgf, size_t slen, const u8 *mhash,
		      size_t hlen, u8 *sig);
int khsm_rsa_pss_verify(const struct khsm_rsa_key *key, enum khsm_hash_alg halg,
			enum khsm_hash_alg mgf, size_t slen, const u8 *mhash,
			size_t hlen, const u8 *sig, size_t siglen);

int khsm_eme_oaep_decode(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *label, size_t llen, u8 *em, size_t k,
			 u8 *out, size_t *outlen);
int khsm_rsa_oaep_encrypt(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			  const u8 *label, size_t llen, const u8 *msg,
			  size_t mlen, u8 *out);
int khsm_rsa_oaep_decrypt(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			  const u8 *label, size_t llen, const u8 *in,
			  size_t inlen, u8 *out, size_t *outlen);

#endif /* _KHSM_CRYPTO_RSA_H */
