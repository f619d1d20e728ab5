// SPDX-License-Identifier: GPL-2.0
/*
 * RSA key generation with probable primes (FIPS 186-5, A.1.3) and e = 65537.
 *
 * Candidates are fresh random odd numbers of nlen/2 bits with the top two
 * bits set (so p >= sqrt(2) 2^(nlen/2 - 1)); each is screened by trial
 * division (which also rejects p = 1 mod e, i.e. gcd(p - 1, e) != 1) and
 * then Miller-Rabin with the rounds of FIPS 186-5 Table B.1 for error
 * probability 2^-112 (2048) and more (3072, 4096). q must satisfy
 * |p - q| > 2^(nlen/2 - 100). Then d = e^-1 mod lcm(p - 1, q - 1), which
 * must exceed 2^(nlen/2), and the CRT values follow. The finished key goes
 * through khsm_rsa_import_private(), whose checks double as the pairwise
 * consistency test.
 *
 * Everything applied to the accepted primes is constant-time: GCD, long
 * division, the inversions and exponentiations. What may leak concerns
 * rejected candidates only (see bn_prime.c for the one exception).
 */
#include "rsa.h"

#define E 65537u

/* Working memory of one key generation. */
struct kg_ws {
	struct khsm_mont mc;
	u64 p[KHSM_RSA_HALF_LIMBS], q[KHSM_RSA_HALF_LIMBS];
	u64 pm1[KHSM_RSA_HALF_LIMBS], qm1[KHSM_RSA_HALF_LIMBS];
	u64 g[KHSM_RSA_HALF_LIMBS], dp[KHSM_RSA_HALF_LIMBS];
	u64 dq[KHSM_RSA_HALF_LIMBS], qinv[KHSM_RSA_HALF_LIMBS];
	u64 t[KHSM_RSA_HALF_LIMBS];
	u64 n[2 * KHSM_RSA_HALF_LIMBS], phi[2 * KHSM_RSA_HALF_LIMBS];
	u64 lam[2 * KHSM_RSA_HALF_LIMBS], d[2 * KHSM_RSA_HALF_LIMBS];
	u64 x[2 * KHSM_RSA_HALF_LIMBS + 1];
	u64 tmp[KHSM_MONT_TMP_LIMBS(KHSM_RSA_HALF_LIMBS)];
	u8 bytes[8][KHSM_RSA_PRIV_MAX_BITS / 8];
};

/* |a - b| >> (hb - 100) != 0, i.e. |a - b| > 2^(hb - 100) roughly. */
static u64 far_apart(const u64 *a, const u64 *b, u64 *t, u32 hl)
{
	u32 hb = 64 * hl, pos = hb - 100, i;
	u64 neg = -khsm_bn_sub(t, a, b, hl), c = neg & 1, any = 0;

	for (i = 0; i < hl; i++) {
		khsm_u128 s = (khsm_u128)(t[i] ^ neg) + c;

		t[i] = (u64)s;
		c = (u64)(s >> 64);
	}
	any = t[pos / 64] >> (pos % 64);
	for (i = pos / 64 + 1; i < hl; i++)
		any |= t[i];
	return khsm_ct_nz(any);
}

static int gen_prime(struct kg_ws *w, u64 *out, const u64 *other, u32 hl,
		     u32 rounds)
{
	u32 i;
	int ret;

	for (i = 0; i < 5 * 64 * hl; i++) {
		ret = khsm_crypto_yield();
		if (ret)
			return ret;
		ret = khsm_crypto_random((u8 *)out, (size_t)hl * 8);
		if (ret)
			return ret;
		out[hl - 1] |= 3ull << 62;
		out[0] |= 1;
		/* Each verdict below only ever rejects a candidate. */
		if (other && !khsm_ct_public(far_apart(out, other, w->t, hl)))
			continue;
		if (!khsm_bn_trial_division(out, hl, E))
			continue;
		ret = khsm_mont_init(&w->mc, out, hl);
		if (!ret)
			ret = khsm_bn_is_prime(&w->mc, rounds);
		if (ret < 0)
			return ret;
		if (ret == 1)
			return 0;
	}
	return -EAGAIN;
}

/* a mod E, one bit at a time. */
static u64 mod_e(const u64 *a, u32 nl)
{
	u64 r = 0;
	u32 bit;

	for (bit = 64 * nl; bit-- > 0;) {
		r = (r << 1) | ((a[bit / 64] >> (bit % 64)) & 1);
		r -= E & ~khsm_ct_lt(r, E);
	}
	return r;
}

/* a b mod E for a, b < E, using 2^16 = -1 mod E. */
static u64 mulmod_e(u64 a, u64 b)
{
	u64 x = a * b, y = (x & 0xffff) + 4 * (u64)E - (x >> 16);
	int i;

	for (i = 0; i < 4; i++)
		y -= E & ~khsm_ct_lt(y, E);
	return y;
}

/* q = x / E for x divisible by E (exact division, low limb first). */
static void divexact_e(u64 *q, const u64 *x, u32 nl)
{
	u64 inv = E, c = 0;
	u32 i;

	for (i = 0; i < 5; i++)
		inv *= 2 - E * inv;
	for (i = 0; i < nl; i++) {
		u64 b = khsm_ct_lt(x[i], c) & 1, qi = (x[i] - c) * inv;

		q[i] = qi;
		c = (u64)(((khsm_u128)qi * E) >> 64) + b;
	}
}

/*
 * d = e^-1 mod lambda: with u = lambda^-1 mod e (Fermat, e is prime) and
 * k = e - u, e divides 1 + k lambda, and d = (1 + k lambda) / e < lambda.
 */
