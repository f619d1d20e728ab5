// SPDX-License-Identifier: GPL-2.0
/*
 * RSA keys and the raw RSA operations (RSAEP/RSAVP1, RSADP/RSASP1).
 *
 * The private operation uses the CRT with base blinding: in each half the
 * input is multiplied by r^e for a fresh random r modulo that prime, and the
 * result by r^-1, so the exponentiations never see a value an attacker
 * chose. Before anything is released the result is checked against the
 * public key (s^e = m): a fault in one CRT half would otherwise give away a
 * factor of n (Boneh, DeMillo, Lipton), so a mismatch returns -EFAULT and no
 * output.
 */
#include "rsa.h"

/**
 * khsm_rsa_key_alloc() - allocate an empty key
 *
 * Return: the zeroed key, or NULL.
 */
struct khsm_rsa_key *khsm_rsa_key_alloc(void)
{
	return khsm_crypto_alloc(sizeof(struct khsm_rsa_key));
}

/**
 * khsm_rsa_key_free() - wipe and free a key
 * @key: the key, or NULL
 */
void khsm_rsa_key_free(struct khsm_rsa_key *key)
{
	khsm_crypto_free(key, sizeof(*key));
}

static int import_pub(struct khsm_rsa_key *key, const u8 *n, size_t nlen,
		      const u8 *e, size_t elen, u32 minbits, u32 maxbits)
{
	u64 *t, ev;
	u32 bits;
	int ret;

	t = khsm_crypto_alloc(KHSM_BN_MAX_LIMBS * 8);
	if (!t)
		return -ENOMEM;
	ret = khsm_bn_from_bytes(t, KHSM_BN_MAX_LIMBS, n, nlen);
	if (ret)
		goto out;
	bits = khsm_bn_bits_vartime(t, KHSM_BN_MAX_LIMBS);
	ret = -EINVAL;
	if (bits < minbits || bits > maxbits || !(t[0] & 1))
		goto out;
	if (khsm_bn_from_bytes(&ev, 1, e, elen) || !(ev & 1) || ev < 3)
		goto out;
	ret = khsm_mont_init(&key->n, t, KHSM_BN_LIMBS(bits));
	if (ret)
		goto out;
	key->bits = bits;
	key->len = (bits + 7) / 8;
	key->e = ev;
out:
	khsm_crypto_free(t, KHSM_BN_MAX_LIMBS * 8);
	return ret;
}

/**
 * khsm_rsa_import_public() - load a public key
 * @key: receives the key (from khsm_rsa_key_alloc())
 * @n: modulus, 1024 to 8192 bits, leading zero bytes allowed
 * @nlen: bytes of @n
 * @e: public exponent, odd, at least 3, below 2^64
 * @elen: bytes of @e
 *
 * Return: 0, -EINVAL for an unacceptable key, or -ENOMEM.
 */
int khsm_rsa_import_public(struct khsm_rsa_key *key, const u8 *n, size_t nlen,
			   const u8 *e, size_t elen)
{
	int ret;

	memset(key, 0, sizeof(*key));
	ret = import_pub(key, n, nlen, e, elen, KHSM_RSA_PUB_MIN_BITS,
			 KHSM_RSA_PUB_MAX_BITS);
	if (ret)
		memset(key, 0, sizeof(*key));
	return ret;
}

/* Working memory of one private operation. */
struct priv_ws {
	u64 *x, *y, *z, *r, *rinv, *c, *s, *v, *one, *tmp;
	u64 *cp, *m1, *m2, *h, *t2, *tmph;
	size_t size;
};

