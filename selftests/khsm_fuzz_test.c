// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness: throw a large number of random and mutated requests at every
 * ioctl command number 0x00..0x20 of /dev/khsm, on a bound read/write
 * session, a read-only one and an unbound file, logged in as user, as SO
 * and not at all. Each request starts from a plausible template of its
 * command (real handles, mechanisms, attribute types, buffers) and is then
 * mutated: sizes, flags, reserved fields, bit flips, NULL, unmapped,
 * kernel, misaligned, read-only and guard-page pointers, lengths huge or
 * off by one, random attributes, random handles, pure random bytes.
 *
 * A quarter of the requests go through io_uring (IORING_OP_URING_CMD, on
 * 64- and 128-byte SQE rings) instead of ioctl(2), with the same checks.
 *
 * Every request must just return. Afterwards the module must still work
 * (a known-good token, login, AES and ECDSA round trip), every token made
 * must be gone, the khsm_secret_* slab caches back to their counts, and the
 * kernel log free of warnings.
 *
 * Deterministic per seed: the seed is printed; KHSM_FUZZ_SEED=<n>
 * reproduces a run and KHSM_FUZZ_ITERS=<n> changes the request count.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "khsm_sysfs.h"
#include "khsm_util.h"
#include "kselftest_harness.h"

/* clang-format off */
#define CKA_MODULUS		0x120
#define CKA_MODULUS_BITS	0x121
#define CKA_PUBLIC_EXPONENT	0x122
#define CKA_PRIVATE_EXPONENT	0x123
#define CKA_PRIME_1		0x124
#define CKA_PRIME_2		0x125
#define CKA_EXPONENT_1		0x126
#define CKA_EXPONENT_2		0x127
#define CKA_COEFFICIENT		0x128
#define CKA_PUBLIC_KEY_INFO	0x129
#define CKA_EC_PARAMS		0x180
#define CKA_EC_POINT		0x181
#define CKA_ALLOWED_MECHANISMS	0x40000600

#define FUZZ_DEFAULT_ITERS	100000
#define FUZZ_NR_MAX		0x20	/* command numbers tried: 0..this */
#define FUZZ_NERR		160	/* errno histogram buckets */
#define FUZZ_POOL		48	/* objects made by the fuzzer kept */
#define FUZZ_MADE_TOKENS	256
#define FUZZ_PIN_FAILURES	100
#define FUZZ_PHASE		1024	/* requests between state changes */
#define PAGE			4096UL
#define ARENA_SIZE		(64 * 1024)
#define OUT_SIZE		(192 * 1024)

/*
 * Every buffer a request may point at lives alone in its own 4 GiB of
 * address space, far from the heap, stacks and libraries: a pointer with
 * flipped bits or a random low half then lands in this test's own buffers
 * or in unmapped memory, never in live process state the kernel would
 * then rightly overwrite.
 */
#define FUZZ_ARENA_AT		((void *)0x200000000000UL)
#define FUZZ_REQ_AT		((void *)0x300000000000UL)
#define KERNEL_PTR		0xffff888000000000ULL
/* clang-format on */

