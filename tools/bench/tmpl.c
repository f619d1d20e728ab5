// SPDX-License-Identifier: GPL-2.0
/*
 * The private or secret key of a case as a PKCS#11 template: a session
 * object, private, sensitive, usable for its one operation.
 */
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

#include "tmpl.h"

#define TMPL_MAX 20

/**
 * struct tmpl - a template and the values it owns
 * @a: the attributes
 * @n: how many
 * @parts: allocated values, wiped and freed by tmpl_free()
 * @nparts: how many
 */
struct tmpl {
	CK_ATTRIBUTE a[TMPL_MAX];
	CK_ULONG n;
	void *parts[TMPL_MAX];
	int nparts;
};

static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

static void add(struct tmpl *t, CK_ATTRIBUTE_TYPE type, void *v, CK_ULONG len)
{
	t->a[t->n].type = type;
	t->a[t->n].pValue = v;
	t->a[t->n].ulValueLen = len;
	t->n++;
}

static void add_owned(struct tmpl *t, CK_ATTRIBUTE_TYPE type, void *v,
		      CK_ULONG len)
{
	t->parts[t->nparts++] = v;
	add(t, type, v, len);
}

static void add_ulong(struct tmpl *t, CK_ATTRIBUTE_TYPE type, CK_ULONG v)
{
	CK_ULONG *p = malloc(sizeof(*p));

	*p = v;
	add_owned(t, type, p, sizeof(*p));
}

struct tmpl *tmpl_key(const struct bench_case *c)
{
	struct tmpl *t = calloc(1, sizeof(*t));
	static const CK_ATTRIBUTE_TYPE rsa[8] = {
		CKA_MODULUS,	CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
		CKA_PRIME_1,	CKA_PRIME_2,	     CKA_EXPONENT_1,
		CKA_EXPONENT_2, CKA_COEFFICIENT,
	};
	uint8_t *parts[8];
	size_t lens[8], n, oid_len;
	const uint8_t *oid;
	uint8_t *d, pt[1 + 2 * 48];

	add(t, CKA_TOKEN, &no, sizeof(no));
	add(t, CKA_PRIVATE, &yes, sizeof(yes));
	add(t, CKA_SENSITIVE, &yes, sizeof(yes));
	switch (c->kind) {
	case K_GCM:
		add_ulong(t, CKA_CLASS, CKO_SECRET_KEY);
		add_ulong(t, CKA_KEY_TYPE, CKK_AES);
		add(t, CKA_ENCRYPT, &yes, sizeof(yes));
		add(t, CKA_DECRYPT, &yes, sizeof(yes));
		add(t, CKA_VALUE, (void *)c->aes, sizeof(c->aes));
		return t;
	case K_ECDSA:
		add_ulong(t, CKA_CLASS, CKO_PRIVATE_KEY);
		add_ulong(t, CKA_KEY_TYPE, CKK_EC);
		add(t, CKA_SIGN, &yes, sizeof(yes));
		oid = bench_ec_oid(c->bits, &oid_len);
		add(t, CKA_EC_PARAMS, (void *)oid, oid_len);
		n = (size_t)(c->bits + 7) / 8;
		d = malloc(n);
		oid_len = sizeof(pt);
		add_owned(t, CKA_VALUE, d, n);
		if (bench_ec_private(c->pkey, d, n, pt, &oid_len))
			break;
		return t;
	default:
		add_ulong(t, CKA_CLASS, CKO_PRIVATE_KEY);
		add_ulong(t, CKA_KEY_TYPE, CKK_RSA);
		add(t, CKA_SIGN, &yes, sizeof(yes));
		if (bench_rsa_parts(c->pkey, parts, lens))
			break;
		for (int i = 0; i < 8; i++)
			add_owned(t, rsa[i], parts[i], lens[i]);
		return t;
	}
	tmpl_free(t);
	return NULL;
}

void *tmpl_attrs(struct tmpl *t)
{
	return t->a;
}

unsigned long tmpl_count(const struct tmpl *t)
{
	return t->n;
}

void tmpl_free(struct tmpl *t)
{
	for (int i = 0; i < t->nparts; i++) {
		for (CK_ULONG j = 0; j < t->n; j++)
			if (t->a[j].pValue == t->parts[i])
				memset(t->parts[i], 0, t->a[j].ulValueLen);
		free(t->parts[i]);
	}
	free(t);
}

unsigned long tmpl_mech(const struct bench_case *c)
{
	switch (c->kind) {
	case K_RSA_PKCS:
		return CKM_RSA_PKCS;
	case K_RSA_PSS:
		return CKM_RSA_PKCS_PSS;
	case K_ECDSA:
		return CKM_ECDSA;
	default:
		return CKM_AES_GCM;
	}
}

size_t tmpl_sign_input(const struct bench_case *c, uint8_t *buf)
{
	size_t plen = 0;
	const uint8_t *prefix = NULL;

	if (c->kind == K_RSA_PKCS)
		prefix = bench_digest_info(c->digest, &plen);
	if (plen)
		memcpy(buf, prefix, plen);
	memcpy(buf + plen, c->in, c->in_len);
	return plen + c->in_len;
}
