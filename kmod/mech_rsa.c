// SPDX-License-Identifier: GPL-2.0
/*
 * RSA mechanisms: PKCS #1 v1.5 and PSS signatures (raw or hashing in the
 * kernel), PKCS #1 v1.5 and OAEP encryption, raw RSA, and signatures with
 * message recovery (RSA_PKCS, RSA_X_509), all through the arithmetic core
 * on the key object's parsed form.
 */
#include <linux/kernel.h>

#include "crypto/rsa.h"
#include "limits.h"
#include "mech.h"
#include "object.h"

/* PKCS #1 v1.5 padding takes at least 11 bytes of the block. */
#define KHSM_PKCS1_OVERHEAD 11

/**
 * khsm_mech_hash() - the hash a mechanism (or a PSS/OAEP parameter) names
 * @mech: a hash mechanism, or a mechanism that hashes its input
 * @alg: receives the hash
 *
 * Return: 0, or -EOPNOTSUPP if @mech names no hash.
 */
int khsm_mech_hash(u64 mech, enum khsm_hash_alg *alg)
{
	switch (mech) {
	case KHSM_MECH_SHA_1:
	case KHSM_MECH_SHA1_RSA_PKCS:
	case KHSM_MECH_SHA1_RSA_PKCS_PSS:
	case KHSM_MECH_ECDSA_SHA1:
		*alg = KHSM_HASH_SHA1;
		return 0;
	case KHSM_MECH_SHA224:
	case KHSM_MECH_SHA224_RSA_PKCS:
	case KHSM_MECH_SHA224_RSA_PKCS_PSS:
	case KHSM_MECH_ECDSA_SHA224:
		*alg = KHSM_HASH_SHA224;
		return 0;
	case KHSM_MECH_SHA256:
	case KHSM_MECH_SHA256_RSA_PKCS:
	case KHSM_MECH_SHA256_RSA_PKCS_PSS:
	case KHSM_MECH_ECDSA_SHA256:
		*alg = KHSM_HASH_SHA256;
		return 0;
	case KHSM_MECH_SHA384:
	case KHSM_MECH_SHA384_RSA_PKCS:
	case KHSM_MECH_SHA384_RSA_PKCS_PSS:
	case KHSM_MECH_ECDSA_SHA384:
		*alg = KHSM_HASH_SHA384;
		return 0;
	case KHSM_MECH_SHA512:
	case KHSM_MECH_SHA512_RSA_PKCS:
	case KHSM_MECH_SHA512_RSA_PKCS_PSS:
	case KHSM_MECH_ECDSA_SHA512:
		*alg = KHSM_HASH_SHA512;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int khsm_mgf_hash(u64 mgf, enum khsm_hash_alg *alg)
{
	static const enum khsm_hash_alg mgfs[] = {
		[KHSM_MGF1_SHA1] = KHSM_HASH_SHA1,
		[KHSM_MGF1_SHA256] = KHSM_HASH_SHA256,
		[KHSM_MGF1_SHA384] = KHSM_HASH_SHA384,
		[KHSM_MGF1_SHA512] = KHSM_HASH_SHA512,
		[KHSM_MGF1_SHA224] = KHSM_HASH_SHA224,
	};

	if (mgf < KHSM_MGF1_SHA1 || mgf >= ARRAY_SIZE(mgfs))
		return -EBADR;
	*alg = mgfs[mgf];
	return 0;
}

static bool khsm_rsa_is_pss(u64 mech)
{
	switch (mech) {
	case KHSM_MECH_RSA_PKCS_PSS:
	case KHSM_MECH_SHA1_RSA_PKCS_PSS:
	case KHSM_MECH_SHA224_RSA_PKCS_PSS:
	case KHSM_MECH_SHA256_RSA_PKCS_PSS:
	case KHSM_MECH_SHA384_RSA_PKCS_PSS:
	case KHSM_MECH_SHA512_RSA_PKCS_PSS:
		return true;
	default:
		return false;
	}
}

/* A PSS parameter: hash, MGF and a salt that fits a key of @k bytes. */
static int khsm_pss_params(const struct khsm_mech *m,
			   const struct khsm_mech_op *op, u32 k,
			   enum khsm_hash_alg *halg, enum khsm_hash_alg *mgf,
			   size_t *slen)
{
	const struct khsm_pss_params *p = (const void *)op->param;
	enum khsm_hash_alg mech_alg;

	if (op->param_len != sizeof(*p))
		return -EBADR;
	if (khsm_mech_hash(p->hash_mech, halg) || khsm_mgf_hash(p->mgf, mgf))
		return -EBADR;
	/* A hashing mechanism must be given the hash it uses. */
	if (m->mech != KHSM_MECH_RSA_PKCS_PSS &&
	    (khsm_mech_hash(m->mech, &mech_alg) || mech_alg != *halg))
		return -EBADR;
	if (p->salt_len + khsm_hash_len(*halg) + 2 > k)
		return -EBADR;
	*slen = p->salt_len;
	return 0;
}

static int khsm_oaep_params(const struct khsm_mech_op *op,
			    enum khsm_hash_alg *halg, enum khsm_hash_alg *mgf)
{
	const struct khsm_oaep_params *p = (const void *)op->param;

	if (op->param_len != sizeof(*p))
		return -EBADR;
	if (khsm_mech_hash(p->hash_mech, halg) || khsm_mgf_hash(p->mgf, mgf))
		return -EBADR;
	/* The label comes in @aad; CKZ_DATA_SPECIFIED is 1. */
	if (p->source > 1 || p->source_data || p->source_data_len)
		return -EBADR;
	if (!p->source && op->aad_len)
		return -EBADR;
	return 0;
}

/* Check and size C_SignRecover and C_VerifyRecover (RSA_PKCS, X_509). */
static ssize_t khsm_rsa_recover_max_out(const struct khsm_mech *m,
					const struct khsm_mech_op *op, u32 k)
{
	bool pkcs = m->mech == KHSM_MECH_RSA_PKCS;

	if (op->param_len)
		return -EBADR;
	if (op->op == KHSM_OP_SIGN_RECOVER) {
		if (op->in_len + (pkcs ? KHSM_PKCS1_OVERHEAD : 0) > k)
			return -EMSGSIZE;
		return k;
	}
	/* The input is the signature; the data is at most what it holds. */
	if (op->in_len != k)
		return -EOVERFLOW;
	return pkcs ? k - KHSM_PKCS1_OVERHEAD : k;
}

/**
 * khsm_rsa_max_out() - check and size an RSA operation
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the modulus length (the most any RSA operation writes; less for
 * a PKCS #1 verify-recover), or -EBADR, -EMSGSIZE (input), -EOVERFLOW
 * (signature length).
 */
ssize_t khsm_rsa_max_out(const struct khsm_mech *m,
			 const struct khsm_mech_op *op)
{
	const struct khsm_rsa_key *key = op->obj->rsa;
	enum khsm_hash_alg halg, mgf;
	u32 k = key->len;
	size_t slen;
	int ret;

	if (op->op == KHSM_OP_SIGN_RECOVER || op->op == KHSM_OP_VERIFY_RECOVER)
		return khsm_rsa_recover_max_out(m, op, k);
	if (khsm_rsa_is_pss(m->mech)) {
		ret = khsm_pss_params(m, op, k, &halg, &mgf, &slen);
		if (ret)
			return ret;
		if (m->mech == KHSM_MECH_RSA_PKCS_PSS &&
		    op->in_len != khsm_hash_len(halg))
			return -EMSGSIZE;
	} else if (m->mech == KHSM_MECH_RSA_PKCS_OAEP) {
		ret = khsm_oaep_params(op, &halg, &mgf);
		if (ret)
			return ret;
		if (op->op == KHSM_OP_ENCRYPT &&
		    op->in_len + 2 * khsm_hash_len(halg) + 2 > k)
			return -EMSGSIZE;
	} else if (op->param_len) {
		return -EBADR;
	}

	switch (m->mech) {
	case KHSM_MECH_RSA_PKCS:
		if ((op->op == KHSM_OP_SIGN || op->op == KHSM_OP_ENCRYPT ||
		     op->op == KHSM_OP_VERIFY) &&
		    op->in_len + KHSM_PKCS1_OVERHEAD > k)
			return -EMSGSIZE;
		break;
	case KHSM_MECH_RSA_X_509:
		if (op->op != KHSM_OP_DECRYPT && op->in_len > k)
			return -EMSGSIZE;
		break;
	default:
		break;
	}
	if (op->op == KHSM_OP_DECRYPT && op->in_len != k)
		return -EMSGSIZE;
	if (op->op == KHSM_OP_VERIFY && op->sig_len != k)
		return -EOVERFLOW;
	return k;
}

/* The digest a signature covers: the input, or its hash. */
static int khsm_rsa_digest(const struct khsm_mech *m,
			   const struct khsm_mech_op *op, u8 *buf,
			   const u8 **digest, size_t *len)
{
	struct khsm_buf part = { op->in, op->in_len };
	enum khsm_hash_alg alg;
	int ret;

	if (op->prehashed || m->mech == KHSM_MECH_RSA_PKCS ||
	    m->mech == KHSM_MECH_RSA_X_509 ||
	    m->mech == KHSM_MECH_RSA_PKCS_PSS) {
		*digest = op->in;
		*len = op->in_len;
		return 0;
	}
	ret = khsm_mech_hash(m->mech, &alg);
	if (ret)
		return ret;
	ret = khsm_crypto_hash(alg, &part, 1, buf);
	*digest = buf;
	*len = khsm_hash_len(alg);
	return ret;
}

/* RSA_X_509 input: shorter than the modulus means leading zeros. */
static void khsm_rsa_left_pad(const u8 *in, size_t len, u8 *out, u32 k)
{
	memset(out, 0, k - len);
	memcpy(out + k - len, in, len);
}

static int khsm_rsa_sign(const struct khsm_mech *m, struct khsm_mech_op *op,
			 const u8 *digest, size_t dlen)
{
	const struct khsm_rsa_key *key = op->obj->rsa;
	enum khsm_hash_alg halg, mgf;
	size_t slen;
	int ret;

	op->out_len = key->len;
	if (khsm_rsa_is_pss(m->mech)) {
		ret = khsm_pss_params(m, op, key->len, &halg, &mgf, &slen);
		return ret   ?:
			       khsm_rsa_pss_sign(key, halg, mgf, slen, digest,
						 dlen, op->out);
	}
	if (m->mech == KHSM_MECH_RSA_X_509) {
		khsm_rsa_left_pad(digest, dlen, op->out, key->len);
		return khsm_rsa_private(key, op->out, key->len, op->out);
	}
	if (m->mech == KHSM_MECH_RSA_PKCS)
		return khsm_rsa_pkcs1_sign_raw(key, digest, dlen, op->out);
	ret = khsm_mech_hash(m->mech, &halg);
	return ret ?: khsm_rsa_pkcs1_sign(key, halg, digest, dlen, op->out);
}

static int khsm_rsa_verify(const struct khsm_mech *m, struct khsm_mech_op *op,
			   const u8 *digest, size_t dlen)
{
	const struct khsm_rsa_key *key = op->obj->rsa;
	enum khsm_hash_alg halg, mgf;
	size_t slen;
	int ret;

	if (khsm_rsa_is_pss(m->mech)) {
		ret = khsm_pss_params(m, op, key->len, &halg, &mgf, &slen);
		return ret   ?:
			       khsm_rsa_pss_verify(key, halg, mgf, slen, digest,
						   dlen, op->sig, op->sig_len);
	}
	if (m->mech == KHSM_MECH_RSA_X_509) {
		/* The recovered block is the input with leading zeros. */
		ret = khsm_rsa_public(key, op->sig, op->sig_len, op->out);
		if (ret)
			return ret == -EINVAL ? -EBADMSG : ret;
		if (memchr_inv(op->out, 0, key->len - dlen) ||
		    memcmp(op->out + key->len - dlen, digest, dlen))
			return -EBADMSG;
		return 0;
	}
	if (m->mech == KHSM_MECH_RSA_PKCS)
		return khsm_rsa_pkcs1_verify_raw(key, digest, dlen, op->sig,
						 op->sig_len);
	ret = khsm_mech_hash(m->mech, &halg);
	return ret   ?:
		       khsm_rsa_pkcs1_verify(key, halg, digest, dlen, op->sig,
					     op->sig_len);
}

static int khsm_rsa_crypt(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	const struct khsm_rsa_key *key = op->obj->rsa;
	enum khsm_hash_alg halg, mgf;
	size_t out_len = key->len;
	int ret = 0;

	if (m->mech == KHSM_MECH_RSA_PKCS_OAEP)
		ret = khsm_oaep_params(op, &halg, &mgf);
	if (ret)
		return ret;

	if (op->op == KHSM_OP_ENCRYPT) {
		op->out_len = key->len;
		switch (m->mech) {
		case KHSM_MECH_RSA_PKCS_OAEP:
			return khsm_rsa_oaep_encrypt(key, halg, mgf, op->aad,
						     op->aad_len, op->in,
						     op->in_len, op->out);
		case KHSM_MECH_RSA_PKCS:
			return khsm_rsa_pkcs1_encrypt(key, op->in, op->in_len,
						      op->out);
		default:
			khsm_rsa_left_pad(op->in, op->in_len, op->out,
					  key->len);
			return khsm_rsa_public(key, op->out, key->len, op->out);
		}
	}

	switch (m->mech) {
	case KHSM_MECH_RSA_PKCS_OAEP:
		ret = khsm_rsa_oaep_decrypt(key, halg, mgf, op->aad,
					    op->aad_len, op->in, op->in_len,
					    op->out, &out_len);
		break;
	case KHSM_MECH_RSA_PKCS:
		ret = khsm_rsa_pkcs1_decrypt(key, op->in, op->in_len, op->out,
					     &out_len);
		break;
	default:
		ret = khsm_rsa_private(key, op->in, op->in_len, op->out);
		break;
	}
	op->out_len = ret ? 0 : out_len;
	return ret;
}

/*
 * The data of a PKCS #1 type 1 block 00 01 FF..FF 00 data, with at least
 * eight FF bytes: its offset in @em, or -EBADMSG for any other block. The
 * block is public (anyone can apply the public key), so the scan need not
 * be constant-time.
 */
static int khsm_pkcs1_type1_data(const u8 *em, u32 k)
{
	u32 i = 2;

	if (k < KHSM_PKCS1_OVERHEAD || em[0] != 0x00 || em[1] != 0x01)
		return -EBADMSG;
	while (i < k && em[i] == 0xff)
		i++;
	if (i == k || em[i] != 0x00 || i - 2 < 8)
		return -EBADMSG;
	return i + 1;
}

/* C_VerifyRecover: the public operation, then the data in the block. */
static int khsm_rsa_verify_recover(const struct khsm_mech *m,
				   struct khsm_mech_op *op)
{
	const struct khsm_rsa_key *key = op->obj->rsa;
	u32 k = key->len;
	u8 *em;
	int ret, off = 0;

	op->out_len = 0;
	em = khsm_crypto_alloc(k);
	if (!em)
		return -ENOMEM;
	ret = khsm_rsa_public(key, op->in, op->in_len, em);
	/* A signature not below the modulus is simply a wrong one. */
	if (ret == -EINVAL)
		ret = -EBADMSG;
	if (!ret && m->mech == KHSM_MECH_RSA_PKCS) {
		off = khsm_pkcs1_type1_data(em, k);
		ret = off < 0 ? off : 0;
	}
	if (!ret) {
		op->out_len = k - off;
		memcpy(op->out, em + off, op->out_len);
	}
	khsm_crypto_free(em, k);
	return ret;
}

/**
 * khsm_rsa_run() - an RSA operation checked by khsm_rsa_max_out()
 * @m: the mechanism
 * @op: the operation; @op->out has room for the modulus
 *
 * Return: 0; -EBADMSG for a signature that does not verify or a
 * ciphertext that does not decrypt; -EMSGSIZE for an input the key cannot
 * take (e.g. not below the modulus); -EIO if the core detected a fault.
 */
int khsm_rsa_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	u8 digest[KHSM_HASH_MAX_LEN];
	const u8 *d;
	size_t dlen;
	int ret = 0;

	if (op->op == KHSM_OP_SIGN_RECOVER) {
		/* The same block as a signature over raw data, to recover. */
		ret = khsm_rsa_sign(m, op, op->in, op->in_len);
	} else if (op->op == KHSM_OP_VERIFY_RECOVER) {
		ret = khsm_rsa_verify_recover(m, op);
	} else if (op->op == KHSM_OP_SIGN || op->op == KHSM_OP_VERIFY) {
		ret = khsm_rsa_digest(m, op, digest, &d, &dlen);
		if (!ret && op->op == KHSM_OP_SIGN)
			ret = khsm_rsa_sign(m, op, d, dlen);
		else if (!ret)
			ret = khsm_rsa_verify(m, op, d, dlen);
		memzero_explicit(digest, sizeof(digest));
	} else {
		ret = khsm_rsa_crypt(m, op);
	}
	if (ret == -EINVAL)
		return -EMSGSIZE;
	if (ret == -EFAULT)
		return -EIO;
	return ret;
}