static int ws_alloc(const struct khsm_rsa_key *key, struct priv_ws *w)
{
	u32 nl = key->n.nl, hl = key->p.nl;
	u64 *p;

	w->size = ((size_t)9 * nl + KHSM_MONT_TMP_LIMBS(nl) + 4 * hl + 2 * hl +
		   KHSM_MONT_TMP_LIMBS(hl)) *
		  8;
	p = khsm_crypto_alloc(w->size);
	if (!p)
		return -ENOMEM;
	w->x = p;
	w->y = w->x + nl;
	w->z = w->y + nl;
	w->r = w->z + nl;
	w->rinv = w->r + nl;
	w->c = w->rinv + nl;
	w->s = w->c + nl;
	w->v = w->s + nl;
	w->one = w->v + nl;
	w->tmp = w->one + nl;
	w->cp = w->tmp + KHSM_MONT_TMP_LIMBS(nl);
	w->m1 = w->cp + hl;
	w->m2 = w->m1 + hl;
	w->h = w->m2 + hl;
	w->t2 = w->h + hl;
	w->tmph = w->t2 + 2 * hl;
	w->one[0] = 1;
	return 0;
}

/*
 * One blinded CRT half: out = x^d mod P, normal form. The base of the
 * exponentiation is (x mod P) r^e for a fresh random r < 2^(bits(P) - 1),
 * so it is random whatever x is; the result, x^d r, is unblinded with
 * r^-1 mod P. Blinding per half rather than modulo n needs inverses and
 * e-th powers of half the size, a quarter of the work each.
 */
static int crt_half(const struct khsm_rsa_key *key, const struct khsm_mont *P,
		    const u64 *d, const u64 *x, u64 *out, struct priv_ws *w)
{
	u32 hl = P->nl, top = (P->bits - 2) % 64, i, tries;
	u64 ok = 0;
	int ret;

	for (tries = 0; tries < 16; tries++) {
		ret = khsm_crypto_random((u8 *)w->r, (size_t)hl * 8);
		if (ret)
			return ret;
		for (i = (P->bits - 2) / 64 + 1; i < hl; i++)
			w->r[i] = 0;
		w->r[(P->bits - 2) / 64] &= (2ull << top) - 1;
		ret = khsm_bn_modinv(P, w->rinv, w->r, &ok);
		if (ret)
			return ret;
		/* P is prime: only a discarded r = 0 is revealed. */
		ok = khsm_ct_public(ok);
		if (ok)
			break;
	}
	if (!ok)
		return -EAGAIN;
	/* cp = (x mod P) r^e in Montgomery form. */
	khsm_mont_mul(P, w->r, w->r, P->rr, w->tmph);
	khsm_mont_exp_pub(P, w->c, w->r, key->e, w->tmph);
	khsm_mont_reduce(P, w->cp, x, key->n.nl, w->tmph);
	khsm_mont_mul(P, w->cp, w->cp, P->rr, w->tmph);
	khsm_mont_mul(P, w->cp, w->cp, w->c, w->tmph);
	ret = khsm_mont_exp(P, out, w->cp, d, P->bits);
	if (ret)
		return ret;
	/* The Montgomery product with r^-1 also leaves Montgomery form. */
	khsm_mont_mul(P, out, out, w->rinv, w->tmph);
	return 0;
}

/* s = x^d mod n via the CRT (Garner), all limb arrays of @w. */
static int crt(const struct khsm_rsa_key *key, u64 *s, const u64 *x,
	       struct priv_ws *w)
{
	const struct khsm_mont *p = &key->p, *q = &key->q;
	u32 nl = key->n.nl, hl = p->nl, i;
	u64 borrow, carry;
	int ret;

	ret = crt_half(key, p, key->dp, x, w->m1, w);
	if (!ret)
		ret = crt_half(key, q, key->dq, x, w->m2, w);
	if (ret)
		return ret;
	/* h = qinv (m1 - m2) mod p; m2 < q may exceed p, so reduce it. */
	khsm_mont_reduce(p, w->h, w->m2, hl, w->tmph);
	borrow = khsm_bn_sub(w->h, w->m1, w->h, hl);
	for (i = 0; i < hl; i++)
		w->cp[i] = p->m[i] & -borrow;
	khsm_bn_add(w->h, w->h, w->cp, hl);
	khsm_mont_mul(p, w->h, w->h, key->qinv_m, w->tmph);
	/* s = m2 + h q < n; 2 hl >= nl limbs always. */
	khsm_bn_mul(w->t2, w->h, hl, q->m, hl, p->flags);
	carry = khsm_bn_add(w->t2, w->t2, w->m2, hl);
	for (i = hl; i < 2 * hl; i++) {
		w->t2[i] += carry;
		carry &= khsm_ct_zero(w->t2[i]) & 1;
	}
	memcpy(s, w->t2, (size_t)nl * 8);
	return 0;
}

