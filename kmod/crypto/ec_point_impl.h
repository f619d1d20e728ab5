/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Point arithmetic of a short Weierstrass curve y^2 = x^3 - 3x + b, written
 * once and instantiated by each curve's file (ec_p256.c, ec_p384.c), which
 * first defines:
 *
 *   FE_LIMBS             limbs of a field element
 *   fe_p, fe_one, fe_b   the prime, R mod p and b * R mod p
 *   fe_mul, fe_sqr, fe_add, fe_sub, fe_inv, fe_to_mont, fe_from_mont
 *                        constant-time arithmetic mod p in Montgomery form
 *   FB_W, FB_WINDOWS, fb_table
 *                        the fixed-base table of the generator (see
 *                        test/gen_ec_table.c for its layout)
 *
 * Points are in homogeneous projective coordinates and are added with the
 * complete formulas of Renes, Costello and Batina (EUROCRYPT 2016, algorithms
 * 4, 5 and 6 for a = -3): they have no exceptional cases, so no secret-
 * dependent branch is needed for doubling, the neutral element or P + (-P).
 * Only the mixed addition excludes an affine operand at infinity, which
 * the fixed-base code never passes (a zero digit's result is discarded).
 */
#ifndef _KHSM_CRYPTO_EC_POINT_IMPL_H
#define _KHSM_CRYPTO_EC_POINT_IMPL_H

#define FB_ENTRIES (1u << (FB_W - 1))
#define FB_STRIDE (2 * FE_LIMBS)
#define VB_W 5
#define VB_ENTRIES (1u << (VB_W - 1))
#define VB_WINDOWS ((FE_LIMBS * 64 + VB_W) / VB_W)
#define NAF_W 5
#define NAF_ODD (1u << (NAF_W - 2))

struct pt {
	u64 x[FE_LIMBS];
	u64 y[FE_LIMBS];
	u64 z[FE_LIMBS];
};

struct pt_affine {
	u64 x[FE_LIMBS];
	u64 y[FE_LIMBS];
};

static void pt_set_infinity(struct pt *r)
{
	memset(r->x, 0, sizeof(r->x));
	memcpy(r->y, fe_one, sizeof(r->y));
	memset(r->z, 0, sizeof(r->z));
}

static void pt_from_affine(struct pt *r, const struct pt_affine *a)
{
	memcpy(r->x, a->x, sizeof(r->x));
	memcpy(r->y, a->y, sizeof(r->y));
	memcpy(r->z, fe_one, sizeof(r->z));
}

static void pt_cmov(struct pt *r, const struct pt *a, u64 mask)
{
	ec_cmov(r->x, a->x, mask, FE_LIMBS);
	ec_cmov(r->y, a->y, mask, FE_LIMBS);
	ec_cmov(r->z, a->z, mask, FE_LIMBS);
}

/* y = -y if @mask is all-ones. */
static void fe_cneg(u64 *y, u64 mask)
{
	static const u64 zero[FE_LIMBS];
	u64 t[FE_LIMBS];

	fe_sub(t, zero, y);
	ec_cmov(y, t, mask, FE_LIMBS);
}

/* RCB algorithm 4: r = p + q, complete. @r may alias @p or @q. */
static void pt_add(struct pt *r, const struct pt *p, const struct pt *q)
{
	u64 t0[FE_LIMBS], t1[FE_LIMBS], t2[FE_LIMBS], t3[FE_LIMBS];
	u64 t4[FE_LIMBS], x3[FE_LIMBS], y3[FE_LIMBS], z3[FE_LIMBS];

	fe_mul(t0, p->x, q->x);
	fe_mul(t1, p->y, q->y);
	fe_mul(t2, p->z, q->z);
	fe_add(t3, p->x, p->y);
	fe_add(t4, q->x, q->y);
	fe_mul(t3, t3, t4);
	fe_add(t4, t0, t1);
	fe_sub(t3, t3, t4);
	fe_add(t4, p->y, p->z);
	fe_add(x3, q->y, q->z);
	fe_mul(t4, t4, x3);
	fe_add(x3, t1, t2);
	fe_sub(t4, t4, x3);
	fe_add(x3, p->x, p->z);
	fe_add(y3, q->x, q->z);
	fe_mul(x3, x3, y3);
	fe_add(y3, t0, t2);
	fe_sub(y3, x3, y3);
	fe_mul(z3, fe_b, t2);
	fe_sub(x3, y3, z3);
	fe_add(z3, x3, x3);
	fe_add(x3, x3, z3);
	fe_sub(z3, t1, x3);
	fe_add(x3, t1, x3);
	fe_mul(y3, fe_b, y3);
	fe_add(t1, t2, t2);
	fe_add(t2, t1, t2);
	fe_sub(y3, y3, t2);
	fe_sub(y3, y3, t0);
	fe_add(t1, y3, y3);
	fe_add(y3, t1, y3);
	fe_add(t1, t0, t0);
	fe_add(t0, t1, t0);
	fe_sub(t0, t0, t2);
	fe_mul(t1, t4, y3);
	fe_mul(t2, t0, y3);
	fe_mul(y3, x3, z3);
	fe_add(r->y, y3, t2);
	fe_mul(x3, t3, x3);
	fe_sub(r->x, x3, t1);
	fe_mul(z3, t4, z3);
	fe_mul(t1, t3, t0);
	fe_add(r->z, z3, t1);
}

/* RCB algorithm 5: r = p + q for an affine q (not infinity). */
static void pt_add_affine(struct pt *r, const struct pt *p,
			  const struct pt_affine *q)
{
	u64 t0[FE_LIMBS], t1[FE_LIMBS], t2[FE_LIMBS], t3[FE_LIMBS];
	u64 t4[FE_LIMBS], x3[FE_LIMBS], y3[FE_LIMBS], z3[FE_LIMBS];

	fe_mul(t0, p->x, q->x);
	fe_mul(t1, p->y, q->y);
	fe_add(t3, q->x, q->y);
	fe_add(t4, p->x, p->y);
	fe_mul(t3, t3, t4);
	fe_add(t4, t0, t1);
	fe_sub(t3, t3, t4);
	fe_mul(t4, q->y, p->z);
	fe_add(t4, t4, p->y);
	fe_mul(y3, q->x, p->z);
	fe_add(y3, y3, p->x);
	fe_mul(z3, fe_b, p->z);
	fe_sub(x3, y3, z3);
	fe_add(z3, x3, x3);
	fe_add(x3, x3, z3);
	fe_sub(z3, t1, x3);
	fe_add(x3, t1, x3);
	fe_mul(y3, fe_b, y3);
	fe_add(t1, p->z, p->z);
	fe_add(t2, t1, p->z);
	fe_sub(y3, y3, t2);
	fe_sub(y3, y3, t0);
	fe_add(t1, y3, y3);
	fe_add(y3, t1, y3);
	fe_add(t1, t0, t0);
	fe_add(t0, t1, t0);
	fe_sub(t0, t0, t2);
	fe_mul(t1, t4, y3);
	fe_mul(t2, t0, y3);
	fe_mul(y3, x3, z3);
	fe_add(r->y, y3, t2);
	fe_mul(x3, t3, x3);
	fe_sub(r->x, x3, t1);
	fe_mul(z3, t4, z3);
	fe_mul(t1, t3, t0);
	fe_add(r->z, z3, t1);
}

/* RCB algorithm 6: r = 2p, complete. @r may alias @p. */
static void pt_dbl(struct pt *r, const struct pt *p)
{
	u64 t0[FE_LIMBS], t1[FE_LIMBS], t2[FE_LIMBS], t3[FE_LIMBS];
	u64 x3[FE_LIMBS], y3[FE_LIMBS], z3[FE_LIMBS];

	fe_sqr(t0, p->x);
	fe_sqr(t1, p->y);
	fe_sqr(t2, p->z);
	fe_mul(t3, p->x, p->y);
	fe_add(t3, t3, t3);
	fe_mul(z3, p->x, p->z);
	fe_add(z3, z3, z3);
	fe_mul(y3, fe_b, t2);
	fe_sub(y3, y3, z3);
	fe_add(x3, y3, y3);
	fe_add(y3, x3, y3);
	fe_sub(x3, t1, y3);
	fe_add(y3, t1, y3);
	fe_mul(y3, x3, y3);
	fe_mul(x3, x3, t3);
	fe_add(t3, t2, t2);
	fe_add(t2, t2, t3);
	fe_mul(z3, fe_b, z3);
	fe_sub(z3, z3, t2);
	fe_sub(z3, z3, t0);
	fe_add(t3, z3, z3);
	fe_add(z3, z3, t3);
	fe_add(t3, t0, t0);
	fe_add(t0, t3, t0);
	fe_sub(t0, t0, t2);
	fe_mul(t0, t0, z3);
	fe_add(y3, y3, t0);
	fe_mul(t0, p->y, p->z);
	fe_add(t0, t0, t0);
	fe_mul(z3, t0, z3);
	fe_sub(r->x, x3, z3);
	fe_mul(z3, t0, t1);
	fe_add(z3, z3, z3);
	fe_add(r->z, z3, z3);
	memcpy(r->y, y3, sizeof(r->y));
}

/*
 * Affine coordinates (Montgomery form) of @p; (0, 0) for infinity, which
 * is not on the curve, so callers catch it with pt_on_curve().
 */
static void pt_to_affine(struct pt_affine *a, const struct pt *p)
{
	u64 zinv[FE_LIMBS];

	fe_inv(zinv, p->z);
	fe_mul(a->x, p->x, zinv);
	fe_mul(a->y, p->y, zinv);
}

/* All-ones if the affine (Montgomery form) @a satisfies the equation. */
static u64 pt_on_curve(const struct pt_affine *a)
{
	u64 lhs[FE_LIMBS], rhs[FE_LIMBS], t[FE_LIMBS];

	fe_sqr(lhs, a->y);
	fe_sqr(rhs, a->x);
	fe_mul(rhs, rhs, a->x);
	fe_add(t, a->x, a->x);
	fe_add(t, t, a->x);
	fe_sub(rhs, rhs, t);
	fe_add(rhs, rhs, fe_b);
	return ec_is_equal(lhs, rhs, FE_LIMBS);
}

/* @w bits of @k from bit @pos (a public position) on. */
static u64 scalar_bits(const u64 *k, unsigned int pos, unsigned int w)
{
	unsigned int limb = pos / 64, off = pos % 64;
	u64 v;

	if (limb >= FE_LIMBS)
		return 0;
	v = k[limb] >> off;
	if (off + w > 64 && limb + 1 < FE_LIMBS)
		v |= k[limb + 1] << (64 - off);
	return v & ((1ULL << w) - 1);
}

/*
 * Signed fixed-window recoding, constant time: k = sum d[i] 2^(w i) with
 * every d[i] in [-2^(w-1), 2^(w-1)]; @nwin windows cover the top carry.
 */
static void recode(signed char *d, const u64 *k, unsigned int w,
		   unsigned int nwin)
{
	u64 carry = 0, half = 1ULL << (w - 1);
	unsigned int i;

	for (i = 0; i < nwin; i++) {
		u64 v = scalar_bits(k, i * w, w) + carry;

		carry = ec_barrier(half - v) >> 63;
		d[i] = (signed char)(v - (carry << w));
	}
}

/* |d| and an all-ones mask if d < 0, without branching. */
static u64 digit_split(signed char d, u64 *neg)
{
	u64 v = (u64)(s64)d;
	u64 s = ec_barrier(v >> 63);

	*neg = 0 - s;
	return (v ^ *neg) + s;
}

/*
 * idx * 2^(w win) * G from the fixed-base table: every entry is read and
 * masked, so the memory access pattern does not depend on @idx.
 */
static void fb_lookup(struct pt_affine *a, unsigned int win, u64 idx)
{
	const u64 *tab = fb_table + (size_t)win * FB_ENTRIES * FB_STRIDE;
	u64 acc[FB_STRIDE];
	unsigned int j, l;

	memset(acc, 0, sizeof(acc));
	for (j = 0; j < FB_ENTRIES; j++) {
		u64 m = ec_mask_eq(j + 1, idx);

		for (l = 0; l < FB_STRIDE; l++)
			acc[l] |= tab[j * FB_STRIDE + l] & m;
	}
	memcpy(a->x, acc, sizeof(a->x));
	memcpy(a->y, acc + FE_LIMBS, sizeof(a->y));
}

/* r = k * G, constant time, for k < n. */
static void base_mul_pt(struct pt *r, const u64 *k)
{
	signed char d[FB_WINDOWS];
	struct pt_affine a;
	struct pt t;
	unsigned int i;

	recode(d, k, FB_W, FB_WINDOWS);
	pt_set_infinity(r);
	for (i = 0; i < FB_WINDOWS; i++) {
		u64 neg, idx = digit_split(d[i], &neg);

		fb_lookup(&a, i, idx);
		fe_cneg(a.y, neg);
		pt_add_affine(&t, r, &a);
		/* A zero digit read no entry: keep the sum as it was. */
		pt_cmov(r, &t, ~ec_mask_zero(idx));
	}
	khsm_crypto_wipe(d, sizeof(d));
	khsm_crypto_wipe(&a, sizeof(a));
	khsm_crypto_wipe(&t, sizeof(t));
}

/* Working memory of a variable-base multiplication: too big for a frame. */
struct vb_work {
	struct pt tab[VB_ENTRIES + 1];
	struct pt acc;
	struct pt t;
	signed char d[VB_WINDOWS];
};

/* t = idx * P from the on-the-fly table, scanning every entry. */
static void vb_lookup(struct pt *t, const struct pt *tab, u64 idx)
{
	unsigned int j;

	memset(t, 0, sizeof(*t));
	for (j = 0; j <= VB_ENTRIES; j++) {
		u64 m = ec_mask_eq(j, idx);
		const u64 *src = (const u64 *)&tab[j];
		u64 *dst = (u64 *)t;
		unsigned int l;

		for (l = 0; l < 3 * FE_LIMBS; l++)
			dst[l] |= src[l] & m;
	}
}

/* w->acc = k * P for an affine P, constant time, for 0 < k < n. */
static void var_mul_pt(struct vb_work *w, const struct pt_affine *p,
		       const u64 *k)
{
	unsigned int i, j;
	u64 neg, idx;

	pt_set_infinity(&w->tab[0]);
	pt_from_affine(&w->tab[1], p);
	for (j = 2; j <= VB_ENTRIES; j++) {
		if (j % 2)
			pt_add(&w->tab[j], &w->tab[j - 1], &w->tab[1]);
		else
			pt_dbl(&w->tab[j], &w->tab[j / 2]);
	}
	recode(w->d, k, VB_W, VB_WINDOWS);
	idx = digit_split(w->d[VB_WINDOWS - 1], &neg);
	vb_lookup(&w->acc, w->tab, idx);
	fe_cneg(w->acc.y, neg);
	for (i = VB_WINDOWS - 1; i-- > 0;) {
		for (j = 0; j < VB_W; j++)
			pt_dbl(&w->acc, &w->acc);
		idx = digit_split(w->d[i], &neg);
		vb_lookup(&w->t, w->tab, idx);
		fe_cneg(w->t.y, neg);
		pt_add(&w->acc, &w->acc, &w->t);
	}
}

/* Working memory of the verification's double multiplication. */
struct mul2_work {
	struct pt odd[NAF_ODD];
	struct pt acc;
	struct pt sum;
	signed char naf[FE_LIMBS * 64 + 1];
	signed char d[FB_WINDOWS];
};

/* Width-5 NAF of a public scalar, variable time; returns its length. */
static unsigned int wnaf(signed char *naf, const u64 *k)
{
	u64 t[FE_LIMBS + 1];
	unsigned int i, len = 0;

	memcpy(t, k, FE_LIMBS * 8);
	t[FE_LIMBS] = 0;
	while (!ec_is_zero(t, FE_LIMBS + 1)) {
		s64 d = 0;

		if (t[0] & 1) {
			d = (s64)(t[0] & ((1u << NAF_W) - 1));
			if (d >= 1 << (NAF_W - 1))
				d -= 1 << NAF_W;
			/* t -= d, leaving t divisible by 2^NAF_W. */
			if (d > 0) {
				u64 b = (u64)d;

				for (i = 0; i <= FE_LIMBS; i++) {
					u64 old = t[i];

					t[i] = old - b;
					b = old < b;
				}
			} else {
				u64 c = (u64)-d;

				for (i = 0; i <= FE_LIMBS; i++) {
					t[i] += c;
					c = t[i] < c;
				}
			}
		}
		naf[len++] = (signed char)d;
		for (i = 0; i < FE_LIMBS; i++)
			t[i] = t[i] >> 1 | t[i + 1] << 63;
		t[FE_LIMBS] >>= 1;
	}
	return len;
}

/* w->acc = u1 * G + u2 * Q, for public scalars: variable time. */
static void mul2_vartime(struct mul2_work *w, const u64 *u1, const u64 *u2,
			 const struct pt_affine *q)
{
	struct pt_affine a;
	struct pt q2;
	unsigned int i, len;

	pt_set_infinity(&w->sum);
	recode(w->d, u1, FB_W, FB_WINDOWS);
	for (i = 0; i < FB_WINDOWS; i++) {
		signed char d = w->d[i];
		unsigned int idx = d < 0 ? -d : d;
		const u64 *e;

		if (!idx)
			continue;
		e = fb_table + ((size_t)i * FB_ENTRIES + idx - 1) * FB_STRIDE;
		memcpy(a.x, e, sizeof(a.x));
		memcpy(a.y, e + FE_LIMBS, sizeof(a.y));
		if (d < 0)
			fe_cneg(a.y, ~0ULL);
		pt_add_affine(&w->sum, &w->sum, &a);
	}

	pt_from_affine(&w->odd[0], q);
	pt_dbl(&q2, &w->odd[0]);
	for (i = 1; i < NAF_ODD; i++)
		pt_add(&w->odd[i], &w->odd[i - 1], &q2);
	len = wnaf(w->naf, u2);
	pt_set_infinity(&w->acc);
	for (i = len; i-- > 0;) {
		signed char d = w->naf[i];

		pt_dbl(&w->acc, &w->acc);
		if (d > 0) {
			pt_add(&w->acc, &w->acc, &w->odd[d / 2]);
		} else if (d < 0) {
			q2 = w->odd[-d / 2];
			fe_cneg(q2.y, ~0ULL);
			pt_add(&w->acc, &w->acc, &q2);
		}
	}
	pt_add(&w->acc, &w->acc, &w->sum);
}

/* Parse a public X||Y into Montgomery form; -EINVAL unless both are < p. */
static int affine_from_bytes(struct pt_affine *a, const u8 *xy)
{
	u64 x[FE_LIMBS], y[FE_LIMBS];

	ec_from_bytes(x, xy, FE_LIMBS);
	ec_from_bytes(y, xy + 8 * FE_LIMBS, FE_LIMBS);
	if (!(ec_lt(x, fe_p, FE_LIMBS) & ec_lt(y, fe_p, FE_LIMBS)))
		return -EINVAL;
	fe_to_mont(a->x, x);
	fe_to_mont(a->y, y);
	return 0;
}

static void affine_to_bytes(u8 *xy, const struct pt_affine *a)
{
	u64 t[FE_LIMBS];

	fe_from_mont(t, a->x);
	ec_to_bytes(xy, t, FE_LIMBS);
	fe_from_mont(t, a->y);
	ec_to_bytes(xy + 8 * FE_LIMBS, t, FE_LIMBS);
	khsm_crypto_wipe(t, sizeof(t));
}

static int curve_point_check(const u8 *xy)
{
	struct pt_affine a;

	if (affine_from_bytes(&a, xy))
		return -EINVAL;
	return pt_on_curve(&a) ? 0 : -EINVAL;
}

/*
 * Whether a secret-derived result is usable: off the curve means a fault
 * (or infinity, whose affine form (0, 0) is never on the curve). Only the
 * verdict is made public.
 */
static int result_check(const struct pt_affine *a)
{
	u64 ok = pt_on_curve(a);

	ec_declassify(&ok, sizeof(ok));
	return ok ? 0 : -EFAULT;
}

static int curve_base_mul(u8 *xy, const u64 *k)
{
	struct pt r;
	struct pt_affine a;
	int ret;

	base_mul_pt(&r, k);
	pt_to_affine(&a, &r);
	ret = result_check(&a);
	if (!ret)
		affine_to_bytes(xy, &a);
	khsm_crypto_wipe(&r, sizeof(r));
	khsm_crypto_wipe(&a, sizeof(a));
	return ret;
}

static int curve_ecdh(u8 *x, const u8 *xy, const u64 *k)
{
	struct vb_work *w = khsm_crypto_alloc(sizeof(*w));
	struct pt_affine a;
	u64 t[FE_LIMBS];
	int ret;

	if (!w)
		return -ENOMEM;
	ret = affine_from_bytes(&a, xy);
	if (!ret) {
		var_mul_pt(w, &a, k);
		pt_to_affine(&a, &w->acc);
		ret = result_check(&a);
	}
	if (!ret) {
		fe_from_mont(t, a.x);
		ec_to_bytes(x, t, FE_LIMBS);
	}
	khsm_crypto_wipe(t, sizeof(t));
	khsm_crypto_wipe(&a, sizeof(a));
	khsm_crypto_free(w, sizeof(*w));
	return ret;
}

static int curve_verify_x(u64 *x, const u64 *u1, const u64 *u2, const u8 *xy)
{
	struct mul2_work *w = khsm_crypto_alloc(sizeof(*w));
	struct pt_affine q;
	u64 t[FE_LIMBS];
	int ret;

	if (!w)
		return -ENOMEM;
	ret = affine_from_bytes(&q, xy);
	if (!ret) {
		mul2_vartime(w, u1, u2, &q);
		if (ec_is_zero(w->acc.z, FE_LIMBS)) {
			ret = -EBADMSG;
		} else {
			pt_to_affine(&q, &w->acc);
			fe_from_mont(t, q.x);
			/* p < 2n for both curves: one subtraction reduces. */
			ec_reduce_once(x, t, 0, fe_order, FE_LIMBS);
		}
	}
	khsm_crypto_free(w, sizeof(*w));
	return ret;
}

#endif /* _KHSM_CRYPTO_EC_POINT_IMPL_H */