static const __u8 p256_oid[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
				 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const __u8 p384_oid[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };

/* A fixed RSA-2048 key, so no RSA key generation is needed. */
static const char rsa_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQC4/Pj8/Zn/iynF\n"
	"WQ7t5Jpffy0RWt30dK1JIJAqdXhYgJL2o041/mNeROfYMwUp3Wog2bRPXJKOkJ1w\n"
	"k+pLDbg8xsvyFcsdf5dugQ+3MZrQM/zcwscYLL1typ7U/fQC+ZT4IMOvaqNEpCA4\n"
	"Cx+JrhbWxopw4mpPFWikiaTvkdY5vAj1XEQpde9sF0ExsRTaK0K2cT7g1lX1umtz\n"
	"KcpiCF7OAjrhAjn9r1bRPt2OHwiJ+nEpOUZ8zn6aqzbYM+WJsaUnbtZTW3SLOR2w\n"
	"NDgdSxUVvDX8vd8MB2GIEorPwA4zyAR3bGEpLHQOzzu9hj+xIzMsJjzf2X1elrj5\n"
	"efUo8RDjAgMBAAECggEAW+ZhE94xGUDbeY0q24hMINEfZJXN2ln0lHW26UD+jokh\n"
	"eaHbgvtkBjsZKtD96bRzuuosp5iHvoedj4YMSUkBlD/2pcep5neylVVMp2ffTzvk\n"
	"jQ++tQXU/axBh/K5vJidJz+vt3+0qK8Yyn7MJiv0cLKlqDrzMWKjX8p5xAKheIBW\n"
	"FEQ2axS/wPSr+F6xOHL0nDykyb5C2xl0n/BUJKjjUY4A7T7iYr+X0GZvaz8xnMi2\n"
	"79Cz/wL9QTxSewtdXUD+YJnS9acujk4Oa0TqryMVDwnTamA627eyBjVlXVxDxo7d\n"
	"En9r2/pxXMmloQwmY6A5ssP44io0sKuuxsVGCq1ggQKBgQD0HmN1lak4p1Pd9Cc2\n"
	"H5Dvs8PXEXNKcUVAnbhJxg47IcFewxEsNyicS1U4NTRFLktIMN1wl10ISBanBZn9\n"
	"YEMJFiJcEHlakYQNPqo3RWwffywxFTH3e+ja+LLj0CnauhkV934pBHfkdUW8PQdW\n"
	"QjGEbxhrEgc+ejZRwI5Gp79GQwKBgQDB/df/YUd+iRilQ8bHeixEVDSnp1tFkPkT\n"
	"zN2FqkuRTz2d1UIvnsmTETGn2ajBWG0pP8GxYhwFnTfcTVeWikjKwrcmJe5Rmf7P\n"
	"/SReMOmCgYO30KsUPYXosI9B9ExsKQlXkZYzBYDD8PLjk0owD0N6SQQakOwnsI6k\n"
	"MAkA/J1w4QKBgGoXst3tVwfaIKa7bzckbNbf52LWoKZfp9s3MFpPiuvD9cf7OsFe\n"
	"j3Wtf7HX3YmbXvhW1EYUYkgxHDcmRhBJ/5g5WGFuf28PArbG3y76Ks1ddZU3Qunt\n"
	"nftcTlKXqzj12+UiFGA7IufU16PBWijwx5hot9IAmclbT7Qj3TFzwbsFAoGALLDI\n"
	"JANLLzFyRhB5KNdSf2NOxhjeBAbD+vXFStfSlOVGcqgAmWvhUEozwFF6eSBf9ZLE\n"
	"kpLhlcGEbvI6bWnqHxwAiX9PiekKNOxChpiKExC3QY+G+iC6SsLyHeWj/X7usgfO\n"
	"LG7mHT3TFu6FttCtYOyVT3F3liUsl1KhoGKR+sECgYAWNinXBe1dfaRQXLu2F6iw\n"
	"32M4AiWnO62eE3yDdFbSixI0OLvS4+Q+42VoGHQ6IzjCkJlfz0iH6cBjkyVUOOKX\n"
	"rZFLwcPEykd6n+uk85SNkTfdb0RUsQEXOjABPk5fxz75pmgD8sSKFYyQJZil7b5W\n"
	"2otf+QWIqitmU26jTHgSpw==\n"
	"-----END PRIVATE KEY-----\n";

/* ---- deterministic randomness ---- */

static __u64 rng_state;

static __u64 rnd(void)
{
	__u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u32 below(__u32 n)
{
	return n ? (__u32)(rnd() % n) : 0;
}

static int chance(unsigned int pct)
{
	return below(100) < pct;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

static void rnd_bytes(void *p, size_t n)
{
	__u8 *b = p;

	while (n--)
		*b++ = rnd();
}

static __u64 P(const void *p)
{
	return (__u64)(unsigned long)p;
}

/* ---- state shared by the whole run ---- */

enum {
	B_AES,
	B_AES_X,
	B_HMAC,
	B_EC_PRIV,
	B_EC_PUB,
	B_RSA_PRIV,
	B_RSA_PUB,
	B_DATA,
	B_COUNT
};

enum { PH_USER, PH_PUBLIC, PH_SO };

struct cmd_stat {
	unsigned long n, ok;
	unsigned long err[FUZZ_NERR];
	double secs;
};

static struct fuzz {
	int fd_rw, fd_ro, fd_unbound;
	unsigned int token;
	unsigned int init_tokens[KHSM_MAX_TOKENS], n_init;
	unsigned int made[FUZZ_MADE_TOKENS], n_made;
	__u32 base[B_COUNT];
	__u32 pool[FUZZ_POOL], n_pool;
	__u8 *arena, *out, *guard, *ro, *unmapped, *req_area, *req_guard;
	size_t arena_used;
	__u8 ec_point[160];
	size_t ec_point_len;
	__u8 rsa_part[8][256];
	size_t rsa_len[8];
	/* command number -> size encoded in it if the module knows it */
	__u32 live_size[FUZZ_NR_MAX + 1];
	int phase;
	struct cmd_stat st[FUZZ_NR_MAX + 2]; /* last: mangled encodings */
	unsigned long enotty_violations, framing_violations;
	unsigned long heavy; /* requests that could run PBKDF2/keygen */
} F;

/* ---- memory: arena for inputs, region for outputs, bad pointers ---- */

static void *arena_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~15UL;
	if (F.arena_used + n > ARENA_SIZE)
		F.arena_used = 0;
	p = F.arena + F.arena_used;
	F.arena_used += n;
	return p;
}

static void *arena_rand(size_t n)
{
	void *p = arena_alloc(n ? n : 1);

	rnd_bytes(p, n);
	return p;
}

static void *arena_copy(const void *src, size_t n)
{
	void *p = arena_alloc(n ? n : 1);

	memcpy(p, src, n);
	return p;
}

/* An address the kernel must refuse or fault on, or a surprising one. */
static __u64 bad_ptr(void)
{
	switch (below(10)) {
	case 0:
		return 0;
	case 1:
		return P(F.unmapped) + below(PAGE);
	case 2:
		return KERNEL_PTR + (below(4) << 12);
	case 3:
		return P(F.arena) + 1 + below(7); /* misaligned, mapped */
	case 4:
		return P(F.guard);
	case 5:
		return P(F.guard) - 1 - below(16); /* short before a guard */
	case 6:
		return P(F.ro); /* readable only */
	case 7:
		return ~0ULL - below(64);
	case 8:
		return 1ULL << 47; /* non-canonical */
	default:
		return rnd();
	}
}

static __u64 bad_len(__u64 len)
{
	static const __u64 lens[] = {
		0,	    1,	   0xffffffffULL, ~0ULL,
		1ULL << 31, 65536, 65537,	  16384,
		16385,	    4096,  1ULL << 32,	  0x7fffffffffffffffULL
	};

	switch (below(4)) {
	case 0:
		return len + 1;
	case 1:
		return len ? len - 1 : 0;
	case 2:
		return below(512);
	default:
		return PICK(lens);
	}
}

/* An input buffer: usually @p with @len, sometimes not. */
static __u64 in_ptr(const void *p, __u64 *len)
{
	if (chance(6))
		*len = bad_len(*len);
	if (chance(5))
		return bad_ptr();
	return P(p);
}

/* An output buffer somewhere in the output region, @len big. */
static __u64 out_ptr(__u64 *len, size_t natural)
{
	*len = natural;
	if (chance(8))
		*len = bad_len(natural);
	if (chance(5))
		return bad_ptr();
	if (chance(3))
		return P(F.guard) - natural / 2; /* runs into the guard */
	return P(F.out) + below(1024) * (chance(90) ? 8 : 1);
}

static void pin_fields(__u64 *ptr, __u32 *len, const char *pin)
{
	static const char *const garbage = "wrong-pin-000000";
	const char *p = chance(50) ? pin : garbage;
	__u64 l = strlen(p);

	*ptr = P(arena_copy(p, strlen(p) + 1));
	if (chance(5))
		*ptr = bad_ptr();
	if (chance(30))
		l = bad_len(l);
	*len = (__u32)l;
}

/* PINs of valid length run PBKDF2: keep those rare (and count them). */
static void pin_keep_cheap(__u64 *ptr, __u32 *len, const char *good)
{
	if (*len < KHSM_PIN_MIN_LEN || *len > KHSM_PIN_MAX_LEN)
		return;
	if (chance(94)) {
		*len = chance(50) ? below(KHSM_PIN_MIN_LEN) :
				    KHSM_PIN_MAX_LEN + 1 + below(100);
		return;
	}
	F.heavy++;
	/* The rare slow one is mostly the right PIN, so nothing locks. */
	if (good && chance(80)) {
		*ptr = P(arena_copy(good, strlen(good) + 1));
		*len = strlen(good);
	}
}

/* ---- attribute templates ---- */

enum { K_U, K_B, K_S };

struct attr_type {
	__u64 type;
	int kind;
};

static const struct attr_type attr_types[] = {
	{ KHSM_ATTR_CLASS, K_U },
	{ KHSM_ATTR_TOKEN, K_B },
	{ KHSM_ATTR_PRIVATE, K_B },
	{ KHSM_ATTR_LABEL, K_S },
	{ KHSM_ATTR_VALUE, K_S },
	{ KHSM_ATTR_KEY_TYPE, K_U },
	{ KHSM_ATTR_ID, K_S },
	{ KHSM_ATTR_SENSITIVE, K_B },
	{ KHSM_ATTR_ENCRYPT, K_B },
	{ KHSM_ATTR_DECRYPT, K_B },
	{ KHSM_ATTR_WRAP, K_B },
	{ KHSM_ATTR_UNWRAP, K_B },
	{ KHSM_ATTR_SIGN, K_B },
	{ KHSM_ATTR_SIGN_RECOVER, K_B },
	{ KHSM_ATTR_VERIFY, K_B },
	{ KHSM_ATTR_VERIFY_RECOVER, K_B },
	{ KHSM_ATTR_DERIVE, K_B },
	{ 0x110, K_S },
	{ 0x111, K_S },
	{ CKA_MODULUS, K_S },
	{ CKA_MODULUS_BITS, K_U },
	{ CKA_PUBLIC_EXPONENT, K_S },
	{ CKA_PRIVATE_EXPONENT, K_S },
	{ CKA_PRIME_1, K_S },
	{ CKA_PRIME_2, K_S },
	{ CKA_EXPONENT_1, K_S },
	{ CKA_EXPONENT_2, K_S },
	{ CKA_COEFFICIENT, K_S },
	{ CKA_PUBLIC_KEY_INFO, K_S },
	{ KHSM_ATTR_VALUE_LEN, K_U },
	{ KHSM_ATTR_EXTRACTABLE, K_B },
	{ KHSM_ATTR_LOCAL, K_B },
	{ KHSM_ATTR_NEVER_EXTRACTABLE, K_B },
	{ KHSM_ATTR_ALWAYS_SENSITIVE, K_B },
	{ KHSM_ATTR_KEY_GEN_MECHANISM, K_U },
	{ KHSM_ATTR_MODIFIABLE, K_B },
	{ KHSM_ATTR_COPYABLE, K_B },
	{ KHSM_ATTR_DESTROYABLE, K_B },
	{ CKA_EC_PARAMS, K_S },
	{ CKA_EC_POINT, K_S },
	{ 0x202, K_B },
	{ 0x210, K_B },
	{ CKA_ALLOWED_MECHANISMS, K_S },
};

static int kind_of(__u64 type)
{
	unsigned int i;

	for (i = 0; i < sizeof(attr_types) / sizeof(attr_types[0]); i++)
		if (attr_types[i].type == type)
			return attr_types[i].kind;
	return K_S;
}

static const __u64 mechs[] = {
	KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
	KHSM_MECH_RSA_PKCS,
	KHSM_MECH_RSA_X_509,
	KHSM_MECH_SHA1_RSA_PKCS,
	KHSM_MECH_RSA_PKCS_OAEP,
	KHSM_MECH_RSA_PKCS_PSS,
	KHSM_MECH_SHA1_RSA_PKCS_PSS,
	KHSM_MECH_SHA256_RSA_PKCS,
	KHSM_MECH_SHA384_RSA_PKCS,
	KHSM_MECH_SHA512_RSA_PKCS,
	KHSM_MECH_SHA256_RSA_PKCS_PSS,
	KHSM_MECH_SHA384_RSA_PKCS_PSS,
	KHSM_MECH_SHA512_RSA_PKCS_PSS,
	KHSM_MECH_SHA224_RSA_PKCS,
	KHSM_MECH_SHA224_RSA_PKCS_PSS,
	KHSM_MECH_SHA_1,
	KHSM_MECH_SHA256,
	KHSM_MECH_SHA256_HMAC,
	KHSM_MECH_SHA224,
	KHSM_MECH_SHA384,
	KHSM_MECH_SHA384_HMAC,
	KHSM_MECH_SHA512,
	KHSM_MECH_SHA512_HMAC,
	KHSM_MECH_GENERIC_SECRET_KEY_GEN,
	KHSM_MECH_EC_KEY_PAIR_GEN,
	KHSM_MECH_ECDSA,
	KHSM_MECH_ECDSA_SHA1,
	KHSM_MECH_ECDSA_SHA224,
	KHSM_MECH_ECDSA_SHA256,
	KHSM_MECH_ECDSA_SHA384,
	KHSM_MECH_ECDSA_SHA512,
	KHSM_MECH_ECDH1_DERIVE,
	KHSM_MECH_RSA_AES_KEY_WRAP,
	KHSM_MECH_AES_KEY_GEN,
	KHSM_MECH_AES_ECB,
	KHSM_MECH_AES_CBC,
	KHSM_MECH_AES_CBC_PAD,
	KHSM_MECH_AES_CTR,
	KHSM_MECH_AES_GCM,
	KHSM_MECH_AES_CMAC,
	KHSM_MECH_AES_KEY_WRAP,
	KHSM_MECH_AES_KEY_WRAP_KWP,
};

static __u64 rand_mech(__u64 good)
{
	if (chance(85))
		return good;
	if (chance(80))
		return PICK(mechs);
	return chance(50) ? below(0x3000) : rnd();
}

static __u64 rand_ulong(__u64 type)
{
	static const __u64 dict[] = {
		0,   1,	  2,	  3, 4,	 0x10, 0x1f, 16, 24,	     32,   64,
		512, 513, 0x1080, 5, 31, 255,  256,  33, 0xffffffff, ~0ULL
	};
	__u64 v;

	if (type == KHSM_ATTR_CLASS && chance(70))
		return below(5);
	if (type == KHSM_ATTR_KEY_TYPE && chance(70))
		return PICK(((const __u64[]){ KHSM_KEY_RSA, KHSM_KEY_EC,
					      KHSM_KEY_GENERIC_SECRET,
					      KHSM_KEY_AES }));
	v = chance(85) ? PICK(dict) : rnd();
	/* Never a valid RSA size: no RSA key generation in the loop. */
	if (type == CKA_MODULUS_BITS) {
		if (chance(60))
			v = PICK(((const __u64[]){ 0, 512, 1024, 2047, 2049,
						   8192, 1ULL << 32 }));
		if (v == 2048 || v == 3072 || v == 4096)
			v++;
	}
	return v;
}

static void rand_attr(struct khsm_attr *a, __u64 type)
{
	int kind = kind_of(type);
	__u64 len;
	void *v;

	a->type = type;
	if (kind == K_U) {
		__u64 x = rand_ulong(type);

		v = arena_copy(&x, 8);
		len = 8;
	} else if (kind == K_B) {
		__u8 b = chance(90) ? below(2) : rnd();

		v = arena_copy(&b, 1);
		len = 1;
	} else {
		switch (type) {
		case CKA_EC_PARAMS:
			if (chance(50)) {
				v = arena_copy(p256_oid, sizeof(p256_oid));
				len = sizeof(p256_oid);
			} else if (chance(60)) {
				v = arena_copy(p384_oid, sizeof(p384_oid));
				len = sizeof(p384_oid);
			} else {
				len = below(16);
				v = arena_rand(len);
			}
			break;
		case CKA_EC_POINT:
			v = arena_copy(F.ec_point, F.ec_point_len);
			len = F.ec_point_len;
			if (chance(40))
				((__u8 *)v)[below(len)] ^= 1 << below(8);
			if (chance(30))
				len = below(len + 8);
			break;
		case CKA_MODULUS ... CKA_COEFFICIENT: {
			/* rsa_part: n, e, d, p, q, dp, dq, qinv */
			unsigned int i = type == CKA_MODULUS ?
						 0 :
						 type - CKA_MODULUS_BITS;
			len = F.rsa_len[i];
			v = arena_copy(F.rsa_part[i], len);
			if (chance(30))
				len = below(300);
			break;
		}
		case KHSM_ATTR_VALUE:
			len = chance(60) ?
				      PICK(((const __u64[]){ 16, 24, 32 })) :
				      below(80);
			v = arena_rand(len);
			break;
		default:
			len = below(40);
			v = arena_rand(len);
		}
	}
	a->value = P(v);
	a->len = len;
	if (chance(4))
		a->len = bad_len(len);
	if (chance(3))
		a->value = bad_ptr();
}

static __u64 rand_type(void)
{
	if (chance(92))
		return PICK(attr_types).type;
	return chance(50) ? below(0x300) : rnd();
}

/* A template of @n given types plus noise; returns the array, sets *count. */
static struct khsm_attr *tmpl_make(const __u64 *types, unsigned int n,
				   __u32 *count)
{
	struct khsm_attr *a = arena_alloc(sizeof(*a) * (KHSM_MAX_ATTRS + 2));
	unsigned int i, m = 0;

	memset(a, 0, sizeof(*a) * (KHSM_MAX_ATTRS + 2));
	for (i = 0; i < n; i++) {
		if (chance(5))
			continue; /* drop one */
		rand_attr(&a[m++], types[i]);
		if (chance(3) && m < KHSM_MAX_ATTRS)
			rand_attr(&a[m++], types[i]); /* duplicate */
	}
	while (m < KHSM_MAX_ATTRS && chance(15))
		rand_attr(&a[m++], rand_type());
	*count = m;
	if (chance(6))
		*count = PICK(((const __u32[]){ 0, m + 1, KHSM_MAX_ATTRS,
						KHSM_MAX_ATTRS + 1, 0xffffffff,
						1U << 31 }));
	return a;
}

static __u64 tmpl_ptr(struct khsm_attr *a)
{
	return chance(4) ? bad_ptr() : P(a);
}

/* ---- handles and tokens ---- */

static __u32 rand_handle(void)
{
	unsigned int r = below(100);

	if (r < 50)
		return F.base[below(B_COUNT)];
	if (r < 80 && F.n_pool)
		return F.pool[below(F.n_pool)];
	if (r < 90)
		return below(4) == 0 ? 0 : below(400);
	return chance(50) ? ~0U : (__u32)rnd();
}

static int is_init_token(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < F.n_init; i++)
		if (F.init_tokens[i] == id)
			return 1;
	return 0;
}

/* Any token but one that existed before the test. */
static __u32 rand_token(void)
{
	__u32 t;

	if (chance(50))
		return F.token;
	if (F.n_made && chance(60))
		return F.made[below(F.n_made)];
	t = chance(60) ? below(130) : (__u32)rnd();
	return is_init_token(t) ? F.token : t;
}

/* ---- request templates, one per command ---- */

typedef void (*fill_fn)(void *req);

static void fill_info(void *req)
{
	(void)req;
}

static void fill_token_create(void *req)
{
	struct khsm_token_create *r = req;

	r->uid = chance(70) ? 0 : (chance(50) ? 1000 : (__u32)rnd());
	r->gid = chance(70) ? 0 : (chance(50) ? 1000 : (__u32)rnd());
	r->mode = chance(80) ? PICK(((const __u32[]){ 0600, 0660, 0666, 0 })) :
			       (__u32)rnd();
}

static void fill_token_ref(void *req)
{
	struct khsm_token_ref *r = req;

	r->token = rand_token();
}

static void fill_token_list(void *req)
{
	struct khsm_token_list *r = req;
	__u64 len;

	r->ids = chance(15) ? 0 : out_ptr(&len, 4 * KHSM_MAX_TOKENS);
	r->capacity = chance(70) ? below(KHSM_MAX_TOKENS + 2) : (__u32)rnd();
	/* Never more than the region holds, even if capacity lies. */
}

static void fill_token_info(void *req)
{
	struct khsm_token_info *r = req;

	r->token = rand_token();
}

static void fill_token_init(void *req)
{
	struct khsm_token_init *r = req;

	r->token = rand_token();
	pin_fields(&r->pin, &r->pin_len, TEST_SO_PIN);
	memset(r->label, ' ', sizeof(r->label));
	if (chance(50))
		rnd_bytes(r->label, below(sizeof(r->label)));
	r->max_pin_failures = chance(80) ? below(4) : (__u32)rnd() % 200;
	r->pbkdf2_iterations = KHSM_PBKDF2_MIN_ITER;
	if (chance(30))
		r->pbkdf2_iterations = PICK(((const __u32[]){
			0, KHSM_PBKDF2_MIN_ITER - 1, KHSM_PBKDF2_MAX_ITER + 1,
			~0U, 1, KHSM_PBKDF2_MAX_ITER }));
}

static void sanitize_token_init(void *req, __u32 size)
{
	struct khsm_token_init *r = req;

	if (size < offsetof(struct khsm_token_init, reserved))
		return;
	/* No slow PBKDF2 from the default or a large iteration count. */
	if (r->pbkdf2_iterations == 0 ||
	    (r->pbkdf2_iterations > 2000 &&
	     r->pbkdf2_iterations <= KHSM_PBKDF2_MAX_ITER))
		r->pbkdf2_iterations = chance(50) ? KHSM_PBKDF2_MIN_ITER :
						    KHSM_PBKDF2_MAX_ITER + 1;
	pin_keep_cheap(&r->pin, &r->pin_len, NULL);
}

static void fill_session_open(void *req)
{
	struct khsm_session_open *r = req;

	r->flags = chance(80) ? below(2) : (__u32)rnd();
	r->token = rand_token();
}

static void fill_empty(void *req)
{
	(void)req;
}

static void fill_login(void *req)
{
	struct khsm_login *r = req;

	r->user_type = chance(90) ? below(2) : (__u32)rnd();
	pin_fields(&r->pin, &r->pin_len,
		   r->user_type == KHSM_USER_SO ? TEST_SO_PIN : TEST_USER_PIN);
}

static void sanitize_login(void *req, __u32 size)
{
	struct khsm_login *r = req;

	(void)size;
	pin_keep_cheap(&r->pin, &r->pin_len,
		       r->user_type == KHSM_USER_SO ? TEST_SO_PIN :
						      TEST_USER_PIN);
}

static void fill_init_pin(void *req)
{
	struct khsm_login *r = req;

	r->user_type = chance(90) ? KHSM_USER_USER : (__u32)rnd();
	pin_fields(&r->pin, &r->pin_len, TEST_USER_PIN);
}

static void sanitize_init_pin(void *req, __u32 size)
{
	struct khsm_login *r = req;

	(void)size;
	pin_keep_cheap(&r->pin, &r->pin_len, TEST_USER_PIN);
	/* The user PIN may only ever be set to itself. */
	if (r->pin_len >= KHSM_PIN_MIN_LEN && r->pin_len <= KHSM_PIN_MAX_LEN) {
		r->pin = P(arena_copy(TEST_USER_PIN, sizeof(TEST_USER_PIN)));
		r->pin_len = strlen(TEST_USER_PIN);
	}
}

static void fill_set_pin(void *req)
{
	struct khsm_set_pin *r = req;
	const char *pin = F.phase == PH_SO ? TEST_SO_PIN : TEST_USER_PIN;

	pin_fields(&r->old_pin, &r->old_len, pin);
	pin_fields(&r->new_pin, &r->new_len, pin);
}

static void sanitize_set_pin(void *req, __u32 size)
{
	struct khsm_set_pin *r = req;
	const char *pin = F.phase == PH_SO ? TEST_SO_PIN : TEST_USER_PIN;

	(void)size;
	pin_keep_cheap(&r->old_pin, &r->old_len, pin);
	/* A successful change must leave the PIN as it was. */
	if (r->old_len >= KHSM_PIN_MIN_LEN && r->old_len <= KHSM_PIN_MAX_LEN) {
		r->new_pin = r->old_pin;
		r->new_len = r->old_len;
	} else if (r->new_len >= KHSM_PIN_MIN_LEN &&
		   r->new_len <= KHSM_PIN_MAX_LEN && chance(90)) {
		r->new_len = 0;
	}
}

/* Templates for objects of each class, with the attributes they need. */
static struct khsm_attr *object_tmpl(__u32 *count)
{
	static const __u64 data[] = { KHSM_ATTR_CLASS, KHSM_ATTR_TOKEN,
				      KHSM_ATTR_LABEL, KHSM_ATTR_VALUE };
	static const __u64 secret[] = { KHSM_ATTR_CLASS,   KHSM_ATTR_KEY_TYPE,
					KHSM_ATTR_VALUE,   KHSM_ATTR_ENCRYPT,
					KHSM_ATTR_DECRYPT, KHSM_ATTR_SENSITIVE,
					KHSM_ATTR_TOKEN };
	static const __u64 ec_pub[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
					CKA_EC_PARAMS, CKA_EC_POINT,
					KHSM_ATTR_VERIFY };
	static const __u64 rsa_pub[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
					 CKA_MODULUS, CKA_PUBLIC_EXPONENT };
	static const __u64 rsa_priv[] = {
		KHSM_ATTR_CLASS,     KHSM_ATTR_KEY_TYPE,   CKA_MODULUS,
		CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_PRIME_1,
		CKA_PRIME_2,	     CKA_EXPONENT_1,	   CKA_EXPONENT_2,
		CKA_COEFFICIENT
	};
	static const __u64 ec_priv[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
					 CKA_EC_PARAMS, KHSM_ATTR_VALUE,
					 KHSM_ATTR_SIGN };
	struct khsm_attr *a;
	__u64 cls, kt;

	switch (below(6)) {
	case 0:
		a = tmpl_make(data, 4, count);
		cls = KHSM_CLASS_DATA;
		kt = ~0ULL;
		break;
	case 1:
		a = tmpl_make(secret, 7, count);
		cls = KHSM_CLASS_SECRET_KEY;
		kt = chance(70) ? KHSM_KEY_AES : KHSM_KEY_GENERIC_SECRET;
		break;
	case 2:
		a = tmpl_make(ec_pub, 5, count);
		cls = KHSM_CLASS_PUBLIC_KEY;
		kt = KHSM_KEY_EC;
		break;
	case 3:
		a = tmpl_make(rsa_pub, 4, count);
		cls = KHSM_CLASS_PUBLIC_KEY;
		kt = KHSM_KEY_RSA;
		break;
	case 4:
		a = tmpl_make(rsa_priv, 10, count);
		cls = KHSM_CLASS_PRIVATE_KEY;
		kt = KHSM_KEY_RSA;
		break;
	default:
		a = tmpl_make(ec_priv, 5, count);
		cls = KHSM_CLASS_PRIVATE_KEY;
		kt = KHSM_KEY_EC;
	}
	/* Mostly a consistent class and key type, so creation gets deep. */
	if (chance(80) && a[0].type == KHSM_ATTR_CLASS && a[0].len == 8)
		a[0].value = P(arena_copy(&cls, 8));
	if (chance(80) && kt != ~0ULL && a[1].type == KHSM_ATTR_KEY_TYPE &&
	    a[1].len == 8)
		a[1].value = P(arena_copy(&kt, 8));
	return a;
}

static void fill_object_create(void *req)
{
	struct khsm_object_create *r = req;
	struct khsm_attr *a = object_tmpl(&r->count);

	r->attrs = tmpl_ptr(a);
}

static const __u64 change_types[] = {
	KHSM_ATTR_TOKEN,	KHSM_ATTR_LABEL,       KHSM_ATTR_ID,
	KHSM_ATTR_SENSITIVE,	KHSM_ATTR_EXTRACTABLE, KHSM_ATTR_ENCRYPT,
	KHSM_ATTR_MODIFIABLE,	KHSM_ATTR_COPYABLE,    KHSM_ATTR_DESTROYABLE,
	KHSM_ATTR_PRIVATE,	KHSM_ATTR_VALUE,       KHSM_ATTR_CLASS,
	KHSM_ATTR_SIGN,		KHSM_ATTR_DERIVE,      0x210,
	CKA_ALLOWED_MECHANISMS,
};

static struct khsm_attr *change_tmpl(__u32 *count)
{
	__u64 types[4];
	unsigned int i, n = below(4);

	for (i = 0; i < n; i++)
		types[i] = PICK(change_types);
	return tmpl_make(types, n, count);
}

static void fill_object_copy(void *req)
{
	struct khsm_object_copy *r = req;

	r->handle = rand_handle();
	r->attrs = tmpl_ptr(change_tmpl(&r->count));
	/* Copies are session objects unless the template says otherwise. */
}

static void fill_object_ref(void *req)
{
	struct khsm_object_ref *r = req;

	r->handle = F.n_pool && chance(85) ? F.pool[below(F.n_pool)] :
					     rand_handle();
}

/* Attributes to read, with buffers in the output region. */
static struct khsm_attr *get_tmpl(__u32 *count)
{
	struct khsm_attr *a = arena_alloc(sizeof(*a) * (KHSM_MAX_ATTRS + 2));
	unsigned int i, n = 1 + below(6);

	memset(a, 0, sizeof(*a) * (KHSM_MAX_ATTRS + 2));
	for (i = 0; i < n; i++) {
		a[i].type = rand_type();
		if (chance(20)) {
			a[i].value = 0;
			a[i].len = chance(80) ? 0 : rnd();
		} else {
			a[i].value = out_ptr(
				&a[i].len,
				PICK(((const __u64[]){ 1, 8, 16, 32, 300 })));
		}
	}
	*count = n;
	if (chance(6))
		*count = PICK(
			((const __u32[]){ 0, n + 1, KHSM_MAX_ATTRS,
					  KHSM_MAX_ATTRS + 1, 0xffffffff }));
	return a;
}

static void fill_attr_get(void *req)
{
	struct khsm_attr_get *r = req;

	r->handle = rand_handle();
	r->attrs = tmpl_ptr(get_tmpl(&r->count));
}

static void fill_attr_set(void *req)
{
	struct khsm_attr_set *r = req;

	r->handle = F.n_pool && chance(60) ? F.pool[below(F.n_pool)] :
					     rand_handle();
	r->attrs = tmpl_ptr(change_tmpl(&r->count));
}

static void fill_find(void *req)
{
	static const __u64 types[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
				       KHSM_ATTR_LABEL, KHSM_ATTR_TOKEN };
	struct khsm_find *r = req;
	__u64 len;

	r->attrs = tmpl_ptr(tmpl_make(types, below(5), &r->count));
	r->handles = chance(15) ? 0 : out_ptr(&len, 4 * 64);
	r->capacity = chance(80) ? below(70) : (__u32)rnd();
}

static void fill_generate_key(void *req)
{
	static const __u64 types[] = { KHSM_ATTR_VALUE_LEN, KHSM_ATTR_CLASS,
				       KHSM_ATTR_KEY_TYPE, KHSM_ATTR_ENCRYPT,
				       KHSM_ATTR_SENSITIVE };
	struct khsm_generate_key *r = req;

	r->mech = rand_mech(chance(50) ? KHSM_MECH_AES_KEY_GEN :
					 KHSM_MECH_GENERIC_SECRET_KEY_GEN);
	r->attrs = tmpl_ptr(tmpl_make(types, 1 + below(5), &r->count));
}

/* Mechanism parameters of the crypt scenarios. */
enum { PK_NONE, PK_IV, PK_GCM, PK_CTR, PK_PSS, PK_OAEP };

static __u64 make_param(int kind, __u32 *len)
{
	void *p;
	__u64 l;

	switch (kind) {
	case PK_IV:
		l = 16;
		p = arena_rand(16);
		break;
	case PK_GCM: {
		struct khsm_gcm_params g = { .iv_len = 12, .tag_bits = 128 };

		rnd_bytes(g.iv, sizeof(g.iv));
		if (chance(20))
			g.iv_len = below(20);
		if (chance(20))
			g.tag_bits = PICK(((const __u32[]){
				0, 32, 64, 96, 104, 112, 120, 127, 129, 256 }));
		l = sizeof(g);
		p = arena_copy(&g, l);
		break;
	}
	case PK_CTR: {
		struct khsm_ctr_params c = { .counter_bits = 128 };

		rnd_bytes(c.cb, sizeof(c.cb));
		if (chance(30))
			c.counter_bits = below(140);
		if (chance(10))
			memset(c.cb, 0xff, sizeof(c.cb));
		if (chance(5))
			c.pad = rnd();
		l = sizeof(c);
		p = arena_copy(&c, l);
		break;
	}
	case PK_PSS: {
		struct khsm_pss_params s = { .hash_mech = KHSM_MECH_SHA256,
					     .mgf = KHSM_MGF1_SHA256,
					     .salt_len = 32 };

		if (chance(30))
			s.hash_mech = PICK(mechs);
		if (chance(30))
			s.mgf = below(7);
		if (chance(30))
			s.salt_len = chance(50) ? below(300) : rnd();
		l = sizeof(s);
		p = arena_copy(&s, l);
		break;
	}
	case PK_OAEP: {
		struct khsm_oaep_params o = { .hash_mech = KHSM_MECH_SHA256,
					      .mgf = KHSM_MGF1_SHA256,
					      .source = 1 };

		if (chance(30))
			o.hash_mech = PICK(mechs);
		if (chance(30))
			o.mgf = below(7);
		if (chance(10))
			o.source = rnd();
		if (chance(10))
			o.source_data = rnd();
		if (chance(10))
			o.source_data_len = rnd();
		l = sizeof(o);
		p = arena_copy(&o, l);
		break;
	}
	default:
		l = 0;
		p = NULL;
		if (chance(10)) {
			l = below(64);
			p = arena_rand(l);
		}
	}
	if (chance(8))
		l = bad_len(l);
	*len = (__u32)l;
	if (chance(4))
		return bad_ptr();
	return P(p);
}

struct scen {
	int key;
	__u64 mech;
	__u32 op;
	int param;
	unsigned int in_len; /* typical input length */
	unsigned int weight;
};

static const struct scen scens[] = {
	{ B_AES, KHSM_MECH_AES_ECB, KHSM_OP_ENCRYPT, PK_NONE, 32, 4 },
	{ B_AES, KHSM_MECH_AES_ECB, KHSM_OP_DECRYPT, PK_NONE, 32, 4 },
	{ B_AES, KHSM_MECH_AES_CBC, KHSM_OP_ENCRYPT, PK_IV, 48, 4 },
	{ B_AES, KHSM_MECH_AES_CBC, KHSM_OP_DECRYPT, PK_IV, 48, 4 },
	{ B_AES, KHSM_MECH_AES_CBC_PAD, KHSM_OP_ENCRYPT, PK_IV, 21, 4 },
	{ B_AES, KHSM_MECH_AES_CBC_PAD, KHSM_OP_DECRYPT, PK_IV, 32, 4 },
	{ B_AES, KHSM_MECH_AES_CTR, KHSM_OP_ENCRYPT, PK_CTR, 37, 4 },
	{ B_AES, KHSM_MECH_AES_CTR, KHSM_OP_DECRYPT, PK_CTR, 37, 4 },
	{ B_AES, KHSM_MECH_AES_GCM, KHSM_OP_ENCRYPT, PK_GCM, 29, 4 },
	{ B_AES, KHSM_MECH_AES_GCM, KHSM_OP_DECRYPT, PK_GCM, 45, 4 },
	{ B_AES, KHSM_MECH_AES_CMAC, KHSM_OP_SIGN, PK_NONE, 40, 4 },
	{ B_AES, KHSM_MECH_AES_CMAC, KHSM_OP_VERIFY, PK_NONE, 40, 4 },
	{ B_HMAC, KHSM_MECH_SHA256_HMAC, KHSM_OP_SIGN, PK_NONE, 50, 4 },
	{ B_HMAC, KHSM_MECH_SHA384_HMAC, KHSM_OP_VERIFY, PK_NONE, 50, 3 },
	{ B_HMAC, KHSM_MECH_SHA512_HMAC, KHSM_OP_SIGN, PK_NONE, 50, 3 },
	{ B_EC_PRIV, KHSM_MECH_ECDSA, KHSM_OP_SIGN, PK_NONE, 32, 2 },
	{ B_EC_PRIV, KHSM_MECH_ECDSA_SHA256, KHSM_OP_SIGN, PK_NONE, 77, 2 },
	{ B_EC_PUB, KHSM_MECH_ECDSA, KHSM_OP_VERIFY, PK_NONE, 32, 2 },
	{ B_EC_PUB, KHSM_MECH_ECDSA_SHA384, KHSM_OP_VERIFY, PK_NONE, 77, 2 },
	{ B_RSA_PRIV, KHSM_MECH_SHA256_RSA_PKCS, KHSM_OP_SIGN, PK_NONE, 60, 1 },
	{ B_RSA_PRIV, KHSM_MECH_RSA_PKCS_PSS, KHSM_OP_SIGN, PK_PSS, 32, 1 },
	{ B_RSA_PRIV, KHSM_MECH_RSA_PKCS_OAEP, KHSM_OP_DECRYPT, PK_OAEP, 256,
	  1 },
	{ B_RSA_PRIV, KHSM_MECH_RSA_PKCS, KHSM_OP_DECRYPT, PK_NONE, 256, 1 },
	{ B_RSA_PUB, KHSM_MECH_RSA_PKCS, KHSM_OP_ENCRYPT, PK_NONE, 40, 1 },
	{ B_RSA_PUB, KHSM_MECH_RSA_PKCS_OAEP, KHSM_OP_ENCRYPT, PK_OAEP, 40, 1 },
	{ B_RSA_PUB, KHSM_MECH_SHA512_RSA_PKCS_PSS, KHSM_OP_VERIFY, PK_PSS, 60,
	  1 },
	{ B_RSA_PUB, KHSM_MECH_RSA_X_509, KHSM_OP_ENCRYPT, PK_NONE, 256, 1 },
	{ B_RSA_PRIV, KHSM_MECH_RSA_PKCS, KHSM_OP_SIGN_RECOVER, PK_NONE, 40,
	  1 },
	{ B_RSA_PUB, KHSM_MECH_RSA_PKCS, KHSM_OP_VERIFY_RECOVER, PK_NONE, 256,
	  1 },
	{ B_RSA_PUB, KHSM_MECH_RSA_X_509, KHSM_OP_VERIFY_RECOVER, PK_NONE, 256,
	  1 },
};

static const struct scen *pick_scen(void)
{
	unsigned int i, total = 0, r;

	for (i = 0; i < sizeof(scens) / sizeof(scens[0]); i++)
		total += scens[i].weight;
	r = below(total);
	for (i = 0;; i++) {
		if (r < scens[i].weight)
			return &scens[i];
		r -= scens[i].weight;
	}
}

static void fill_crypt(void *req)
{
	static const __u32 multi[] = {
		KHSM_CRYPT_BEGIN,
		KHSM_CRYPT_UPDATE,
		KHSM_CRYPT_FINAL,
		KHSM_CRYPT_CANCEL,
		KHSM_CRYPT_UPDATE,
		KHSM_CRYPT_BEGIN | KHSM_CRYPT_FINAL,
		0x10,
		KHSM_CRYPT_UPDATE | KHSM_CRYPT_CANCEL,
	};
	struct khsm_crypt *r = req;
	const struct scen *s = pick_scen();
	__u64 len;

	r->flags = chance(90) ? 0 : PICK(multi);
	r->op = chance(90) ? s->op : below(7);
	r->key = chance(85) ? F.base[s->key] : rand_handle();
	r->mech = rand_mech(s->mech);
	r->param = make_param(chance(90) ? s->param : (int)below(6),
			      &r->param_len);
	len = chance(70) ? s->in_len : below(300);
	if (chance(3))
		len = PICK(((const __u64[]){ 0, KHSM_MAX_DATA_LEN,
					     KHSM_MAX_DATA_LEN + 1 }));
	r->in = in_ptr(arena_rand(len > ARENA_SIZE / 2 ? 16 : len), &len);
	/* A big input must really be there: read it from the out region. */
	if (len > ARENA_SIZE / 2 && len <= OUT_SIZE / 2 && chance(50))
		r->in = P(F.out);
	r->in_len = len;
	if (s->param == PK_GCM || s->param == PK_OAEP || chance(5)) {
		len = below(40);
		r->aad = in_ptr(arena_rand(len), &len);
		r->aad_len = len;
	}
	if (r->op == KHSM_OP_VERIFY || chance(5)) {
		len = PICK(((const __u64[]){ 16, 32, 48, 64, 96, 256, 0, 1 }));
		r->sig = in_ptr(arena_rand(len), &len);
		r->sig_len = len;
	}
	if (chance(15)) {
		r->out = 0;
		r->out_len = chance(50) ? 0 : rnd();
	} else {
		r->out = out_ptr(&len, chance(80) ? 512 : below(64));
		r->out_len = len;
	}
}

static void fill_generate_key_pair(void *req)
{
	static const __u64 ec_pub[] = { CKA_EC_PARAMS, KHSM_ATTR_VERIFY,
					KHSM_ATTR_TOKEN };
	static const __u64 rsa_pub[] = { CKA_MODULUS_BITS, CKA_PUBLIC_EXPONENT,
					 KHSM_ATTR_ENCRYPT };
	static const __u64 priv[] = { KHSM_ATTR_SIGN, KHSM_ATTR_DERIVE,
				      KHSM_ATTR_SENSITIVE,
				      KHSM_ATTR_EXTRACTABLE };
	struct khsm_generate_key_pair *r = req;
	int ec = chance(60);

	r->mech = rand_mech(ec ? KHSM_MECH_EC_KEY_PAIR_GEN :
				 KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN);
	r->pub_attrs =
		tmpl_ptr(ec ? tmpl_make(ec_pub, 1 + below(3), &r->pub_count) :
			      tmpl_make(rsa_pub, 1 + below(3), &r->pub_count));
	r->priv_attrs = tmpl_ptr(tmpl_make(priv, below(5), &r->priv_count));
}

static int attrs_have_valid_rsa_bits(const struct khsm_generate_key_pair *r)
{
	const struct khsm_attr *a = (const void *)(unsigned long)r->pub_attrs;
	unsigned int i;
	__u64 v;

	if (r->pub_attrs < P(F.arena) ||
	    r->pub_attrs >= P(F.arena) + ARENA_SIZE)
		return 0;
	for (i = 0; i < KHSM_MAX_ATTRS + 2 && i < r->pub_count; i++) {
		if (a[i].type != CKA_MODULUS_BITS || a[i].len != 8 ||
		    a[i].value < P(F.arena) ||
		    a[i].value >= P(F.arena) + ARENA_SIZE)
			continue;
		memcpy(&v, (void *)(unsigned long)a[i].value, 8);
		if (v == 2048 || v == 3072 || v == 4096)
			return 1;
	}
	return 0;
}

static void sanitize_key_pair(void *req, __u32 size)
{
	struct khsm_generate_key_pair *r = req;

	(void)size;
	/* An EC pair costs a keygen and a consistency test: not too many. */
	if (r->mech == KHSM_MECH_EC_KEY_PAIR_GEN && chance(60))
		r->pub_count = 0;
	if (r->mech == KHSM_MECH_EC_KEY_PAIR_GEN)
		F.heavy++;
	/* Belt and braces: never an RSA key generation. */
	if (attrs_have_valid_rsa_bits(r))
		r->pub_count = 0;
}

static void fill_derive_key(void *req)
{
	static const __u64 types[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
				       KHSM_ATTR_VALUE_LEN, KHSM_ATTR_ENCRYPT };
	struct khsm_derive_key *r = req;
	struct khsm_ecdh1_params e = { .kdf = KHSM_KDF_NULL };
	__u64 len;
	void *pt;

	r->mech = rand_mech(KHSM_MECH_ECDH1_DERIVE);
	r->base_key = chance(85) ? F.base[B_EC_PRIV] : rand_handle();
	if (chance(40))
		e.kdf = PICK(((const __u64[]){ KHSM_KDF_SHA1, KHSM_KDF_SHA224,
					       KHSM_KDF_SHA256, KHSM_KDF_SHA384,
					       KHSM_KDF_SHA512, 0, 3, 9 }));
	if (e.kdf != KHSM_KDF_NULL || chance(10)) {
		len = below(40);
		e.shared_data = in_ptr(arena_rand(len), &len);
		e.shared_data_len = len;
	}
	/* The base key's own public point: a valid peer. */
	len = F.ec_point_len;
	pt = arena_copy(F.ec_point, len);
	if (chance(50) && len > 2) { /* bare, without the OCTET STRING */
		pt = (__u8 *)pt + 2;
		len -= 2;
	}
	if (chance(20))
		((__u8 *)pt)[below(len)] ^= 1 << below(8);
	e.public_data = in_ptr(pt, &len);
	e.public_data_len = len;
	len = sizeof(e);
	r->param = in_ptr(arena_copy(&e, sizeof(e)), &len);
	r->param_len = len;
	r->attrs = tmpl_ptr(tmpl_make(types, 4, &r->count));
}

static void sanitize_derive(void *req, __u32 size)
{
	struct khsm_derive_key *r = req;

	(void)size;
	/* Each valid one is a scalar multiplication. */
	if (chance(50))
		r->count = 0;
	else
		F.heavy++;
}

static const __u64 wrap_mechs[] = { KHSM_MECH_AES_KEY_WRAP,
				    KHSM_MECH_AES_KEY_WRAP_KWP,
				    KHSM_MECH_AES_CBC_PAD,
				    KHSM_MECH_RSA_PKCS_OAEP,
				    KHSM_MECH_RSA_AES_KEY_WRAP };

static __u64 wrap_param(__u64 mech, __u32 *len)
{
	if (mech == KHSM_MECH_AES_CBC_PAD)
		return make_param(PK_IV, len);
	if (mech == KHSM_MECH_RSA_PKCS_OAEP)
		return make_param(PK_OAEP, len);
	if (mech == KHSM_MECH_RSA_AES_KEY_WRAP) {
		struct khsm_rsa_aes_wrap_params w = {
			.aes_key_bits = chance(80) ? 256 : below(300),
			.oaep = { .hash_mech = KHSM_MECH_SHA256,
				  .mgf = KHSM_MGF1_SHA256 },
		};
		__u64 l = sizeof(w);
		__u64 p = in_ptr(arena_copy(&w, sizeof(w)), &l);

		*len = l;
		return p;
	}
	return make_param(PK_NONE, len);
}

static void fill_wrap_key(void *req)
{
	struct khsm_wrap_key *r = req;
	__u64 mech = PICK(wrap_mechs), len;
	int rsa = mech == KHSM_MECH_RSA_PKCS_OAEP ||
		  mech == KHSM_MECH_RSA_AES_KEY_WRAP;

	r->mech = rand_mech(mech);
	r->wrapping_key = chance(85) ? F.base[rsa ? B_RSA_PUB : B_AES] :
				       rand_handle();
	r->key = chance(70) ? F.base[B_AES_X] : rand_handle();
	r->param = wrap_param(mech, &r->param_len);
	if (chance(15)) {
		r->out = 0;
		r->out_len = chance(50) ? 0 : rnd();
	} else {
		r->out = out_ptr(&len, 2048);
		r->out_len = len;
	}
}

static void fill_unwrap_key(void *req)
{
	static const __u64 types[] = { KHSM_ATTR_CLASS, KHSM_ATTR_KEY_TYPE,
				       KHSM_ATTR_DECRYPT, KHSM_ATTR_TOKEN };
	struct khsm_unwrap_key *r = req;
	__u64 mech = PICK(wrap_mechs), len;
	int rsa = mech == KHSM_MECH_RSA_PKCS_OAEP ||
		  mech == KHSM_MECH_RSA_AES_KEY_WRAP;

	r->mech = rand_mech(mech);
	r->unwrapping_key = chance(85) ? F.base[rsa ? B_RSA_PRIV : B_AES] :
					 rand_handle();
	r->param = wrap_param(mech, &r->param_len);
	len = rsa ? 256 + (mech == KHSM_MECH_RSA_AES_KEY_WRAP ? 40 : 0) :
		    PICK(((const __u64[]){ 24, 32, 40, 8, 16, 0, 17 }));
	r->in = in_ptr(arena_rand(len), &len);
	r->in_len = len;
	r->attrs = tmpl_ptr(tmpl_make(types, 4, &r->count));
	/* RSA unwraps are private-key operations: keep them rare. */
	if (rsa && chance(70))
		r->in_len = 7;
}

/* A command the module has but this test does not know: random bytes. */
static void fill_unknown(void *req)
{
	rnd_bytes((__u8 *)req + 8, below(64));
}

struct cmd_desc {
	unsigned int cmd;
	const char *name;
	__u32 ver0;
	fill_fn fill;
	void (*sanitize)(void *req, __u32 size);
	int session; /* needs a bound file */
};

#define CMD(ioc, ver0, fill, san, sess) \
	[_IOC_NR(ioc)] = { ioc, #ioc + 9, ver0, fill, san, sess }

static const struct cmd_desc cmds[FUZZ_NR_MAX + 1] = {
	CMD(KHSM_IOC_INFO, KHSM_INFO_SIZE_VER0, fill_info, NULL, 0),
	CMD(KHSM_IOC_TOKEN_CREATE, KHSM_TOKEN_CREATE_SIZE_VER0,
	    fill_token_create, NULL, 0),
	CMD(KHSM_IOC_TOKEN_DESTROY, KHSM_TOKEN_REF_SIZE_VER0, fill_token_ref,
	    NULL, 0),
	CMD(KHSM_IOC_TOKEN_LIST, KHSM_TOKEN_LIST_SIZE_VER0, fill_token_list,
	    NULL, 0),
	CMD(KHSM_IOC_TOKEN_INFO, KHSM_TOKEN_INFO_SIZE_VER0, fill_token_info,
	    NULL, 0),
	CMD(KHSM_IOC_TOKEN_INIT, KHSM_TOKEN_INIT_SIZE_VER0, fill_token_init,
	    sanitize_token_init, 0),
	CMD(KHSM_IOC_SESSION_OPEN, KHSM_SESSION_OPEN_SIZE_VER0,
	    fill_session_open, NULL, 0),
	CMD(KHSM_IOC_SESSION_INFO, KHSM_SESSION_INFO_SIZE_VER0, fill_empty,
	    NULL, 1),
	CMD(KHSM_IOC_LOGIN, KHSM_LOGIN_SIZE_VER0, fill_login, sanitize_login,
	    1),
	CMD(KHSM_IOC_LOGOUT, KHSM_LOGOUT_SIZE_VER0, fill_empty, NULL, 1),
	CMD(KHSM_IOC_INIT_PIN, KHSM_LOGIN_SIZE_VER0, fill_init_pin,
	    sanitize_init_pin, 1),
	CMD(KHSM_IOC_SET_PIN, KHSM_SET_PIN_SIZE_VER0, fill_set_pin,
	    sanitize_set_pin, 1),
	CMD(KHSM_IOC_OBJECT_CREATE, KHSM_OBJECT_CREATE_SIZE_VER0,
	    fill_object_create, NULL, 1),
	CMD(KHSM_IOC_OBJECT_COPY, KHSM_OBJECT_COPY_SIZE_VER0, fill_object_copy,
	    NULL, 1),
	CMD(KHSM_IOC_OBJECT_DESTROY, KHSM_OBJECT_REF_SIZE_VER0, fill_object_ref,
	    NULL, 1),
	CMD(KHSM_IOC_ATTR_GET, KHSM_ATTR_GET_SIZE_VER0, fill_attr_get, NULL, 1),
	CMD(KHSM_IOC_ATTR_SET, KHSM_ATTR_SET_SIZE_VER0, fill_attr_set, NULL, 1),
	CMD(KHSM_IOC_FIND, KHSM_FIND_SIZE_VER0, fill_find, NULL, 1),
	CMD(KHSM_IOC_GENERATE_KEY, KHSM_GENERATE_KEY_SIZE_VER0,
	    fill_generate_key, NULL, 1),
	CMD(KHSM_IOC_CRYPT, KHSM_CRYPT_SIZE_VER0, fill_crypt, NULL, 1),
	CMD(KHSM_IOC_GENERATE_KEY_PAIR, KHSM_GENERATE_KEY_PAIR_SIZE_VER0,
	    fill_generate_key_pair, sanitize_key_pair, 1),
	CMD(KHSM_IOC_DERIVE_KEY, KHSM_DERIVE_KEY_SIZE_VER0, fill_derive_key,
	    sanitize_derive, 1),
	CMD(KHSM_IOC_WRAP_KEY, KHSM_WRAP_KEY_SIZE_VER0, fill_wrap_key, NULL, 1),
	CMD(KHSM_IOC_UNWRAP_KEY, KHSM_UNWRAP_KEY_SIZE_VER0, fill_unwrap_key,
	    NULL, 1),
};

/* ---- bookkeeping of what the fuzzer made ---- */

static void pool_add(int fd, __u32 h)
{
	unsigned int i;

	if (!h)
		return;
	if (F.n_pool == FUZZ_POOL) {
		i = below(FUZZ_POOL);
		khsm_destroy(fd, F.pool[i]);
		F.pool[i] = h;
		return;
	}
	F.pool[F.n_pool++] = h;
}

static void token_made(unsigned int id)
{
	if (F.n_made < FUZZ_MADE_TOKENS && !is_init_token(id))
		F.made[F.n_made++] = id;
}

static int token_list(int fd, unsigned int *ids, unsigned int cap)
{
	struct khsm_token_list r = { .size = sizeof(r),
				     .ids = P(ids),
				     .capacity = cap };
	int ret = khsm_ioctl(fd, KHSM_IOC_TOKEN_LIST, &r);

	return ret ? ret : (int)r.count;
}

static int open_unbound(void)
{
	return khsm_open();
}

/* Bring the shared login state to what the phase wants. */
static void set_phase(int phase)
{
	int st = khsm_session_state(F.fd_rw);

	if (phase == PH_SO && F.fd_ro >= 0) {
		close(F.fd_ro);
		F.fd_ro = -1;
	}
	if (st == KHSM_SESSION_STATE_RW_SO && phase != PH_SO)
		khsm_logout(F.fd_rw);
	if (st == KHSM_SESSION_STATE_RW_USER && phase != PH_USER)
		khsm_logout(F.fd_rw);
	if (phase == PH_SO) {
		if (st != KHSM_SESSION_STATE_RW_SO &&
		    khsm_login(F.fd_rw, KHSM_USER_SO, TEST_SO_PIN) == 0)
			khsm_init_pin(F.fd_rw, TEST_USER_PIN); /* unlocks */
	} else if (F.fd_ro < 0) {
		F.fd_ro = khsm_session(F.token, 0);
	}
	if (phase == PH_USER && st != KHSM_SESSION_STATE_RW_USER)
		khsm_login(F.fd_rw, KHSM_USER_USER, TEST_USER_PIN);
	F.phase = phase;
}

/* ---- one request ---- */

static void record(unsigned int slot, int ret, double secs)
{
	struct cmd_stat *s = &F.st[slot];
	int e = ret < 0 ? -ret : 0;

	s->n++;
	s->secs += secs;
	if (!ret)
		s->ok++;
	else
		s->err[e < FUZZ_NERR ? e : FUZZ_NERR - 1]++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Rings of 64- and 128-byte SQEs; made on first use, in the test's child. */
static struct io_uring fuzz_rings[2];
static int fuzz_rings_ok = -1;

/*
 * The same request as IORING_OP_URING_CMD: it must give what the ioctl
 * gives, so every check on the outcome stays as it is.
 */
static int uring_ioctl(int fd, unsigned long cmd, __u64 arg)
{
	int sqe128 = chance(50), ret;
	struct khsm_uring_cmd uc = { .req = arg };
	struct io_uring *ring = &fuzz_rings[sqe128];
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct io_uring_cqe *cqe;

	if (!sqe)
		return -EIO;
	memset(sqe, 0, sqe128 ? 128 : 64);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd;
	memcpy((__u8 *)sqe + offsetof(struct io_uring_sqe, cmd), &uc,
	       sizeof(uc));
	if (io_uring_submit(ring) != 1)
		return -EIO;
	do
		ret = io_uring_wait_cqe(ring, &cqe);
	while (ret == -EINTR);
	if (ret)
		return ret;
	ret = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return ret;
}

/* A quarter of the requests travel by io_uring, the rest by ioctl(2). */
static int timed_ioctl(int fd, unsigned long cmd, __u64 arg, double *secs)
{
	double t0 = now();
	int ret;

	if (fuzz_rings_ok < 0)
		fuzz_rings_ok = !io_uring_queue_init(4, &fuzz_rings[0], 0) &&
				!io_uring_queue_init(4, &fuzz_rings[1],
						     IORING_SETUP_SQE128);
	if (fuzz_rings_ok && chance(25))
		ret = uring_ioctl(fd, cmd, arg);
	else
		ret = ioctl(fd, cmd, (unsigned long)arg) < 0 ? -errno : 0;

	*secs = now() - t0;
	return ret;
}

/* A command number that must not reach any handler. */
static unsigned long mangled(unsigned int nr)
{
	__u32 size = F.live_size[nr];

	if (!size) /* no such command: any encoding */
		return _IOC(below(4), KHSM_IOC_MAGIC, nr,
			    chance(50) ? below(512) : below(1 << 14));
	switch (below(6)) {
	case 0:
		return _IOWR(KHSM_IOC_MAGIC, nr, char[1]) + ((size - 1) << 16) +
		       ((1 + below(8)) << 16);
	case 1:
		return _IOC(_IOC_READ, KHSM_IOC_MAGIC, nr, size);
	case 2:
		return _IOC(_IOC_WRITE, KHSM_IOC_MAGIC, nr, size);
	case 3:
		return _IOC(_IOC_NONE, KHSM_IOC_MAGIC, nr, size);
	case 4:
		return _IOC(_IOC_READ | _IOC_WRITE, KHSM_IOC_MAGIC ^ 1, nr,
			    size);
	default:
		return _IOC(_IOC_READ | _IOC_WRITE, KHSM_IOC_MAGIC, nr,
			    size - 8 * (1 + below(4)));
	}
}

static int pick_fd(int session)
{
	unsigned int r = below(100);

	if (r < 10 && !session)
		return F.fd_unbound;
	if (r < 14)
		return F.fd_unbound;
	if (r < 35 && F.fd_ro >= 0)
		return F.fd_ro;
	return F.fd_rw;
}

/* Where the request struct lives, and whether the fuzzer may read it. */
static __u64 place_req(const __u8 *req, __u32 natural, int *normal)
{
	__u8 *dst;

	*normal = 0;
	switch (below(100)) {
	case 0:
		return 0;
	case 1:
		return P(F.unmapped);
	case 2:
		return KERNEL_PTR;
	case 3: /* the size word readable, nothing more */
		memcpy(F.req_guard - 4, req, 4);
		return P(F.req_guard - 4);
	case 4: /* the struct ends at the guard page */
	case 5:
		dst = F.req_guard - natural;
		memcpy(dst, req, natural);
		return P(dst);
	case 6: /* read-only: the reply cannot be written */
		mprotect(F.ro, PAGE, PROT_READ | PROT_WRITE);
		memcpy(F.ro, req, PAGE);
		mprotect(F.ro, PAGE, PROT_READ);
		return P(F.ro);
	case 7:
	case 8: /* misaligned */
		dst = F.req_area + 1 + below(7);
		memcpy(dst, req, 2 * PAGE - 8);
		*normal = 1;
		return P(dst);
	default:
		memcpy(F.req_area, req, 2 * PAGE);
		*normal = 1;
		return P(F.req_area);
	}
}

/* Size field mutations; returns the size put in the request. */
static __u32 mutate_size(__u8 *req, __u32 natural, __u32 ver0)
{
	__u32 size = natural;

	if (chance(15)) {
		switch (below(10)) {
		case 0:
			size = 0;
			break;
		case 1:
			size = ver0 - 1 - below(ver0 ? ver0 - 1 : 1);
			break;
		case 2:
			size = ver0;
			break;
		case 3: /* larger, zero tail: accepted */
			size = natural + 8 * (1 + below(32));
			break;
		case 4: /* larger, non-zero tail */
			size = natural + 1 + below(200);
			req[natural + below(size - natural)] = 1 + below(255);
			break;
		case 5:
			size = PAGE;
			break;
		case 6:
			size = PAGE + 1 + below(10);
			break;
		case 7:
			size = ~0U;
			break;
		case 8:
			size = natural - 1;
			break;
		default:
			size = (__u32)rnd();
		}
	}
	memcpy(req, &size, 4);
	return size;
}

static void mutate_body(__u8 *req, __u32 natural)
{
	__u32 v;
	unsigned int i, n;

	if (chance(8)) { /* unknown flag bits */
		v = chance(50) ? 1U << below(32) : (__u32)rnd();
		memcpy(req + 4, &v, 4);
	}
	if (chance(8)) /* a reserved (last 16 bytes) or padding word */
		req[natural - 1 - below(16)] = 1 + below(255);
	if (chance(10)) { /* bit flips anywhere after the size */
		n = 1 + below(4);
		for (i = 0; i < n; i++)
			req[4 + below(natural - 4)] ^= 1 << below(8);
	}
	if (chance(3)) /* a random 64-bit word */
		rnd_bytes(req + 8 * below(natural / 8) + (chance(50) ? 0 : 4),
			  4);
	if (chance(2)) /* pure random bytes */
		rnd_bytes(req + 4, natural - 4);
}

/* Size and reply framing the ABI fixes, whatever the handler does. */
static void check_framing(struct __test_metadata *_metadata, unsigned int nr,
			  __u32 size, __u32 ver0, __u32 natural,
			  const __u8 *req, int ret)
{
	const char *want = NULL;
	unsigned int i;

	/* The command may be refused before the request is read. */
	if (ret == -EPERM || ret == -EBADFD || ret == -ESRCH || ret == -EACCES)
		return;
	if (size < ver0 && ret != -EINVAL) /* ver0 0: command unknown here */
		want = "-EINVAL for size < VER0";
	else if (size > PAGE && ret != -E2BIG)
		want = "-E2BIG for size > PAGE_SIZE";
	if (size > natural && size <= PAGE) {
		for (i = natural; i < size; i++)
			if (req[i])
				break;
		if (i < size && ret != -E2BIG)
			want = "-E2BIG for a non-zero tail";
	}
	if (want) {
		F.framing_violations++;
		if (F.framing_violations <= 10)
			TH_LOG("cmd 0x%02x size %u: got %d, want %s", nr, size,
			       ret, want);
	}
}

static void after_success(unsigned int nr, int fd, const __u8 *req)
{
	switch (nr) {
	case _IOC_NR(KHSM_IOC_TOKEN_CREATE):
		token_made(((const struct khsm_token_create *)req)->token);
		break;
	case _IOC_NR(KHSM_IOC_OBJECT_CREATE):
		pool_add(fd, ((const struct khsm_object_create *)req)->handle);
		break;
	case _IOC_NR(KHSM_IOC_OBJECT_COPY):
		pool_add(fd,
			 ((const struct khsm_object_copy *)req)->new_handle);
		break;
	case _IOC_NR(KHSM_IOC_GENERATE_KEY):
		pool_add(fd, ((const struct khsm_generate_key *)req)->handle);
		break;
	case _IOC_NR(KHSM_IOC_GENERATE_KEY_PAIR):
		pool_add(fd, ((const struct khsm_generate_key_pair *)req)
				     ->pub_handle);
		pool_add(fd, ((const struct khsm_generate_key_pair *)req)
				     ->priv_handle);
		break;
	case _IOC_NR(KHSM_IOC_DERIVE_KEY):
		pool_add(fd, ((const struct khsm_derive_key *)req)->handle);
		break;
	case _IOC_NR(KHSM_IOC_UNWRAP_KEY):
		pool_add(fd, ((const struct khsm_unwrap_key *)req)->handle);
		break;
	}
}

static void one_request(struct __test_metadata *_metadata)
{
	static __u8 req[3 * PAGE];
	const struct cmd_desc *d;
	unsigned int nr = below(FUZZ_NR_MAX + 1);
	__u32 natural, size, ver0;
	int fd, ret, normal;
	unsigned long cmd;
	double secs;
	__u64 arg;

	F.arena_used = 0;
	/* Mostly live commands; the others are cheap and always the same. */
	while (!F.live_size[nr] && chance(70))
		nr = below(FUZZ_NR_MAX + 1);
	if (!F.live_size[nr] || chance(3)) {
		/* Not a command, or a command number encoded wrongly. */
		fd = chance(50) ? F.fd_rw : F.fd_unbound;
		cmd = mangled(nr);
		rnd_bytes(req, 64);
		memcpy(F.req_area, req, 64);
		ret = timed_ioctl(fd, cmd, P(F.req_area), &secs);
		record(FUZZ_NR_MAX + 1, ret, secs);
		if (ret != -ENOTTY) {
			F.enotty_violations++;
			if (F.enotty_violations <= 10)
				TH_LOG("ioctl 0x%lx (nr 0x%02x): %d, want -ENOTTY",
				       cmd, nr, ret);
		}
		return;
	}

	d = &cmds[nr];
	natural = F.live_size[nr];
	ver0 = d->ver0 ? d->ver0 : natural;
	cmd = d->cmd ? d->cmd :
		       _IOWR(KHSM_IOC_MAGIC, nr, char[1]) +
			       ((natural - 1) << 16);
	memset(req, 0, sizeof(req));
	if (d->fill && (d->cmd == 0 || _IOC_SIZE(d->cmd) == natural))
		d->fill(req);
	else
		fill_unknown(req);
	size = mutate_size(req, natural, ver0);
	mutate_body(req, natural);
	if (d->sanitize)
		d->sanitize(req, size);
	if (chance(1)) { /* entirely random, size included */
		rnd_bytes(req, natural);
		memcpy(&size, req, 4);
	}
	/* Whatever the mutations did, none of it may be slow. */
	if (nr == _IOC_NR(KHSM_IOC_GENERATE_KEY_PAIR) &&
	    attrs_have_valid_rsa_bits((void *)req))
		((struct khsm_generate_key_pair *)req)->pub_count = 0;

	memcpy(&size, req, 4); /* a random word may have hit it */
	fd = pick_fd(d->session);
	arg = place_req(req, natural, &normal);
	ret = timed_ioctl(fd, cmd, arg, &secs);
	record(nr, ret, secs);
	if (normal)
		check_framing(_metadata, nr, size, d->ver0, natural, req, ret);
	if (ret == 0 && normal)
		after_success(nr, fd, (const __u8 *)(unsigned long)arg);
	/* An unbound file that got bound is replaced by a fresh one. */
	if (ret == 0 && nr == _IOC_NR(KHSM_IOC_SESSION_OPEN) &&
	    fd == F.fd_unbound) {
		close(F.fd_unbound);
		F.fd_unbound = open_unbound();
	}
}

/* ---- setup of the target token ---- */

static int import(int fd, struct tmpl *t, __u32 *h)
{
	tmpl_bool(t, KHSM_ATTR_DESTROYABLE, 0);
	tmpl_bool(t, KHSM_ATTR_MODIFIABLE, 0);
	return khsm_create(fd, t, h);
}

static void setup_objects(struct __test_metadata *_metadata, int s)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	static const __u64 types[] = {
		CKA_MODULUS,	CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
		CKA_PRIME_1,	CKA_PRIME_2,	     CKA_EXPONENT_1,
		CKA_EXPONENT_2, CKA_COEFFICIENT
	};
	struct tmpl t = { .n = 0 }, pub = { .n = 0 }, priv = { .n = 0 };
	struct khsm_generate_key_pair kp = { .size = sizeof(kp) };
	__u8 key[32];
	unsigned int i;
	EVP_PKEY *pkey;
	BIO *bio;

	memset(key, 0x5a, sizeof(key));
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 16);
	tmpl_bool(&t, KHSM_ATTR_ENCRYPT, 1);
	tmpl_bool(&t, KHSM_ATTR_DECRYPT, 1);
	tmpl_bool(&t, KHSM_ATTR_SIGN, 1);
	tmpl_bool(&t, KHSM_ATTR_VERIFY, 1);
	tmpl_bool(&t, KHSM_ATTR_WRAP, 1);
	tmpl_bool(&t, KHSM_ATTR_UNWRAP, 1);
	ASSERT_EQ(0, import(s, &t, &F.base[B_AES]));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 32);
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 0);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 1);
	tmpl_bool(&t, KHSM_ATTR_ENCRYPT, 1);
	ASSERT_EQ(0, import(s, &t, &F.base[B_AES_X]));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_GENERIC_SECRET);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 32);
	tmpl_bool(&t, KHSM_ATTR_SIGN, 1);
	tmpl_bool(&t, KHSM_ATTR_VERIFY, 1);
	ASSERT_EQ(0, import(s, &t, &F.base[B_HMAC]));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	tmpl_str(&t, KHSM_ATTR_LABEL, "fuzz data");
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 20);
	ASSERT_EQ(0, import(s, &t, &F.base[B_DATA]));

	/* An EC pair made in the kernel; its point is a valid ECDH peer. */
	tmpl_bytes(&pub, CKA_EC_PARAMS, p256_oid, sizeof(p256_oid));
	tmpl_bool(&pub, KHSM_ATTR_VERIFY, 1);
	tmpl_bool(&pub, KHSM_ATTR_DESTROYABLE, 0);
	tmpl_bool(&pub, KHSM_ATTR_MODIFIABLE, 0);
	tmpl_bool(&priv, KHSM_ATTR_SIGN, 1);
	tmpl_bool(&priv, KHSM_ATTR_DERIVE, 1);
	tmpl_bool(&priv, KHSM_ATTR_DESTROYABLE, 0);
	tmpl_bool(&priv, KHSM_ATTR_MODIFIABLE, 0);
	kp.mech = KHSM_MECH_EC_KEY_PAIR_GEN;
	kp.pub_attrs = P(pub.a);
	kp.pub_count = pub.n;
	kp.priv_attrs = P(priv.a);
	kp.priv_count = priv.n;
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_GENERATE_KEY_PAIR, &kp));
	F.base[B_EC_PUB] = kp.pub_handle;
	F.base[B_EC_PRIV] = kp.priv_handle;
	t.n = 0;
	tmpl_bytes(&t, CKA_EC_POINT, F.ec_point, sizeof(F.ec_point));
	ASSERT_EQ(0, khsm_get_attrs(s, kp.pub_handle, &t, &i));
	ASSERT_EQ(0U, i);
	F.ec_point_len = t.a[0].len;

	/* The fixed RSA key, imported. */
	bio = BIO_new_mem_buf(rsa_pem, -1);
	ASSERT_NE(NULL, bio);
	pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ASSERT_NE(NULL, pkey);
	pub.n = 0;
	priv.n = 0;
	tmpl_ulong(&priv, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
	tmpl_ulong(&priv, KHSM_ATTR_KEY_TYPE, KHSM_KEY_RSA);
	tmpl_bool(&priv, KHSM_ATTR_SIGN, 1);
	tmpl_bool(&priv, KHSM_ATTR_DECRYPT, 1);
	tmpl_bool(&priv, KHSM_ATTR_UNWRAP, 1);
	tmpl_ulong(&pub, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
	tmpl_ulong(&pub, KHSM_ATTR_KEY_TYPE, KHSM_KEY_RSA);
	tmpl_bool(&pub, KHSM_ATTR_VERIFY, 1);
	tmpl_bool(&pub, KHSM_ATTR_ENCRYPT, 1);
	tmpl_bool(&pub, KHSM_ATTR_WRAP, 1);
	for (i = 0; i < 8; i++) {
		BIGNUM *bn = NULL;

		ASSERT_EQ(1, EVP_PKEY_get_bn_param(pkey, names[i], &bn));
		F.rsa_len[i] = BN_bn2bin(bn, F.rsa_part[i]);
		BN_free(bn);
		tmpl_bytes(&priv, types[i], F.rsa_part[i], F.rsa_len[i]);
		if (i < 2)
			tmpl_bytes(&pub, types[i], F.rsa_part[i], F.rsa_len[i]);
	}
	EVP_PKEY_free(pkey);
	ASSERT_EQ(0, import(s, &priv, &F.base[B_RSA_PRIV]));
	ASSERT_EQ(0, import(s, &pub, &F.base[B_RSA_PUB]));
}

/* Which command numbers the module serves, with the size they carry. */
static void probe_commands(void)
{
	__u8 zero[512] = { 0 };
	unsigned int nr;
	__u32 size;

	for (nr = 0; nr <= FUZZ_NR_MAX; nr++) {
		F.live_size[nr] = 0;
		if (cmds[nr].cmd &&
		    khsm_ioctl(F.fd_unbound, cmds[nr].cmd, zero) != -ENOTTY) {
			F.live_size[nr] = _IOC_SIZE(cmds[nr].cmd);
			continue;
		}
		/* A command added after this test: find its size. */
		for (size = 8; size <= 256; size += 8)
			if (khsm_ioctl(F.fd_unbound,
				       _IOWR(KHSM_IOC_MAGIC, nr, char[1]) +
					       ((size - 1) << 16),
				       zero) != -ENOTTY) {
				F.live_size[nr] = size;
				break;
			}
	}
}

/* ---- health checks ---- */

/* New kernel messages that mean the kernel is not healthy; 0 if none. */
static int kmsg_bad(struct __test_metadata *_metadata, int kfd)
{
	static const char *const bad[] = {
		"WARNING:",
		"BUG:",
		"Oops",
		"general protection",
		"refcount_t",
		"UBSAN",
		"cut here",
		"list_add corruption",
		"list_del corruption",
		"Redzone",
		"Poison overwritten",
		"usercopy:",
		"still has objects",
		"soft lockup",
		"blocked for more than",
		"stack-protector",
	};
	char rec[8192];
	int found = 0;
	unsigned int i;
	ssize_t n;

	for (;;) {
		n = read(kfd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten records */
		if (n <= 0)
			break;
		rec[n] = 0;
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(rec, bad[i])) {
				if (found++ < 20)
					TH_LOG("kernel: %s", rec);
				break;
			}
	}
	return found;
}

/* The errno histogram, per command and in all. */
static void print_histogram(void)
{
	unsigned long total[FUZZ_NERR] = { 0 }, n = 0, ok = 0;
	unsigned int nr, e;
	double secs = 0;

	for (nr = 0; nr <= FUZZ_NR_MAX + 1; nr++) {
		struct cmd_stat *s = &F.st[nr];
		char line[1024];
		int len;

		if (!s->n)
			continue;
		len = snprintf(line, sizeof(line),
			       "%-18s n=%-6lu %5.1fms ok=%lu",
			       nr > FUZZ_NR_MAX ? "(mangled)" :
			       cmds[nr].name	? cmds[nr].name :
						  "(unknown)",
			       s->n, 1e3 * s->secs / s->n, s->ok);
		for (e = 1; e < FUZZ_NERR; e++) {
			total[e] += s->err[e];
			if (s->err[e] && len < (int)sizeof(line) - 40)
				len += snprintf(line + len, sizeof(line) - len,
						" %s=%lu",
						strerrorname_np(e) ?: "?",
						s->err[e]);
		}
		printf("#   %s\n", line);
		n += s->n;
		ok += s->ok;
		secs += s->secs;
	}
	printf("# all: %lu requests, %.1f s in ioctl, ok=%lu", n, secs, ok);
	for (e = 1; e < FUZZ_NERR; e++)
		if (total[e])
			printf(" %s=%lu", strerrorname_np(e) ?: "?", total[e]);
	printf("\n");
}

/* The module still does its job: token, PINs, AES round trip, ECDSA. */
static void known_good(struct __test_metadata *_metadata, int fd)
{
	static const __u8 msg[48] =
		"known good after fuzzing: three AES blocks";
	struct tmpl t = { .n = 0 }, pub = { .n = 0 }, priv = { .n = 0 };
	struct khsm_generate_key_pair kp = { .size = sizeof(kp) };
	__u8 iv[16] = { 1 }, ct[64], pt[64], sig[128];
	unsigned int token;
	__u32 aes;
	int s;

	struct khsm_crypt c = { .size = sizeof(c), .mech = KHSM_MECH_AES_CBC };

	ASSERT_EQ(0, khsm_test_token(fd, &token));
	s = khsm_session(token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));

	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 32);
	tmpl_bool(&t, KHSM_ATTR_ENCRYPT, 1);
	tmpl_bool(&t, KHSM_ATTR_DECRYPT, 1);
	ASSERT_EQ(0, khsm_generate(s, KHSM_MECH_AES_KEY_GEN, &t, &aes));
	c.op = KHSM_OP_ENCRYPT;
	c.key = aes;
	c.param = P(iv);
	c.param_len = sizeof(iv);
	c.in = P(msg);
	c.in_len = sizeof(msg);
	c.out = P(ct);
	c.out_len = sizeof(ct);
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_CRYPT, &c));
	ASSERT_EQ(sizeof(msg), c.out_len);
	c.op = KHSM_OP_DECRYPT;
	c.in = P(ct);
	c.out = P(pt);
	c.out_len = sizeof(pt);
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_CRYPT, &c));
	ASSERT_EQ(sizeof(msg), c.out_len);
	ASSERT_EQ(0, memcmp(msg, pt, sizeof(msg)));

	tmpl_bytes(&pub, CKA_EC_PARAMS, p256_oid, sizeof(p256_oid));
	tmpl_bool(&pub, KHSM_ATTR_VERIFY, 1);
	tmpl_bool(&priv, KHSM_ATTR_SIGN, 1);
	kp.mech = KHSM_MECH_EC_KEY_PAIR_GEN;
	kp.pub_attrs = P(pub.a);
	kp.pub_count = pub.n;
	kp.priv_attrs = P(priv.a);
	kp.priv_count = priv.n;
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_GENERATE_KEY_PAIR, &kp));
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	c.op = KHSM_OP_SIGN;
	c.key = kp.priv_handle;
	c.mech = KHSM_MECH_ECDSA_SHA256;
	c.in = P(msg);
	c.in_len = sizeof(msg);
	c.out = P(sig);
	c.out_len = sizeof(sig);
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_CRYPT, &c));
	ASSERT_EQ(64ULL, c.out_len);
	c.op = KHSM_OP_VERIFY;
	c.key = kp.pub_handle;
	c.sig = P(sig);
	c.sig_len = 64;
	c.out = 0;
	c.out_len = 0;
	ASSERT_EQ(0, khsm_ioctl(s, KHSM_IOC_CRYPT, &c));
	sig[5] ^= 1;
	ASSERT_EQ(-EBADMSG, khsm_ioctl(s, KHSM_IOC_CRYPT, &c));

	close(s);
	ASSERT_EQ(0, khsm_token_destroy(fd, token));
}