/*
 * s = x^d mod n with blinding and the fault check; x < n. @s and @x are
 * caller buffers (w->x, w->y, w->z), never the scratch priv_op() uses.
 */
static int priv_op(const struct khsm_rsa_key *key, u64 *s, const u64 *x,
		   struct priv_ws *w)
{
	const struct khsm_mont *n = &key->n;
	u32 nl = n->nl;
	int ret;

	ret = crt(key, s, x, w);
	if (ret)
		return ret;

	/* Check s^e = x before anything leaves. */
	khsm_mont_mul(n, w->c, s, n->rr, w->tmp);
	khsm_mont_exp_pub(n, w->v, w->c, key->e, w->tmp);
	khsm_mont_mul(n, w->v, w->v, w->one, w->tmp);
	/* Mismatch means a fault, not a property of the secret data. */
	if (!khsm_ct_public(khsm_bn_eq(w->v, x, nl))) {
		khsm_crypto_wipe(s, (size_t)nl * 8);
		return -EFAULT;
	}
	return 0;
}

/**
 * khsm_rsa_private() - raw private operation (RSADP / RSASP1), s = m^d mod n
 * @key: private key
 * @in: the input representative, exactly @key->len bytes
 * @inlen: bytes of @in
 * @out: receives @key->len bytes
 *
 * Return: 0; -EINVAL for a public key, a wrong length or an input not below
 * n; -EFAULT if the result failed its check (nothing is written); -ENOMEM;
 * or the random source's error.
 */
int khsm_rsa_private(const struct khsm_rsa_key *key, const u8 *in, size_t inlen,
		     u8 *out)
{
	struct priv_ws w;
	int ret;

	if (!key->priv || inlen != key->len)
		return -EINVAL;
	ret = ws_alloc(key, &w);
	if (ret)
		return ret;
	khsm_bn_from_bytes(w.x, key->n.nl, in, inlen);
	/* Whether the input is in range is public. */
	if (!khsm_ct_public(khsm_bn_lt(w.x, key->n.m, key->n.nl))) {
		ret = -EINVAL;
		goto out;
	}
	ret = priv_op(key, w.y, w.x, &w);
	if (!ret)
		khsm_bn_to_bytes(out, key->len, w.y, key->n.nl);
out:
	khsm_crypto_free(w.x, w.size);
	return ret;
}

/**
 * khsm_rsa_public() - raw public operation (RSAEP / RSAVP1), m^e mod n
 * @key: public or private key
 * @in: the input representative, exactly @key->len bytes
 * @inlen: bytes of @in
 * @out: receives @key->len bytes (may alias @in)
 *
 * Return: 0, -EINVAL for a wrong length or an input not below n, -ENOMEM.
 */
int khsm_rsa_public(const struct khsm_rsa_key *key, const u8 *in, size_t inlen,
		    u8 *out)
{
	u32 nl = key->n.nl;
	size_t sz = ((size_t)3 * nl + KHSM_MONT_TMP_LIMBS(nl)) * 8;
	u64 *x, *y, *one, *tmp;
	int ret = 0;

	if (!key->len || inlen != key->len)
		return -EINVAL;
	x = khsm_crypto_alloc(sz);
	if (!x)
		return -ENOMEM;
	y = x + nl;
	one = y + nl;
	tmp = one + nl;
	one[0] = 1;
	khsm_bn_from_bytes(x, nl, in, inlen);
	/* Range is public even when encrypting a secret padded block. */
	if (!khsm_ct_public(khsm_bn_lt(x, key->n.m, nl))) {
		ret = -EINVAL;
		goto out;
	}
	khsm_mont_mul(&key->n, x, x, key->n.rr, tmp);
	khsm_mont_exp_pub(&key->n, y, x, key->e, tmp);
	khsm_mont_mul(&key->n, y, y, one, tmp);
	khsm_bn_to_bytes(out, key->len, y, nl);
out:
	khsm_crypto_free(x, sz);
	return ret;
}

