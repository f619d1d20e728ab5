// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS #1 v1.5: EMSA-PKCS1-v1_5 signatures (with the DigestInfo prefixes of
 * SHA-1 and SHA-2, or a caller-built DigestInfo as CKM_RSA_PKCS does) and
 * RSAES-PKCS1-v1_5 encryption.
 *
 * Verification re-encodes the expected block and compares it whole, which
 * leaves no room for lenient parsing of the ASN.1 (Bleichenbacher's 2006
 * forgery). Decryption decodes in constant time and fails with one error,
 * -EBADMSG, whatever was wrong with the padding; note that the error itself
 * is an oracle, so callers must not expose it to a network peer.
 */
#include "rsa.h"
#include "rsa_ct.h"

#define PREFIX_LEN 19

static const u8 digest_info[KHSM_HASH_COUNT][PREFIX_LEN] = {
	[KHSM_HASH_SHA1] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
			     0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 },
	[KHSM_HASH_SHA224] = { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86,
			       0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05,
			       0x00, 0x04, 0x1c },
	[KHSM_HASH_SHA256] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86,
			       0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
			       0x00, 0x04, 0x20 },
	[KHSM_HASH_SHA384] = { 0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86,
			       0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
			       0x00, 0x04, 0x30 },
	[KHSM_HASH_SHA512] = { 0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86,
			       0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
			       0x00, 0x04, 0x40 },
};

/**
 * khsm_emsa_pkcs1_encode() - build the DigestInfo T of EMSA-PKCS1-v1_5
 * @alg: hash function
 * @digest: the message digest
 * @dlen: bytes of @digest, the digest length of @alg
 * @t: receives T, at most 19 + KHSM_HASH_MAX_LEN bytes
 * @tlen: receives the length of T
 *
 * Return: 0, or -EINVAL for an unknown hash or a wrong digest length.
 */
int khsm_emsa_pkcs1_encode(enum khsm_hash_alg alg, const u8 *digest,
			   size_t dlen, u8 *t, size_t *tlen)
{
	size_t hlen = khsm_hash_len(alg);
	size_t plen = alg == KHSM_HASH_SHA1 ? 15 : PREFIX_LEN;

	if (!hlen || dlen != hlen)
		return -EINVAL;
	memcpy(t, digest_info[alg], plen);
	memcpy(t + plen, digest, dlen);
	*tlen = plen + dlen;
	return 0;
}

/* EM = 00 01 FF..FF 00 T, with at least 8 bytes of FF. */
static int emsa_pad(const u8 *t, size_t tlen, u8 *em, size_t k)
{
	if (tlen + 11 > k)
		return -EINVAL;
	em[0] = 0;
	em[1] = 1;
	memset(em + 2, 0xff, k - tlen - 3);
	em[k - tlen - 1] = 0;
	memcpy(em + k - tlen, t, tlen);
	return 0;
}

/**
 * khsm_rsa_pkcs1_sign_raw() - sign a caller-built DigestInfo (CKM_RSA_PKCS)
 * @key: private key
 * @t: the DigestInfo (or any string up to k - 11 bytes)
 * @tlen: bytes of @t
 * @sig: receives @key->len bytes
 *
 * Return: 0, -EINVAL if @t is too long for the key, or an error of
 * khsm_rsa_private() (-EFAULT on a detected fault).
 */
int khsm_rsa_pkcs1_sign_raw(const struct khsm_rsa_key *key, const u8 *t,
			    size_t tlen, u8 *sig)
{
	u8 *em;
	int ret;

	if (!key->priv)
		return -EINVAL;
	em = khsm_crypto_alloc(key->len);
	if (!em)
		return -ENOMEM;
	ret = emsa_pad(t, tlen, em, key->len);
	if (!ret)
		ret = khsm_rsa_private(key, em, key->len, sig);
	khsm_crypto_free(em, key->len);
	return ret;
}

/**
 * khsm_rsa_pkcs1_sign() - RSASSA-PKCS1-v1_5 signature of a digest
 * @key: private key
 * @alg: hash function that produced @digest
 * @digest: the message digest
 * @dlen: bytes of @digest
 * @sig: receives @key->len bytes
 *
 * Return: 0, -EINVAL for a bad hash or digest length, or an error of
 * khsm_rsa_private().
 */
int khsm_rsa_pkcs1_sign(const struct khsm_rsa_key *key, enum khsm_hash_alg alg,
			const u8 *digest, size_t dlen, u8 *sig)
{
	u8 t[PREFIX_LEN + KHSM_HASH_MAX_LEN];
	size_t tlen;
	int ret;

	ret = khsm_emsa_pkcs1_encode(alg, digest, dlen, t, &tlen);
	if (!ret)
		ret = khsm_rsa_pkcs1_sign_raw(key, t, tlen, sig);
	return ret;
}

/**
 * khsm_rsa_pkcs1_verify_raw() - verify a signature over a given DigestInfo
 * @key: public key
 * @t: the expected DigestInfo
 * @tlen: bytes of @t
 * @sig: the signature
 * @siglen: bytes of @sig, must be @key->len
 *
 * Return: 0 if valid, -EBADMSG if not, -ENOMEM.
 */
int khsm_rsa_pkcs1_verify_raw(const struct khsm_rsa_key *key, const u8 *t,
			      size_t tlen, const u8 *sig, size_t siglen)
{
	size_t k = key->len;
	u8 *em;
	int ret;

	if (!k || siglen != k)
		return -EBADMSG;
	em = khsm_crypto_alloc(2 * k);
	if (!em)
		return -ENOMEM;
	ret = khsm_rsa_public(key, sig, siglen, em);
	if (ret == -EINVAL)
		ret = -EBADMSG;
	if (!ret && emsa_pad(t, tlen, em + k, k))
		ret = -EBADMSG;
	if (!ret && !khsm_ct_memeq(em, em + k, k))
		ret = -EBADMSG;
	khsm_crypto_free(em, 2 * k);
	return ret;
}

