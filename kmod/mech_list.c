// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_MECH_LIST: what the module can do, for C_GetMechanismList, read
 * from the same tables the requests use, so the list cannot claim a
 * mechanism that is not there.
 */
#include <linux/bitops.h>
#include <linux/bsearch.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "dispatch.h"
#include "mech.h"
#include "limits.h"
#include "mech_list.h"

/* Mechanisms of the requests other than KHSM_IOC_CRYPT. */
static const struct khsm_mech_info khsm_extra_mechs[] = {
	{ KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, KHSM_MECHF_GENERATE_KEY_PAIR, 2048,
	  4096 },
	{ KHSM_MECH_RSA_PKCS_OAEP, KHSM_MECHF_WRAP | KHSM_MECHF_UNWRAP, 2048,
	  4096 },
	{ KHSM_MECH_GENERIC_SECRET_KEY_GEN, KHSM_MECHF_GENERATE, 1,
	  KHSM_MAX_SECRET_LEN },
	{ KHSM_MECH_EC_KEY_PAIR_GEN, KHSM_MECHF_GENERATE_KEY_PAIR, 256, 384 },
	{ KHSM_MECH_ECDH1_DERIVE, KHSM_MECHF_DERIVE, 256, 384 },
	{ KHSM_MECH_RSA_AES_KEY_WRAP, KHSM_MECHF_WRAP | KHSM_MECHF_UNWRAP, 2048,
	  4096 },
	{ KHSM_MECH_AES_KEY_GEN, KHSM_MECHF_GENERATE, 16, 32 },
	{ KHSM_MECH_AES_CBC_PAD, KHSM_MECHF_WRAP | KHSM_MECHF_UNWRAP, 16, 32 },
	{ KHSM_MECH_AES_KEY_WRAP, KHSM_MECHF_WRAP | KHSM_MECHF_UNWRAP, 16, 32 },
	{ KHSM_MECH_AES_KEY_WRAP_KWP, KHSM_MECHF_WRAP | KHSM_MECHF_UNWRAP, 16,
	  32 },
};

static const u64 khsm_op_flags[] = {
	[KHSM_OP_ENCRYPT] = KHSM_MECHF_ENCRYPT,
	[KHSM_OP_DECRYPT] = KHSM_MECHF_DECRYPT,
	[KHSM_OP_SIGN] = KHSM_MECHF_SIGN,
	[KHSM_OP_VERIFY] = KHSM_MECHF_VERIFY,
	[KHSM_OP_SIGN_RECOVER] = KHSM_MECHF_SIGN_RECOVER,
	[KHSM_OP_VERIFY_RECOVER] = KHSM_MECHF_VERIFY_RECOVER,
};

static void khsm_key_range(u64 key_type, u32 *min, u32 *max)
{
	switch (key_type) {
	case KHSM_KEY_RSA:
		*min = 2048;
		*max = 4096;
		break;
	case KHSM_KEY_EC:
		*min = 256;
		*max = 384;
		break;
	case KHSM_KEY_AES:
		*min = 16;
		*max = 32;
		break;
	default:
		*min = 1;
		*max = KHSM_MAX_SECRET_LEN;
	}
}

static int khsm_info_cmp(const void *a, const void *b)
{
	const struct khsm_mech_info *x = a, *y = b;

	return x->mech < y->mech ? -1 : x->mech > y->mech;
}

/* The whole list, sorted; *n entries in a kmalloc'ed array. */
static struct khsm_mech_info *khsm_mech_infos(u32 *n)
{
	const struct khsm_mech *m;
	struct khsm_mech_info *out, *hit;
	u32 i, op, rows = 0;

	for (i = 0; khsm_mech_at(i); i++)
		rows++;
	out = kcalloc(rows + ARRAY_SIZE(khsm_extra_mechs), sizeof(*out),
		      GFP_KERNEL);
	if (!out)
		return NULL;
	for (i = 0; i < rows; i++) {
		m = khsm_mech_at(i);
		out[i].mech = m->mech;
		for (op = KHSM_OP_ENCRYPT; op <= KHSM_OP_COUNT; op++)
			if (m->ops & BIT(op))
				out[i].flags |= khsm_op_flags[op];
		khsm_key_range(m->key_type, &out[i].min_key, &out[i].max_key);
	}
	*n = rows;
	for (i = 0; i < ARRAY_SIZE(khsm_extra_mechs); i++) {
		hit = bsearch(&khsm_extra_mechs[i], out, rows, sizeof(*out),
			      khsm_info_cmp);
		if (hit)
			hit->flags |= khsm_extra_mechs[i].flags;
		else
			out[(*n)++] = khsm_extra_mechs[i];
	}
	sort(out, *n, sizeof(*out), khsm_info_cmp, NULL);
	return out;
}

/**
 * khsm_mech_list() - KHSM_IOC_MECH_LIST
 * @file: the caller's file (no session needed)
 * @req: struct khsm_mech_list
 *
 * Return: 0, KHSM_RET_SHORT_BUFFER with the count, -EINVAL, -EFAULT,
 * -ENOMEM.
 */
int khsm_mech_list(struct file *file, void *req)
{
	struct khsm_mech_list *r = req;
	struct khsm_mech_info *infos;
	u32 n, copy;
	int ret = 0;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!r->mechs && r->capacity)
		return -EINVAL;
	infos = khsm_mech_infos(&n);
	if (!infos)
		return -ENOMEM;
	copy = min(n, r->capacity);
	if (r->mechs && copy &&
	    copy_to_user(u64_to_user_ptr(r->mechs), infos,
			 array_size(copy, sizeof(*infos))))
		ret = -EFAULT;
	else if (r->mechs && n > r->capacity)
		ret = KHSM_RET_SHORT_BUFFER;
	r->count = n;
	kfree(infos);
	return ret;
}
