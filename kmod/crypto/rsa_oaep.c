// SPDX-License-Identifier: GPL-2.0
/*
 * RSAES-OAEP (PKCS #1 v2.2, 7.1) with any supported hash for the label and
 * for MGF1. Decoding runs in constant time and reports every kind of
 * malformed block with the same error after doing all the work, since which
 * check failed (Manger's attack) or when it failed is a decryption oracle.
 */
#include "rsa.h"
#include "rsa_ct.h"

/**
 * khsm_rsa_oaep_encrypt() - RSAES-OAEP encryption
 * @key: public key
 * @halg: hash function of the label (and seed length)
 * @mgf: hash function of MGF1
 * @label: the label, may be NULL if @llen is 0
 * @llen: bytes of @label
 * @msg: the message, at most @key->len - 2 hLen - 2 bytes
 * @mlen: bytes of @msg
 * @out: receives @key->len bytes
 *
 * Return: 0, -EINVAL for bad parameters or a too long message, -ENOMEM,
 * the random source's or the hash's error.
 */
int khsm_rsa_oaep_encrypt(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			  const u8 *label, size_t llen, const u8 *msg,
			  size_t mlen, u8 *out)
{
	size_t k = key->len, hl = khsm_hash_len(halg), dblen;
	struct khsm_buf lb = { label, llen };
	u8 *em, *seed, *db;
	int ret;

	if (!k || !hl || !khsm_hash_len(mgf) || k < 2 * hl + 2 ||
	    mlen > k - 2 * hl - 2)
		return -EINVAL;
	em = khsm_crypto_alloc(k);
	if (!em)
		return -ENOMEM;
	seed = em + 1;
	db = seed + hl;
	dblen = k - hl - 1;
	ret = khsm_crypto_hash(halg, &lb, 1, db);
	if (!ret)
		ret = khsm_crypto_random(seed, hl);
	if (ret)
		goto out;
	db[dblen - mlen - 1] = 1;
	memcpy(db + dblen - mlen, msg, mlen);
	ret = khsm_mgf1_xor(mgf, seed, hl, db, dblen);
	if (!ret)
		ret = khsm_mgf1_xor(mgf, db, dblen, seed, hl);
	if (!ret)
		ret = khsm_rsa_public(key, em, k, out);
out:
	khsm_crypto_free(em, k);
	return ret;
}

/**
 * khsm_eme_oaep_decode() - constant-time EME-OAEP decoding
 * @halg: hash function of the label
 * @mgf: hash function of MGF1
 * @label: the label, may be NULL if @llen is 0
 * @llen: bytes of @label
 * @em: the decrypted block, @k bytes; unmasked in place
 * @k: length of the modulus in bytes
 * @out: receives the message
 * @outlen: in: capacity of @out, at least @k - 2 hLen - 2; out: length
 *
 * Return: 0, -EBADMSG for any malformed block (@out is then zeroed),
 * -EINVAL for bad parameters or a too small @out, or the hash's error.
 */
int khsm_eme_oaep_decode(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *label, size_t llen, u8 *em, size_t k,
			 u8 *out, size_t *outlen)
{
	size_t hl = khsm_hash_len(halg), dblen, i;
	struct khsm_buf lb = { label, llen };
	u8 lhash[KHSM_HASH_MAX_LEN], *db;
	u64 good, found = 0, idx = 0;
	int ret;

	if (!hl || !khsm_hash_len(mgf))
		return -EINVAL;
	if (k < 2 * hl + 2)
		return -EBADMSG;
	if (*outlen < k - 2 * hl - 2)
		return -EINVAL;
	ret = khsm_crypto_hash(halg, &lb, 1, lhash);
	if (ret)
		return ret;
	db = em + 1 + hl;
	dblen = k - hl - 1;
	ret = khsm_mgf1_xor(mgf, db, dblen, em + 1, hl);
	if (!ret)
		ret = khsm_mgf1_xor(mgf, em + 1, hl, db, dblen);
	if (ret)
		return ret;

	good = khsm_ct_zero(em[0]) & khsm_ct_memeq(db, lhash, hl);
	for (i = hl; i < dblen; i++) {
		u64 first = ~found & khsm_ct_nz(db[i]);

		idx |= i & first;
		good &= ~first | khsm_ct_eq(db[i], 1);
		found |= first;
	}
	good &= found;
	idx = (idx & good) | (hl & ~good);
	khsm_ct_extract(out, db, dblen, idx + 1, hl + 1);
	for (i = 0; i < dblen - hl - 1; i++)
		out[i] &= (u8)good;
	/* Only the verdict becomes public, after all the work is done. */
	if (!khsm_ct_public(good)) {
		*outlen = 0;
		return -EBADMSG;
	}
	*outlen = dblen - idx - 1;
	return 0;
}

/**
 * khsm_rsa_oaep_decrypt() - RSAES-OAEP decryption
 * @key: private key
 * @halg: hash function of the label
 * @mgf: hash function of MGF1
 * @label: the label, may be NULL if @llen is 0
 * @llen: bytes of @label
 * @in: the ciphertext
 * @inlen: bytes of @in, must be @key->len
 * @out: receives the message
 * @outlen: in: capacity of @out, at least @key->len - 2 hLen - 2; out: length
 *
 * Return: 0, -EBADMSG for any invalid ciphertext, -EINVAL for bad
 * parameters, or an error of khsm_rsa_private() (-EFAULT, -ENOMEM, ...).
 */
int khsm_rsa_oaep_decrypt(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			  const u8 *label, size_t llen, const u8 *in,
			  size_t inlen, u8 *out, size_t *outlen)
{
	size_t k = key->len, hl = khsm_hash_len(halg);
	u8 *em;
	int ret;

	if (!key->priv || !hl || !khsm_hash_len(mgf))
		return -EINVAL;
	if (k < 2 * hl + 2 || inlen != k)
		return -EBADMSG;
	if (*outlen < k - 2 * hl - 2)
		return -EINVAL;
	em = khsm_crypto_alloc(k);
	if (!em)
		return -ENOMEM;
	ret = khsm_rsa_private(key, in, inlen, em);
	if (ret == -EINVAL)
		ret = -EBADMSG;
	if (!ret)
		ret = khsm_eme_oaep_decode(halg, mgf, label, llen, em, k, out,
					   outlen);
	khsm_crypto_free(em, k);
	return ret;
}
