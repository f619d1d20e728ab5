/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Elliptic-curve half of khsm's arithmetic core: NIST P-256 and P-384 keys,
 * ECDSA and ECDH, and the encodings PKCS#11 uses for them.
 *
 * Byte strings are big-endian and of fixed width: a private key or a shared
 * secret is khsm_ec_bytes() long, a public key is the uncompressed point
 * 04||X||Y (khsm_ec_point_len() bytes) and a raw signature is r||s
 * (2 * khsm_ec_bytes() bytes), as CKM_ECDSA produces it. Every function that
 * touches a private key or a nonce runs in time independent of them.
 */
#ifndef _KHSM_CRYPTO_EC_H
#define _KHSM_CRYPTO_EC_H

#include "shim.h"

/**
 * enum khsm_ec_curve_id - the named curves the core implements
 * @KHSM_EC_P256: NIST P-256 (prime256v1, secp256r1)
 * @KHSM_EC_P384: NIST P-384 (secp384r1)
 * @KHSM_EC_CURVE_COUNT: number of curves
 */
enum khsm_ec_curve_id {
	KHSM_EC_P256,
	KHSM_EC_P384,
	KHSM_EC_CURVE_COUNT,
};

/* Largest field element, point, signature and DER encodings, in bytes. */
#define KHSM_EC_MAX_BYTES 48
#define KHSM_EC_MAX_POINT (1 + 2 * KHSM_EC_MAX_BYTES)
#define KHSM_EC_MAX_SIG (2 * KHSM_EC_MAX_BYTES)
#define KHSM_EC_MAX_SIG_DER (8 + 2 * (KHSM_EC_MAX_BYTES + 1))
#define KHSM_EC_MAX_POINT_DER (3 + KHSM_EC_MAX_POINT)
#define KHSM_EC_MAX_PARAMS_DER 10

/**
 * khsm_ec_bytes() - width of a field element, scalar or shared secret
 * @curve: the curve
 *
 * Return: 32 for P-256, 48 for P-384, 0 for an unknown curve.
 */
size_t khsm_ec_bytes(enum khsm_ec_curve_id curve);

/**
 * khsm_ec_point_len() - length of an uncompressed point 04||X||Y
 * @curve: the curve
 *
 * Return: 65 for P-256, 97 for P-384, 0 for an unknown curve.
 */
size_t khsm_ec_point_len(enum khsm_ec_curve_id curve);

/**
 * khsm_ec_keygen() - generate a key pair
 * @curve: the curve
 * @priv: receives the private scalar, in [1, n-1]
 * @pub: receives the public point 04||X||Y
 *
 * Return: 0, -EINVAL for an unknown curve, the DRBG's -errno if it failed,
 * -ENOMEM, or -EFAULT if a computation fault was detected.
 */
int khsm_ec_keygen(enum khsm_ec_curve_id curve, u8 *priv, u8 *pub);

/**
 * khsm_ec_public_from_private() - compute the public point of a private key
 * @curve: the curve
 * @priv: private scalar, khsm_ec_bytes() bytes
 * @pub: receives 04||X||Y
 *
 * Return: 0, -EINVAL if @priv is not in [1, n-1], or -EFAULT.
 */
int khsm_ec_public_from_private(enum khsm_ec_curve_id curve, const u8 *priv,
				u8 *pub);

/**
 * khsm_ec_check_private() - validate a private key being imported
 * @curve: the curve
 * @priv: private scalar, khsm_ec_bytes() bytes
 *
 * Return: 0 if @priv is in [1, n-1], else -EINVAL.
 */
int khsm_ec_check_private(enum khsm_ec_curve_id curve, const u8 *priv);

/**
 * khsm_ec_check_public() - fully validate a public key being imported
 * @curve: the curve
 * @pub: the point, uncompressed 04||X||Y
 * @len: its length
 *
 * Checks the form and length, that X and Y are below p, and that the point
 * is on the curve (hence not the point at infinity, which has no affine
 * form; the cofactor is 1, so any such point has order n).
 *
 * Return: 0 if valid, else -EINVAL.
 */
int khsm_ec_check_public(enum khsm_ec_curve_id curve, const u8 *pub,
			 size_t len);

/**
 * khsm_ecdsa_sign() - ECDSA signature of a hash with a hedged nonce
 * @curve: the curve
 * @priv: private scalar, khsm_ec_bytes() bytes
 * @hash: the message hash (any length; truncated as FIPS 186-5 says)
 * @hash_len: its length
 * @sig: receives r||s, 2 * khsm_ec_bytes() bytes
 *
 * The nonce comes from the RFC 6979 HMAC_DRBG keyed with the private key and
 * the hash, with fresh DRBG bytes as additional input (RFC 6979 section 3.6):
 * a repeated or predictable DRBG output cannot reveal the key, and a
 * deterministic nonce cannot be replayed by faults across calls.
 *
 * Return: 0, -EINVAL for a bad curve or key, the DRBG's -errno, -ENOMEM,
 * or -EFAULT if a computation fault was detected.
 */
