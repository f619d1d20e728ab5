// SPDX-License-Identifier: GPL-2.0
/*
 * Probable-prime testing for RSA key generation (FIPS 186-5, B.3.1):
 * trial division by small primes, then Miller-Rabin with random bases.
 *
 * Most candidates are composite and rejected; what leaks about a rejected
 * candidate does not matter. For the candidate that is finally accepted the
 * outcome of every test is known ("passed"), so each verdict is declassified
 * just before it is branched on; the arithmetic before it is constant-time.
 * One thing does leak, as in other libraries: the number of squarings in a
 * Miller-Rabin round is the 2-adic valuation of w - 1.
 */
#include "bn.h"

#define NPRIMES 250

static const u16 small_primes[NPRIMES] = {
	3,    5,    7,	  11,	13,   17,   19,	  23,	29,   31,   37,	  41,
	43,   47,   53,	  59,	61,   67,   71,	  73,	79,   83,   89,	  97,
	101,  103,  107,  109,	113,  127,  131,  137,	139,  149,  151,  157,
	163,  167,  173,  179,	181,  191,  193,  197,	199,  211,  223,  227,
	229,  233,  239,  241,	251,  257,  263,  269,	271,  277,  281,  283,
	293,  307,  311,  313,	317,  331,  337,  347,	349,  353,  359,  367,
	373,  379,  383,  389,	397,  401,  409,  419,	421,  431,  433,  439,
	443,  449,  457,  461,	463,  467,  479,  487,	491,  499,  503,  509,
	521,  523,  541,  547,	557,  563,  569,  571,	577,  587,  593,  599,
	601,  607,  613,  617,	619,  631,  641,  643,	647,  653,  659,  661,
	673,  677,  683,  691,	701,  709,  719,  727,	733,  739,  743,  751,
	757,  761,  769,  773,	787,  797,  809,  811,	821,  823,  827,  829,
	839,  853,  857,  859,	863,  877,  881,  883,	887,  907,  911,  919,
	929,  937,  941,  947,	953,  967,  971,  977,	983,  991,  997,  1009,
	1013, 1019, 1021, 1031, 1033, 1039, 1049, 1051, 1061, 1063, 1069, 1087,
	1091, 1093, 1097, 1103, 1109, 1117, 1123, 1129, 1151, 1153, 1163, 1171,
	1181, 1187, 1193, 1201, 1213, 1217, 1223, 1229, 1231, 1237, 1249, 1259,
	1277, 1279, 1283, 1289, 1291, 1297, 1301, 1303, 1307, 1319, 1321, 1327,
	1361, 1367, 1373, 1381, 1399, 1409, 1423, 1427, 1429, 1433, 1439, 1447,
	1451, 1453, 1459, 1471, 1481, 1483, 1487, 1489, 1493, 1499, 1511, 1523,
	1531, 1543, 1549, 1553, 1559, 1567, 1571, 1579, 1583, 1597
};

/* w mod d for 1 < d < 2^32, 32 bits at a time. */
static u64 mod_small(const u64 *w, u32 nl, u64 d)
{
	u64 r = 0;
	int k;

	for (k = 2 * nl - 1; k >= 0; k--)
		r = ((r << 32) | ((w[k / 2] >> (32 * (k & 1))) & 0xffffffff)) %
		    d;
	return r;
}

/**
 * khsm_bn_trial_division() - screen a candidate prime
 * @w: the odd candidate, far larger than the small primes
 * @nl: limbs of @w
 * @e: public exponent, a prime below 2^32, or 0; w = 1 mod e is rejected
 *     (that is gcd(w - 1, e) != 1)
 *
 * Return: 1 if no small prime divides @w (and w != 1 mod e), else 0.
 */
int khsm_bn_trial_division(const u64 *w, u32 nl, u32 e)
{
	u64 bad = 0, prod;
	u32 i = 0, j, first;

	while (i < NPRIMES) {
		first = i;
		prod = 1;
		while (i < NPRIMES && prod * small_primes[i] < (1ull << 32))
			prod *= small_primes[i++];
		prod = mod_small(w, nl, prod);
		for (j = first; j < i; j++)
			bad |= khsm_ct_zero(prod % small_primes[j]);
	}
	if (e)
		bad |= khsm_ct_eq(mod_small(w, nl, e), 1);
	/* A candidate that survives is known to have survived. */
	return !khsm_ct_public(bad);
}

/* A random base b with 1 < b < w - 1, by rejection (b is not secret-bound). */
static int random_base(const struct khsm_mont *mc, u64 *b, u64 *tmp)
{
	u32 nl = mc->nl, top = (mc->bits - 1) % 64, i;
	int ret, n;

	for (n = 0; n < 1000; n++) {
		ret = khsm_crypto_random((u8 *)b, (size_t)nl * 8);
		if (ret)
			return ret;
		for (i = (mc->bits - 1) / 64 + 1; i < nl; i++)
			b[i] = 0;
		b[(mc->bits - 1) / 64] &= (2ull << top) - 1;
		khsm_bn_sub_word(tmp, mc->m, 1, nl);
		/* Retry on b < 2 or b >= w - 1: reveals only a discarded b. */
		if (khsm_ct_public(~khsm_bn_lt(b, tmp, nl)))
			continue;
		khsm_bn_sub_word(tmp, b, 2, nl);
		if (khsm_ct_public(tmp[nl - 1] >> 63))
			continue;
		return 0;
	}
	return -EAGAIN;
}

/**
 * khsm_bn_is_prime() - Miller-Rabin test with random bases
 * @mc: the odd candidate w > 3 as a Montgomery modulus
 * @rounds: number of rounds (FIPS 186-5 Table B.1)
 *
 * Return: 1 for probably prime, 0 for composite, or -errno (random source
 * failure, -ENOMEM, or -EINTR from khsm_crypto_yield()).
 */
int khsm_bn_is_prime(const struct khsm_mont *mc, u32 rounds)
{
	u32 nl = mc->nl, a = 0, i, j;
	size_t sz = ((size_t)5 * nl + KHSM_MONT_TMP_LIMBS(nl)) * 8;
	u64 *m, *b, *z, *mone, *t, *tmp, pass;
	int ret = 1;

	m = khsm_crypto_alloc(sz);
	if (!m)
		return -ENOMEM;
	b = m + nl;
	z = b + nl;
	mone = z + nl;
	t = mone + nl;
	tmp = t + nl;

	/* w - 1 = 2^a m; a leaks through the number of squarings. */
	khsm_bn_sub_word(m, mc->m, 1, nl);
	while (!khsm_ct_public(m[0] & 1)) {
		khsm_bn_shr1(m, m, nl);
		a++;
	}
	/* -1 in Montgomery form is m - R mod m. */
	khsm_bn_sub(mone, mc->m, mc->one, nl);

	for (i = 0; i < rounds && ret == 1; i++) {
		ret = khsm_crypto_yield();
		if (ret)
			break;
		ret = random_base(mc, b, tmp);
		if (ret)
			break;
		khsm_mont_mul(mc, t, b, mc->rr, tmp);
		ret = khsm_mont_exp(mc, z, t, m, mc->bits);
		if (ret)
			break;
		pass = khsm_bn_eq(z, mc->one, nl) | khsm_bn_eq(z, mone, nl);
		for (j = 1; j < a; j++) {
			khsm_mont_sqr(mc, z, z, tmp);
			pass |= khsm_bn_eq(z, mone, nl);
		}
		/* The verdict of a round is public: see the file comment. */
		ret = khsm_ct_public(pass) ? 1 : 0;
	}
	khsm_crypto_free(m, sz);
	return ret;
}
