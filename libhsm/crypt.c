// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KHSM_IOC_CRYPT: single-part operations and the steps of multi-part ones.
 */
#include <errno.h>

#include "hsm.h"
#include "internal.h"

static int op_ok(uint32_t op)
{
	return op >= KHSM_OP_ENCRYPT && op <= KHSM_OP_COUNT;
}

/* Run @r; on success or -ENOSPC pass the output length back. */
static int run(struct hsm *h, struct khsm_crypt *r, size_t *out_len)
{
	int ret = __hsm_ioctl(h, KHSM_IOC_CRYPT, r);

	if (out_len && (!ret || ret == -ENOSPC))
		*out_len = r->out_len;
	return ret;
}

static int set_mech(struct khsm_crypt *r, uint32_t key,
		    const struct hsm_mech *m)
{
	if (!m || (!m->param && m->param_len) || m->param_len > UINT32_MAX)
		return -EINVAL;
	r->key = key;
	r->mech = m->mech;
	r->param = __hsm_ptr(m->param);
	r->param_len = (uint32_t)m->param_len;
	return 0;
}

__hsm_public int hsm_crypt(struct hsm *h, uint32_t op, uint32_t key,
			   const struct hsm_mech *m, const void *aad,
			   size_t aad_len, const void *in, size_t in_len,
			   void *out, size_t *out_len)
{
	struct khsm_crypt r = { .size = sizeof(r), .op = op };

	if (!h || !op_ok(op) || op == KHSM_OP_VERIFY || !out_len ||
	    (!in && in_len) || (!aad && aad_len) || set_mech(&r, key, m))
		return -EINVAL;
	r.in = __hsm_ptr(in);
	r.in_len = in_len;
	r.aad = __hsm_ptr(aad);
	r.aad_len = aad_len;
	r.out = __hsm_ptr(out);
	r.out_len = out ? *out_len : 0;
	return run(h, &r, out_len);
}

__hsm_public int hsm_verify(struct hsm *h, uint32_t key,
			    const struct hsm_mech *m, const void *in,
			    size_t in_len, const void *sig, size_t sig_len)
{
	struct khsm_crypt r = { .size = sizeof(r), .op = KHSM_OP_VERIFY };

	if (!h || (!in && in_len) || (!sig && sig_len) || set_mech(&r, key, m))
		return -EINVAL;
	r.in = __hsm_ptr(in);
	r.in_len = in_len;
	r.sig = __hsm_ptr(sig);
	r.sig_len = sig_len;
	return run(h, &r, NULL);
}

__hsm_public int hsm_crypt_begin(struct hsm *h, uint32_t op, uint32_t key,
				 const struct hsm_mech *m, const void *aad,
				 size_t aad_len)
{
	struct khsm_crypt r = { .size = sizeof(r),
				.flags = KHSM_CRYPT_BEGIN,
				.op = op };

	if (!h || !op_ok(op) || (!aad && aad_len) || set_mech(&r, key, m))
		return -EINVAL;
	r.aad = __hsm_ptr(aad);
	r.aad_len = aad_len;
	return run(h, &r, NULL);
}

__hsm_public int hsm_crypt_update(struct hsm *h, uint32_t op, const void *in,
				  size_t in_len, void *out, size_t *out_len)
{
	struct khsm_crypt r = { .size = sizeof(r),
				.flags = KHSM_CRYPT_UPDATE,
				.op = op };

	if (!h || !op_ok(op) || (!in && in_len) || (out && !out_len))
		return -EINVAL;
	r.in = __hsm_ptr(in);
	r.in_len = in_len;
	r.out = __hsm_ptr(out);
	r.out_len = out ? *out_len : 0;
	return run(h, &r, out_len);
}

__hsm_public int hsm_crypt_final(struct hsm *h, uint32_t op, void *out,
				 size_t *out_len)
{
	struct khsm_crypt r = { .size = sizeof(r),
				.flags = KHSM_CRYPT_FINAL,
				.op = op };

	if (!h || !op_ok(op) || op == KHSM_OP_VERIFY || !out_len)
		return -EINVAL;
	r.out = __hsm_ptr(out);
	r.out_len = out ? *out_len : 0;
	return run(h, &r, out_len);
}

__hsm_public int hsm_verify_final(struct hsm *h, const void *sig,
				  size_t sig_len)
{
	struct khsm_crypt r = {
		.size = sizeof(r),
		.flags = KHSM_CRYPT_FINAL,
		.op = KHSM_OP_VERIFY,
	};

	if (!h || (!sig && sig_len))
		return -EINVAL;
	r.sig = __hsm_ptr(sig);
	r.sig_len = sig_len;
	return run(h, &r, NULL);
}

__hsm_public int hsm_crypt_cancel(struct hsm *h, uint32_t op)
{
	struct khsm_crypt r = { .size = sizeof(r),
				.flags = KHSM_CRYPT_CANCEL,
				.op = op };

	if (!h || !op_ok(op))
		return -EINVAL;
	return run(h, &r, NULL);
}