FIXTURE(fuzz)
{
	int admin;
	int kmsg;
	long secrets_before;
	unsigned int n_init;
	unsigned int init_tokens[KHSM_MAX_TOKENS];
};

FIXTURE_SETUP(fuzz)
{
	int n;

	self->admin = khsm_open();
	ASSERT_LE(0, self->admin);
	/* Only messages from now on. */
	self->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (self->kmsg >= 0)
		lseek(self->kmsg, 0, SEEK_END);
	else
		TH_LOG("no /dev/kmsg (%s): kernel log not checked",
		       strerror(errno));
	self->secrets_before = khsm_secret_objects();
	n = token_list(self->admin, self->init_tokens, KHSM_MAX_TOKENS);
	ASSERT_LE(0, n);
	self->n_init = n;
}

FIXTURE_TEARDOWN(fuzz)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
	close(self->admin);
}

TEST_F_TIMEOUT(fuzz, random_requests, 900)
{
	unsigned int ids[KHSM_MAX_TOKENS], i, j;
	unsigned long iters = FUZZ_DEFAULT_ITERS, it;
	const char *env;
	__u64 seed;
	long after;
	double t0;
	__u8 *m;
	int n;

	env = getenv("KHSM_FUZZ_SEED");
	seed = env ? strtoull(env, NULL, 0) : (__u64)time(NULL) ^ getpid();
	env = getenv("KHSM_FUZZ_ITERS");
	if (env)
		iters = strtoul(env, NULL, 0);
	printf("# seed %llu (KHSM_FUZZ_SEED=%llu reproduces), %lu requests\n",
	       (unsigned long long)seed, (unsigned long long)seed, iters);
	fflush(stdout);
	rng_state = seed;

	memset(&F, 0, sizeof(F));
	F.n_init = self->n_init;
	memcpy(F.init_tokens, self->init_tokens, sizeof(F.init_tokens));

	/*
	 * Memory: [arena | out region | guard | read-only | unmapped] and
	 * [request area (2 pages) | guard].
	 */
	m = mmap(FUZZ_ARENA_AT, ARENA_SIZE + OUT_SIZE + 3 * PAGE,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	F.arena = m;
	F.out = m + ARENA_SIZE;
	F.guard = F.out + OUT_SIZE;
	F.ro = F.guard + PAGE;
	F.unmapped = F.ro + PAGE;
	ASSERT_EQ(0, mprotect(F.guard, PAGE, PROT_NONE));
	ASSERT_EQ(0, mprotect(F.ro, PAGE, PROT_READ));
	ASSERT_EQ(0, munmap(F.unmapped, PAGE));
	m = mmap(FUZZ_REQ_AT, 3 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	F.req_area = m;
	F.req_guard = m + 2 * PAGE;
	ASSERT_EQ(0, mprotect(F.req_guard, PAGE, PROT_NONE));

	/* The target: a token with generous PIN failures, three files. */
	ASSERT_EQ(0, khsm_token_create(self->admin, 0, 0, 0600, &F.token));
	{
		struct khsm_token_init r = {
			.size = sizeof(r),
			.token = F.token,
			.pin_len = strlen(TEST_SO_PIN),
			.pin = P(TEST_SO_PIN),
			.max_pin_failures = FUZZ_PIN_FAILURES,
			.pbkdf2_iterations = TEST_ITERATIONS,
		};

		memset(r.label, ' ', sizeof(r.label));
		ASSERT_EQ(0, khsm_ioctl(self->admin, KHSM_IOC_TOKEN_INIT, &r));
	}
	F.fd_rw = khsm_session(F.token, KHSM_SESSION_RW);
	ASSERT_LE(0, F.fd_rw);
	ASSERT_EQ(0, khsm_login(F.fd_rw, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_init_pin(F.fd_rw, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_logout(F.fd_rw));
	ASSERT_EQ(0, khsm_login(F.fd_rw, KHSM_USER_USER, TEST_USER_PIN));
	F.fd_ro = khsm_session(F.token, 0);
	ASSERT_LE(0, F.fd_ro);
	F.fd_unbound = open_unbound();
	ASSERT_LE(0, F.fd_unbound);
	setup_objects(_metadata, F.fd_rw);
	F.phase = PH_USER;

	probe_commands();
	for (i = 0, j = 0; i <= FUZZ_NR_MAX; i++)
		j += !!F.live_size[i];
	printf("# %u live command numbers in 0x00..0x%02x\n", j, FUZZ_NR_MAX);

	t0 = now();
	for (it = 0; it < iters; it++) {
		if (it % FUZZ_PHASE == 0 && it) {
			unsigned int r = below(100);

			set_phase(r < 65 ? PH_USER :
				  r < 85 ? PH_PUBLIC :
					   PH_SO);
		} else if (it % 64 == 0) {
			set_phase(F.phase); /* undo stray logins and logouts */
		}
		one_request(_metadata);
	}
	printf("# %lu requests in %.1f s (%lu could run PBKDF2 or keygen)\n",
	       iters, now() - t0, F.heavy);
	print_histogram();
	fflush(stdout);
	EXPECT_EQ(0UL, F.enotty_violations);
	EXPECT_EQ(0UL, F.framing_violations);

	/* Destroy everything the run made. */
	if (F.fd_ro >= 0)
		close(F.fd_ro);
	close(F.fd_rw);
	close(F.fd_unbound);
	EXPECT_EQ(0, khsm_token_destroy(self->admin, F.token));
	n = token_list(self->admin, ids, KHSM_MAX_TOKENS);
	ASSERT_LE(0, n);
	for (i = 0; i < (unsigned int)n; i++)
		if (!is_init_token(ids[i]))
			EXPECT_EQ(0, khsm_token_destroy(self->admin, ids[i]));
	n = token_list(self->admin, ids, KHSM_MAX_TOKENS);
	ASSERT_EQ((int)self->n_init, n);
	for (i = 0; i < (unsigned int)n; i++)
		EXPECT_TRUE(is_init_token(ids[i]));

	after = khsm_secret_objects();
	printf("# khsm_secret_* objects: before %ld, after %ld\n",
	       self->secrets_before, after);
	if (self->secrets_before >= 0 && after >= 0)
		EXPECT_LE(after, self->secrets_before);

	known_good(_metadata, self->admin);
	EXPECT_EQ((int)self->n_init,
		  token_list(self->admin, ids, KHSM_MAX_TOKENS));

	if (self->kmsg >= 0)
		EXPECT_EQ(0, kmsg_bad(_metadata, self->kmsg));
}

TEST_HARNESS_MAIN
