// SPDX-License-Identifier: GPL-2.0
/*
 * MACs through the kernel crypto API: HMAC-SHA-256/384/512 and AES-CMAC.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/slab.h>

#include "limits.h"
#include "mech.h"

static unsigned int khsm_mac_len(const struct khsm_mech *m)
{
	switch (m->mech) {
	case KHSM_MECH_SHA256_HMAC:
		return 32;
	case KHSM_MECH_SHA384_HMAC:
		return 48;
	case KHSM_MECH_SHA512_HMAC:
		return 64;
	default:
		return 16;
	}
}

/**
 * khsm_mac_max_out() - check and size a MAC operation
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the MAC length; -EBADR for a parameter; -EOVERFLOW for a MAC to
 * verify of the wrong length (CKR_SIGNATURE_LEN_RANGE).
 */
ssize_t khsm_mac_max_out(const struct khsm_mech *m,
			 const struct khsm_mech_op *op)
{
	if (op->param_len)
		return -EBADR;
	if (op->op == KHSM_OP_VERIFY && op->sig_len != khsm_mac_len(m))
		return -EOVERFLOW;
	return op->op == KHSM_OP_SIGN ? khsm_mac_len(m) : 0;
}

/**
 * khsm_mac_run() - compute, or verify in constant time, a MAC
 * @m: the mechanism
 * @op: the operation, checked by khsm_mac_max_out()
 *
 * Return: 0, -EBADMSG for a MAC that does not verify, -ENOEXEC for a key
 * the algorithm refuses, or a crypto API error.
 */
int khsm_mac_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	u8 mac[HASH_MAX_DIGESTSIZE];
	struct crypto_shash *tfm;
	int ret;

	tfm = crypto_alloc_shash(m->alg, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm) == -ENOENT ? -EOPNOTSUPP : PTR_ERR(tfm);
	ret = crypto_shash_setkey(tfm, op->key, op->key_len);
	if (ret) {
		ret = -ENOEXEC;
		goto out_free_tfm;
	}
	ret = crypto_shash_tfm_digest(tfm, op->in, op->in_len, mac);
	if (ret)
		goto out_free_tfm;
	if (op->op == KHSM_OP_SIGN) {
		memcpy(op->out, mac, khsm_mac_len(m));
		op->out_len = khsm_mac_len(m);
	} else {
		op->out_len = 0;
		if (crypto_memneq(mac, op->sig, khsm_mac_len(m)))
			ret = -EBADMSG;
	}
out_free_tfm:
	memzero_explicit(mac, sizeof(mac));
	crypto_free_shash(tfm);
	return ret;
}
