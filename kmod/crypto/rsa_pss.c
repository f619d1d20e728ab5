// SPDX-License-Identifier: GPL-2.0
/*
 * RSASSA-PSS (PKCS #1 v2.2, 8.1 and 9.1) with any of the supported hashes
 * for the message and for MGF1, and any salt length that fits the key.
 * Verification handles only public data and need not be constant-time.
 */
#include "rsa.h"
#include "rsa_ct.h"

static const u8 zeros8[8];

static int pss_hash(enum khsm_hash_alg halg, const u8 *mhash, size_t hlen,
		    const u8 *salt, size_t slen, u8 *out)
{
	struct khsm_buf parts[3] = { { zeros8, 8 },
				     { mhash, hlen },
				     { salt, slen } };

	return khsm_crypto_hash(halg, parts, 3, out);
}

/**
 * khsm_emsa_pss_encode() - EMSA-PSS encoding
 * @halg: hash function of the message digest
 * @mgf: hash function of MGF1
 * @mhash: the message digest
 * @hlen: bytes of @mhash, the digest length of @halg
 * @salt: the salt
 * @slen: bytes of @salt
 * @embits: maximal bit length of the encoding (modulus bits - 1)
 * @em: receives ceil(@embits / 8) bytes
 *
 * Return: 0, -EINVAL for bad parameters or a salt too long for @embits, or
 * the hash's error.
 */
int khsm_emsa_pss_encode(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *mhash, size_t hlen, const u8 *salt,
			 size_t slen, u32 embits, u8 *em)
{
	size_t hl = khsm_hash_len(halg), emlen = (embits + 7) / 8, dblen;
	int ret;

	if (!hl || hlen != hl || !khsm_hash_len(mgf) || !embits ||
	    emlen < hl + 2 || slen > emlen - hl - 2)
		return -EINVAL;
	dblen = emlen - hl - 1;
	ret = pss_hash(halg, mhash, hlen, salt, slen, em + dblen);
	if (ret)
		return ret;
	memset(em, 0, dblen - slen - 1);
	em[dblen - slen - 1] = 1;
	memcpy(em + dblen - slen, salt, slen);
	ret = khsm_mgf1_xor(mgf, em + dblen, hl, em, dblen);
	em[0] &= 0xff >> (8 * emlen - embits);
	em[emlen - 1] = 0xbc;
	return ret;
}

/**
 * khsm_emsa_pss_verify() - EMSA-PSS verification
 * @halg: hash function of the message digest
 * @mgf: hash function of MGF1
 * @mhash: the message digest
 * @hlen: bytes of @mhash
 * @slen: expected salt length, or KHSM_PSS_SALT_ANY
 * @em: the encoded message, ceil(@embits / 8) bytes
 * @embits: modulus bits - 1
 *
 * Return: 0 if consistent, -EBADMSG if not, -EINVAL for bad parameters,
 * -ENOMEM, or the hash's error.
 */
int khsm_emsa_pss_verify(enum khsm_hash_alg halg, enum khsm_hash_alg mgf,
			 const u8 *mhash, size_t hlen, size_t slen,
			 const u8 *em, u32 embits)
{
	size_t hl = khsm_hash_len(halg), emlen = (embits + 7) / 8, dblen, i;
	u8 h[KHSM_HASH_MAX_LEN], *db;
	int ret;

	if (!hl || hlen != hl || !khsm_hash_len(mgf) || !embits)
		return -EINVAL;
	if (emlen < hl + 2 || em[emlen - 1] != 0xbc ||
	    (em[0] & ~(0xff >> (8 * emlen - embits))))
		return -EBADMSG;
	if (slen != KHSM_PSS_SALT_ANY && slen > emlen - hl - 2)
		return -EBADMSG;
	dblen = emlen - hl - 1;
	db = khsm_crypto_alloc(dblen);
	if (!db)
		return -ENOMEM;
	memcpy(db, em, dblen);
	ret = khsm_mgf1_xor(mgf, em + dblen, hl, db, dblen);
	if (ret)
		goto out;
	db[0] &= 0xff >> (8 * emlen - embits);
	for (i = 0; i < dblen && !db[i]; i++)
		;
	ret = -EBADMSG;
	if (i == dblen || db[i] != 1)
		goto out;
	if (slen == KHSM_PSS_SALT_ANY)
		slen = dblen - i - 1;
	else if (i != dblen - slen - 1)
		goto out;
	ret = pss_hash(halg, mhash, hlen, db + dblen - slen, slen, h);
	if (!ret && !khsm_ct_memeq(h, em + dblen, hl))
		ret = -EBADMSG;
out:
	khsm_crypto_free(db, dblen);
	return ret;
}

/**
 * khsm_rsa_pss_sign() - RSASSA-PSS signature of a digest
 * @key: private key
 * @halg: hash function of @mhash
 * @mgf: hash function of MGF1
 * @slen: salt length in bytes (a fresh random salt is drawn)
 * @mhash: the message digest
 * @hlen: bytes of @mhash
 * @sig: receives @key->len bytes
 *
 * Return: 0, -EINVAL for bad parameters, the random source's error, or an
 * error of khsm_rsa_private().
 */
int khsm_rsa_pss_sign(const struct khsm_rsa_key *key, enum khsm_hash_alg halg,
		      enum khsm_hash_alg mgf, size_t slen, const u8 *mhash,
		      size_t hlen, u8 *sig)
{
	size_t k = key->len, emlen = (key->bits - 1 + 7) / 8;
	u8 *em, *salt;
	int ret;

	if (!key->priv || slen > k)
		return -EINVAL;
	em = khsm_crypto_alloc(k + slen);
	if (!em)
		return -ENOMEM;
	salt = em + k;
	ret = khsm_crypto_random(salt, slen);
	if (!ret)
		ret = khsm_emsa_pss_encode(halg, mgf, mhash, hlen, salt, slen,
					   key->bits - 1, em + k - emlen);
	if (!ret)
		ret = khsm_rsa_private(key, em, k, sig);
	khsm_crypto_free(em, k + slen);
	return ret;
}

/**
 * khsm_rsa_pss_verify() - verify an RSASSA-PSS signature
 * @key: public key
 * @halg: hash function of @mhash
 * @mgf: hash function of MGF1
 * @slen: salt length, or KHSM_PSS_SALT_ANY
 * @mhash: the message digest
 * @hlen: bytes of @mhash
 * @sig: the signature
 * @siglen: bytes of @sig
 *
 * Return: 0 if valid, -EBADMSG if not, -EINVAL for bad parameters, -ENOMEM.
 */
int khsm_rsa_pss_verify(const struct khsm_rsa_key *key, enum khsm_hash_alg halg,
			enum khsm_hash_alg mgf, size_t slen, const u8 *mhash,
			size_t hlen, const u8 *sig, size_t siglen)
{
	size_t k = key->len, emlen = (key->bits - 1 + 7) / 8;
	u8 *m;
	int ret;

	if (!k || siglen != k)
		return -EBADMSG;
	m = khsm_crypto_alloc(k);
	if (!m)
		return -ENOMEM;
	ret = khsm_rsa_public(key, sig, siglen, m);
	if (ret == -EINVAL)
		ret = -EBADMSG;
	/* With modulus bits = 1 mod 8 the encoding is one byte shorter. */
	if (!ret && k > emlen && m[0])
		ret = -EBADMSG;
	if (!ret)
		ret = khsm_emsa_pss_verify(halg, mgf, mhash, hlen, slen,
					   m + k - emlen, key->bits - 1);
	khsm_crypto_free(m, k);
	return ret;
}