/* Load a secret component into @nl limbs and check it is below @bound. */
static int load_below(u64 *r, u32 nl, const struct khsm_buf *b,
		      const u64 *bound)
{
	if (!b->p || khsm_bn_from_bytes(r, nl, b->p, b->len))
		return -EINVAL;
	/* Rejecting a malformed key reveals nothing about a good one. */
	return khsm_ct_public(khsm_bn_lt(r, bound, nl)) ? 0 : -EINVAL;
}

/* Bit length of a secret prime, which is public. */
static u32 prime_bits(const struct khsm_buf *b, u64 *t)
{
	u32 bits;

	if (!b->p || khsm_bn_from_bytes(t, KHSM_RSA_HALF_LIMBS, b->p, b->len))
		return 0;
	bits = 64 * KHSM_RSA_HALF_LIMBS;
	while (bits && !khsm_ct_public(t[(bits - 1) / 64] >> ((bits - 1) % 64)))
		bits--;
	return bits;
}

/*
 * Check a complete private key: p q = n exactly, qinv q = 1 mod p, and a
 * random x survives both x^(e d) mod n and the CRT private operation.
 */
static int check_private(struct khsm_rsa_key *key)
{
	u32 nl = key->n.nl, hl = key->p.nl;
	struct priv_ws w;
	u64 *n2, good;
	int ret;

	ret = ws_alloc(key, &w);
	if (ret)
		return ret;
	n2 = w.t2;
	khsm_bn_mul(n2, key->p.m, hl, key->q.m, hl, key->p.flags);
	memset(w.c, 0, (size_t)nl * 8);
	good = khsm_bn_eq(n2, key->n.m, nl) &
	       khsm_bn_is_zero(n2 + nl, 2 * hl - nl);
	good &= ~khsm_bn_eq(key->p.m, key->q.m, hl);
	khsm_mont_reduce(&key->p, w.h, key->q.m, hl, w.tmph);
	khsm_mont_mul(&key->p, w.h, w.h, key->qinv_m, w.tmph);
	good &= khsm_bn_eq(w.h, w.one, hl);
	ret = -EINVAL;
	if (!khsm_ct_public(good))
		goto out;

	ret = khsm_crypto_random((u8 *)w.x, (size_t)nl * 8);
	if (ret)
		goto out;
	w.x[(key->bits - 1) / 64] &= (1ull << ((key->bits - 1) % 64)) - 1;
	for (u32 i = (key->bits - 1) / 64 + 1; i < nl; i++)
		w.x[i] = 0;
	/* x^e via the public path, then back with d ... */
	khsm_mont_mul(&key->n, w.r, w.x, key->n.rr, w.tmp);
	khsm_mont_exp_pub(&key->n, w.c, w.r, key->e, w.tmp);
	ret = khsm_mont_exp(&key->n, w.s, w.c, key->d, key->bits);
	if (ret)
		goto out;
	khsm_mont_mul(&key->n, w.s, w.s, w.one, w.tmp);
	good = khsm_bn_eq(w.s, w.x, nl);
	/* ... and with the CRT, which also checks s^e = x. */
	khsm_mont_mul(&key->n, w.y, w.c, w.one, w.tmp);
	ret = priv_op(key, w.z, w.y, &w);
	if (ret == -EFAULT)
		ret = -EINVAL;
	if (ret)
		goto out;
	good &= khsm_bn_eq(w.z, w.x, nl);
	ret = khsm_ct_public(good) ? 0 : -EINVAL;
out:
	khsm_crypto_free(w.x, w.size);
	return ret;
}

/**
 * khsm_rsa_import_private() - load and validate a private key
 * @key: receives the key (from khsm_rsa_key_alloc())
 * @parts: all eight components; n of 2048 to 4096 bits
 *
 * The components are checked for consistency (p q = n, ranges, q qinv = 1
 * mod p, and d, dp, dq against e on a random value), so a corrupted key is
 * refused here rather than producing wrong signatures.
 *
 * Return: 0, -EINVAL for an inconsistent or unsupported key, -ENOMEM, or
 * the random source's error.
 */