int khsm_ecdsa_sign(enum khsm_ec_curve_id curve, const u8 *priv, const u8 *hash,
		    size_t hash_len, u8 *sig);

/**
 * khsm_ecdsa_verify() - verify a raw ECDSA signature r||s of a hash
 * @curve: the curve
 * @pub: public point 04||X||Y
 * @pub_len: its length
 * @hash: the message hash (any length)
 * @hash_len: its length
 * @sig: r||s
 * @sig_len: its length, which must be 2 * khsm_ec_bytes()
 *
 * Return: 0 if the signature is valid, -EBADMSG if not, -EINVAL if the
 * public key is invalid, -ENOMEM.
 */
int khsm_ecdsa_verify(enum khsm_ec_curve_id curve, const u8 *pub,
		      size_t pub_len, const u8 *hash, size_t hash_len,
		      const u8 *sig, size_t sig_len);

/**
 * khsm_ecdh() - ECDH shared secret, the x-coordinate of priv * peer
 * @curve: the curve
 * @priv: private scalar, khsm_ec_bytes() bytes
 * @peer: the peer's public point 04||X||Y, fully validated here
 * @peer_len: its length
 * @shared: receives X, khsm_ec_bytes() bytes
 *
 * Return: 0, -EINVAL for an invalid key or peer point, -ENOMEM, or -EFAULT.
 */
int khsm_ecdh(enum khsm_ec_curve_id curve, const u8 *priv, const u8 *peer,
	      size_t peer_len, u8 *shared);

/**
 * khsm_ec_params_encode() - DER OID of a named curve (CKA_EC_PARAMS)
 * @curve: the curve
 * @out: receives the encoding
 * @cap: room at @out (KHSM_EC_MAX_PARAMS_DER is enough)
 *
 * Return: the length written, or -EINVAL.
 */
int khsm_ec_params_encode(enum khsm_ec_curve_id curve, u8 *out, size_t cap);

/**
 * khsm_ec_params_decode() - recognise CKA_EC_PARAMS
 * @der: the DER encoding; only a namedCurve OID is accepted
 * @len: its length
 * @curve: receives the curve
 *
 * Return: 0, or -EINVAL for anything but the exact OID of a supported curve.
 */
int khsm_ec_params_decode(const u8 *der, size_t len,
			  enum khsm_ec_curve_id *curve);

/**
 * khsm_ec_point_encode() - CKA_EC_POINT, a DER OCTET STRING around 04||X||Y
 * @curve: the curve
 * @pub: the uncompressed point
 * @out: receives the encoding
 * @cap: room at @out (KHSM_EC_MAX_POINT_DER is enough)
 *
 * Return: the length written, or -EINVAL.
 */
int khsm_ec_point_encode(enum khsm_ec_curve_id curve, const u8 *pub, u8 *out,
			 size_t cap);

/**
 * khsm_ec_point_decode() - parse and validate CKA_EC_POINT
 * @curve: the curve
 * @in: a DER OCTET STRING around 04||X||Y, or the bare 04||X||Y
 * @len: its length
 * @pub: receives the validated 04||X||Y
 *
 * Compressed and hybrid points are not supported.
 *
 * Return: 0, or -EINVAL for a malformed encoding or an invalid point.
 */
int khsm_ec_point_decode(enum khsm_ec_curve_id curve, const u8 *in, size_t len,
			 u8 *pub);

/**
 * khsm_ec_spki_decode() - parse an X.509 SubjectPublicKeyInfo of an EC key
 * @der: the DER encoding (id-ecPublicKey with a namedCurve parameter)
 * @len: its length
 * @curve: receives the curve
 * @pub: receives the validated 04||X||Y (KHSM_EC_MAX_POINT bytes of room)
 *
 * Return: 0, or -EINVAL for a malformed encoding, explicit curve
 * parameters, an unsupported curve or an invalid point.
 */
int khsm_ec_spki_decode(const u8 *der, size_t len, enum khsm_ec_curve_id *curve,
			u8 *pub);

/**
 * khsm_ecdsa_sig_to_der() - convert r||s to a DER ECDSA-Sig-Value
 * @curve: the curve
 * @raw: r||s
 * @out: receives the encoding
 * @cap: room at @out (KHSM_EC_MAX_SIG_DER is enough)
 *
 * Return: the length written, or -EINVAL.
 */
int khsm_ecdsa_sig_to_der(enum khsm_ec_curve_id curve, const u8 *raw, u8 *out,
			  size_t cap);

/**
 * khsm_ecdsa_sig_from_der() - convert a strict DER ECDSA-Sig-Value to r||s
 * @curve: the curve
 * @der: the encoding
 * @len: its length
 * @raw: receives r||s
 *
 * Non-minimal lengths or integers, negative integers, values wider than
 * the curve and trailing bytes are rejected.
 *
 * Return: 0, or -EBADMSG for anything but a strict DER encoding.
 */
int khsm_ecdsa_sig_from_der(enum khsm_ec_curve_id curve, const u8 *der,
			    size_t len, u8 *raw);

#endif /* _KHSM_CRYPTO_EC_H */