/**
 * khsm_rsa_pkcs1_verify() - verify an RSASSA-PKCS1-v1_5 signature
 * @key: public key
 * @alg: hash function that produced @digest
 * @digest: the message digest
 * @dlen: bytes of @digest
 * @sig: the signature
 * @siglen: bytes of @sig
 *
 * Return: 0 if valid, -EBADMSG if not, -EINVAL for a bad hash or digest
 * length, -ENOMEM.
 */
int khsm_rsa_pkcs1_verify(const struct khsm_rsa_key *key,
			  enum khsm_hash_alg alg, const u8 *digest, size_t dlen,
			  const u8 *sig, size_t siglen)
{
	u8 t[PREFIX_LEN + KHSM_HASH_MAX_LEN];
	size_t tlen;
	int ret;

	ret = khsm_emsa_pkcs1_encode(alg, digest, dlen, t, &tlen);
	if (!ret)
		ret = khsm_rsa_pkcs1_verify_raw(key, t, tlen, sig, siglen);
	return ret;
}

/**
 * khsm_rsa_pkcs1_encrypt() - RSAES-PKCS1-v1_5 encryption
 * @key: public key
 * @msg: the message, at most @key->len - 11 bytes
 * @mlen: bytes of @msg
 * @out: receives @key->len bytes
 *
 * Return: 0, -EINVAL if @msg is too long, -ENOMEM, or the random source's
 * error.
 */
int khsm_rsa_pkcs1_encrypt(const struct khsm_rsa_key *key, const u8 *msg,
			   size_t mlen, u8 *out)
{
	size_t k = key->len, ps, i;
	u8 *em;
	int ret;

	if (!k || mlen + 11 > k)
		return -EINVAL;
	em = khsm_crypto_alloc(k);
	if (!em)
		return -ENOMEM;
	ps = k - mlen - 3;
	ret = khsm_crypto_random(em + 2, ps);
	/*
	 * PS must be non-zero: redraw the zero bytes. That a discarded byte
	 * was zero says nothing about the byte that replaces it.
	 */
	for (i = 0; !ret && i < ps; i++)
		while (!ret && khsm_ct_public(khsm_ct_zero(em[2 + i])))
			ret = khsm_crypto_random(em + 2 + i, 1);
	if (!ret) {
		em[0] = 0;
		em[1] = 2;
		em[2 + ps] = 0;
		memcpy(em + 3 + ps, msg, mlen);
		ret = khsm_rsa_public(key, em, k, out);
	}
	khsm_crypto_free(em, k);
	return ret;
}

/**
 * khsm_eme_pkcs1_decode() - constant-time EME-PKCS1-v1_5 decoding
 * @em: the decrypted block, @k bytes
 * @k: length of the modulus in bytes, at least 11
 * @out: receives the message
 * @outlen: in: capacity of @out, at least @k - 11; out: message length
 *
 * Return: 0, -EBADMSG for any malformed block (@out is then zeroed), or
 * -EINVAL for a too small @out or @k.
 */
int khsm_eme_pkcs1_decode(const u8 *em, size_t k, u8 *out, size_t *outlen)
{
	u64 good, found = 0, idx = 0;
	size_t i;

	if (k < 11 || *outlen < k - 11)
		return -EINVAL;
	good = khsm_ct_zero(em[0]) & khsm_ct_eq(em[1], 2);
	for (i = 2; i < k; i++) {
		u64 first = ~found & khsm_ct_zero(em[i]);

		idx |= i & first;
		found |= first;
	}
	/* The zero separator must follow at least 8 bytes of padding. */
	good &= found & ~khsm_ct_lt(idx, 10);
	idx = (idx & good) | (10 & ~good);
	khsm_ct_extract(out, em, k, idx + 1, 11);
	for (i = 0; i < k - 11; i++)
		out[i] &= (u8)good;
	/* Only the verdict becomes public, after all the work is done. */
	if (!khsm_ct_public(good)) {
		*outlen = 0;
		return -EBADMSG;
	}
	*outlen = k - 1 - idx;
	return 0;
}

/**
 * khsm_rsa_pkcs1_decrypt() - RSAES-PKCS1-v1_5 decryption
 * @key: private key
 * @in: the ciphertext
 * @inlen: bytes of @in, must be @key->len
 * @out: receives the message
 * @outlen: in: capacity of @out, at least @key->len - 11; out: its length
 *
 * Return: 0, -EBADMSG for any invalid ciphertext, -EINVAL for a too small
 * @out, or an error of khsm_rsa_private() (-EFAULT, -ENOMEM, ...).
 */
int khsm_rsa_pkcs1_decrypt(const struct khsm_rsa_key *key, const u8 *in,
			   size_t inlen, u8 *out, size_t *outlen)
{
	size_t k = key->len;
	u8 *em;
	int ret;

	if (!key->priv || *outlen < k - 11)
		return -EINVAL;
	if (inlen != k)
		return -EBADMSG;
	em = khsm_crypto_alloc(k);
	if (!em)
		return -ENOMEM;
	ret = khsm_rsa_private(key, in, inlen, em);
	if (ret == -EINVAL)
		ret = -EBADMSG;
	if (!ret)
		ret = khsm_eme_pkcs1_decode(em, k, out, outlen);
	khsm_crypto_free(em, k);
	return ret;
}