static void inv_e(u64 *d, const u64 *lam, u64 *x, u32 nl)
{
	u64 t = mod_e(lam, nl), u = 1, b = t;
	u32 bit;

	for (bit = 0; bit < 16; bit++) {
		/* E - 2 = 0xffff: every bit set. */
		u = mulmod_e(u, b);
		b = mulmod_e(b, b);
	}
	x[nl] = khsm_bn_mul_word(x, lam, E - u, nl);
	for (bit = 0, b = 1; bit <= nl; bit++) {
		x[bit] += b;
		b &= khsm_ct_zero(x[bit]) & 1;
	}
	divexact_e(d, x, nl + 1);
}

static int derive(struct kg_ws *w, u32 hl)
{
	u32 nl = 2 * hl;
	int ret;

	khsm_bn_sub_word(w->pm1, w->p, 1, hl);
	khsm_bn_sub_word(w->qm1, w->q, 1, hl);
	ret = khsm_bn_gcd(w->g, w->pm1, w->qm1, hl);
	if (ret)
		return ret;
	khsm_bn_mul(w->phi, w->pm1, hl, w->qm1, hl, w->mc.flags);
	ret = khsm_bn_divmod(w->lam, NULL, w->phi, nl, w->g, hl);
	if (ret)
		return ret;
	inv_e(w->d, w->lam, w->x, nl);
	/* FIPS 186-5 wants d > 2^(nlen/2); failing that, start over. */
	if (khsm_ct_public(khsm_bn_is_zero(w->d + hl, hl)))
		return -EAGAIN;
	ret = khsm_bn_divmod(NULL, w->dp, w->d, nl, w->pm1, hl);
	if (!ret)
		ret = khsm_bn_divmod(NULL, w->dq, w->d, nl, w->qm1, hl);
	if (ret)
		return ret;

	/* qinv = q^(p - 2) mod p; p < q < 2p or q < p, so q - p or q. */
	ret = khsm_mont_init(&w->mc, w->p, hl);
	if (ret)
		return ret;
	khsm_mont_reduce(&w->mc, w->t, w->q, hl, w->tmp);
	khsm_mont_mul(&w->mc, w->t, w->t, w->mc.rr, w->tmp);
	khsm_bn_sub_word(w->x, w->p, 2, hl);
	ret = khsm_mont_exp(&w->mc, w->qinv, w->t, w->x, 64 * hl);
	if (ret)
		return ret;
	memset(w->t, 0, sizeof(w->t));
	w->t[0] = 1;
	khsm_mont_mul(&w->mc, w->qinv, w->qinv, w->t, w->tmp);
	khsm_bn_mul(w->n, w->p, hl, w->q, hl, w->mc.flags);
	/* The modulus is the public key. */
	khsm_ct_declassify(w->n, sizeof(w->n));
	return 0;
}

/**
 * khsm_rsa_generate() - generate an RSA key pair with e = 65537
 * @key: receives the key (from khsm_rsa_key_alloc())
 * @bits: modulus size: 2048, 3072 or 4096
 *
 * Long-running: calls khsm_crypto_yield() for every candidate and every
 * Miller-Rabin round.
 *
 * Return: 0; -EINVAL for an unsupported size; -EINTR if told to stop;
 * -EAGAIN if FIPS 186-5's bound on attempts was hit; -ENOMEM; or the random
 * source's error.
 */
int khsm_rsa_generate(struct khsm_rsa_key *key, u32 bits)
{
	u32 hl = bits / 128, rounds = bits == 2048 ? 5 : 4, i;
	struct khsm_rsa_parts parts;
	struct khsm_buf *b[8] = { &parts.n, &parts.e,  &parts.d,  &parts.p,
				  &parts.q, &parts.dp, &parts.dq, &parts.qinv };
	struct kg_ws *w;
	int ret, tries;

	if (bits != 2048 && bits != 3072 && bits != 4096)
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	w = khsm_crypto_alloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	for (tries = 0; tries < 8; tries++) {
		ret = gen_prime(w, w->p, NULL, hl, rounds);
		if (!ret)
			ret = gen_prime(w, w->q, w->p, hl, rounds);
		if (!ret)
			ret = derive(w, hl);
		if (ret != -EAGAIN)
			break;
	}
	if (ret)
		goto out;

	khsm_bn_to_bytes(w->bytes[0], bits / 8, w->n, 2 * hl);
	w->bytes[1][0] = E >> 16;
	w->bytes[1][1] = (E >> 8) & 0xff;
	w->bytes[1][2] = E & 0xff;
	khsm_bn_to_bytes(w->bytes[2], bits / 8, w->d, 2 * hl);
	khsm_bn_to_bytes(w->bytes[3], bits / 16, w->p, hl);
	khsm_bn_to_bytes(w->bytes[4], bits / 16, w->q, hl);
	khsm_bn_to_bytes(w->bytes[5], bits / 16, w->dp, hl);
	khsm_bn_to_bytes(w->bytes[6], bits / 16, w->dq, hl);
	khsm_bn_to_bytes(w->bytes[7], bits / 16, w->qinv, hl);
	for (i = 0; i < 8; i++) {
		b[i]->p = w->bytes[i];
		b[i]->len = i == 1	       ? 3 :
			    (i == 0 || i == 2) ? bits / 8 :
						 bits / 16;
	}
	ret = khsm_rsa_import_private(key, &parts);
	/* The consistency test failing means a fault in generation. */
	if (ret == -EINVAL)
		ret = -EFAULT;
out:
	khsm_crypto_free(w, sizeof(*w));
	return ret;
}
