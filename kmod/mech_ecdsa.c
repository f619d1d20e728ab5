// SPDX-License-Identifier: GPL-2.0
/*
 * ECDSA on P-256 and P-384 through the arithmetic core: CKM_ECDSA signs a
 * hash the caller made, CKM_ECDSA_SHA* hash the message in the kernel.
 * Signatures are r||s as PKCS#11 defines them.
 */
#include "crypto/ec.h"
#include "mech.h"
#include "object.h"

/**
 * khsm_ecdsa_max_out() - check and size an ECDSA operation
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the signature length; -EBADR for a parameter; -EMSGSIZE for an
 * empty hash; -EOVERFLOW for a signature of the wrong length.
 */
ssize_t khsm_ecdsa_max_out(const struct khsm_mech *m,
			   const struct khsm_mech_op *op)
{
	size_t sig_len = 2 * khsm_ec_bytes(op->obj->curve);

	if (op->param_len)
		return -EBADR;
	if (m->mech == KHSM_MECH_ECDSA && !op->in_len)
		return -EMSGSIZE;
	if (op->op == KHSM_OP_VERIFY && op->sig_len != sig_len)
		return -EOVERFLOW;
	return sig_len;
}

/**
 * khsm_ecdsa_run() - an ECDSA signature or verification
 * @m: the mechanism
 * @op: the operation, checked by khsm_ecdsa_max_out()
 *
 * Return: 0, -EBADMSG for a signature that does not verify, -EIO if the
 * core detected a fault, or the DRBG's error.
 */
int khsm_ecdsa_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	const struct khsm_object *obj = op->obj;
	struct khsm_buf part = { op->in, op->in_len };
	u8 digest[KHSM_HASH_MAX_LEN];
	const u8 *d = op->in;
	size_t dlen = op->in_len;
	enum khsm_hash_alg alg;
	int ret = 0;

	if (m->mech != KHSM_MECH_ECDSA && !op->prehashed) {
		ret = khsm_mech_hash(m->mech, &alg);
		if (!ret)
			ret = khsm_crypto_hash(alg, &part, 1, digest);
		if (ret)
			return ret;
		d = digest;
		dlen = khsm_hash_len(alg);
	}
	if (op->op == KHSM_OP_SIGN) {
		ret = khsm_ecdsa_sign(obj->curve, op->key, d, dlen, op->out);
		op->out_len = ret ? 0 : 2 * khsm_ec_bytes(obj->curve);
	} else {
		ret = khsm_ecdsa_verify(obj->curve, obj->ec_pub,
					obj->ec_pub_len, d, dlen, op->sig,
					op->sig_len);
	}
	memzero_explicit(digest, sizeof(digest));
	if (ret == -EFAULT)
		return -EIO;
	return ret;
}