int khsm_rsa_import_private(struct khsm_rsa_key *key,
			    const struct khsm_rsa_parts *parts)
{
	u32 pb, qb, hl, nl;
	u64 *t;
	int ret;

	memset(key, 0, sizeof(*key));
	ret = import_pub(key, parts->n.p, parts->n.len, parts->e.p,
			 parts->e.len, KHSM_RSA_PRIV_MIN_BITS,
			 KHSM_RSA_PRIV_MAX_BITS);
	if (ret)
		goto fail;
	t = khsm_crypto_alloc(KHSM_RSA_HALF_LIMBS * 8);
	if (!t) {
		ret = -ENOMEM;
		goto fail;
	}
	pb = prime_bits(&parts->p, t);
	qb = prime_bits(&parts->q, t);
	khsm_crypto_free(t, KHSM_RSA_HALF_LIMBS * 8);
	nl = key->n.nl;
	hl = (KHSM_BN_LIMBS(pb > qb ? pb : qb) + 3) & ~3u;
	ret = -EINVAL;
	if (pb < 2 || qb < 2 || 2 * hl < nl || hl > KHSM_RSA_HALF_LIMBS)
		goto fail;
	if (khsm_bn_from_bytes(key->dp, hl, parts->p.p, parts->p.len) ||
	    khsm_mont_init(&key->p, key->dp, hl) ||
	    khsm_bn_from_bytes(key->dq, hl, parts->q.p, parts->q.len) ||
	    khsm_mont_init(&key->q, key->dq, hl) || key->p.nl != key->q.nl)
		goto fail;
	if (load_below(key->d, nl, &parts->d, key->n.m) ||
	    load_below(key->dp, hl, &parts->dp, key->p.m) ||
	    load_below(key->dq, hl, &parts->dq, key->q.m) ||
	    load_below(key->qinv, hl, &parts->qinv, key->p.m))
		goto fail;
	t = khsm_crypto_alloc((size_t)KHSM_MONT_TMP_LIMBS(hl) * 8);
	if (!t) {
		ret = -ENOMEM;
		goto fail;
	}
	khsm_mont_mul(&key->p, key->qinv_m, key->qinv, key->p.rr, t);
	khsm_crypto_free(t, (size_t)KHSM_MONT_TMP_LIMBS(hl) * 8);
	key->priv = 1;
	ret = check_private(key);
	if (!ret)
		return 0;
fail:
	khsm_crypto_wipe(key, sizeof(*key));
	return ret;
}

/**
 * khsm_rsa_export() - write one component of a key, big-endian
 * @key: the key
 * @part: which component
 * @out: receives @len bytes, zero-padded on the left
 * @len: output length
 *
 * Return: 0, or -EINVAL if @part is absent or does not fit in @len bytes.
 */
int khsm_rsa_export(const struct khsm_rsa_key *key, enum khsm_rsa_part part,
		    u8 *out, size_t len)
{
	const u64 *a;
	u32 nl = key->p.nl;
	u64 spill = 0;
	size_t i;

	switch (part) {
	case KHSM_RSA_N:
		a = key->n.m;
		nl = key->n.nl;
		break;
	case KHSM_RSA_E:
		a = &key->e;
		nl = 1;
		break;
	case KHSM_RSA_D:
		a = key->d;
		nl = key->n.nl;
		break;
	case KHSM_RSA_P:
		a = key->p.m;
		break;
	case KHSM_RSA_Q:
		a = key->q.m;
		break;
	case KHSM_RSA_DP:
		a = key->dp;
		break;
	case KHSM_RSA_DQ:
		a = key->dq;
		break;
	case KHSM_RSA_QINV:
		a = key->qinv;
		break;
	default:
		return -EINVAL;
	}
	if (!key->len || (part > KHSM_RSA_E && !key->priv))
		return -EINVAL;
	for (i = len; i < (size_t)nl * 8; i++)
		spill |= (a[i / 8] >> (8 * (i % 8))) & 0xff;
	/* Whether the caller's buffer is big enough is not secret. */
	if (khsm_ct_public(spill))
		return -EINVAL;
	khsm_bn_to_bytes(out, len, a, nl);
	return 0;
}
