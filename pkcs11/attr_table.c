// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one table of attributes the module knows, with the encoding of
 * each value, and the template checks built on it. Which attribute a
 * class may have, and who may set it when, is the kernel's table
 * (kmod/attr.c); the module checks what it can without asking it, so a
 * malformed template fails with its exact CKR before any request.
 */
#include <stdlib.h>
#include <string.h>

#include "p11.h"

#define A(t, k)                        \
	{                              \
		CKA_##t, P11_K_##k, #t \
	}

/* Sorted by type: test_tables checks it. */
/* clang-format off */
const struct p11_attr p11_attrs[] = {
	A(CLASS, ULONG),
	A(TOKEN, BOOL),
	A(PRIVATE, BOOL),
	A(LABEL, BYTES),
	A(APPLICATION, BYTES),
	A(VALUE, BYTES),
	A(OBJECT_ID, BYTES),
	A(CERTIFICATE_TYPE, ULONG),
	A(ISSUER, BYTES),
	A(SERIAL_NUMBER, BYTES),
	A(AC_ISSUER, BYTES),
	A(OWNER, BYTES),
	A(ATTR_TYPES, BYTES),
	A(TRUSTED, BOOL),
	A(CERTIFICATE_CATEGORY, ULONG),
	A(JAVA_MIDP_SECURITY_DOMAIN, ULONG),
	A(URL, BYTES),
	A(HASH_OF_SUBJECT_PUBLIC_KEY, BYTES),
	A(HASH_OF_ISSUER_PUBLIC_KEY, BYTES),
	A(NAME_HASH_ALGORITHM, ULONG),
	A(CHECK_VALUE, BYTES),
	A(KEY_TYPE, ULONG),
	A(SUBJECT, BYTES),
	A(ID, BYTES),
	A(SENSITIVE, BOOL),
	A(ENCRYPT, BOOL),
	A(DECRYPT, BOOL),
	A(WRAP, BOOL),
	A(UNWRAP, BOOL),
	A(SIGN, BOOL),
	A(SIGN_RECOVER, BOOL),
	A(VERIFY, BOOL),
	A(VERIFY_RECOVER, BOOL),
	A(DERIVE, BOOL),
	A(START_DATE, DATE),
	A(END_DATE, DATE),
	A(MODULUS, BYTES),
	A(MODULUS_BITS, ULONG),
	A(PUBLIC_EXPONENT, BYTES),
	A(PRIVATE_EXPONENT, BYTES),
	A(PRIME_1, BYTES),
	A(PRIME_2, BYTES),
	A(EXPONENT_1, BYTES),
	A(EXPONENT_2, BYTES),
	A(COEFFICIENT, BYTES),
	A(PUBLIC_KEY_INFO, BYTES),
	A(VALUE_LEN, ULONG),
	A(EXTRACTABLE, BOOL),
	A(LOCAL, BOOL),
	A(NEVER_EXTRACTABLE, BOOL),
	A(ALWAYS_SENSITIVE, BOOL),
	A(KEY_GEN_MECHANISM, ULONG),
	A(MODIFIABLE, BOOL),
	A(COPYABLE, BOOL),
	A(DESTROYABLE, BOOL),
	A(EC_PARAMS, BYTES),
	A(EC_POINT, BYTES),
	A(ALWAYS_AUTHENTICATE, BOOL),
	A(WRAP_WITH_TRUSTED, BOOL),
	A(ALLOWED_MECHANISMS, BYTES),
};
/* clang-format on */

const size_t p11_attr_count = sizeof(p11_attrs) / sizeof(p11_attrs[0]);

const struct p11_attr *p11_attr_find(CK_ATTRIBUTE_TYPE type)
{
	size_t lo = 0, hi = p11_attr_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p11_attrs[mid].type == type)
			return &p11_attrs[mid];
		if (p11_attrs[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const CK_ATTRIBUTE *p11_tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n,
				  CK_ATTRIBUTE_TYPE type)
{
	CK_ULONG i;

	for (i = 0; i < n; i++)
		if (t[i].type == type)
			return &t[i];
	return NULL;
}

/**
 * p11_tmpl_check() - check a template against the attribute table
 * @t: the template
 * @n: attributes in it
 * @use: what it is for
 *
 * Return: CKR_OK; CKR_ARGUMENTS_BAD for a NULL template;
 * CKR_ATTRIBUTE_TYPE_INVALID for an unknown type;
 * CKR_ATTRIBUTE_VALUE_INVALID for a value of the wrong size (or a NULL
 * one); CKR_TEMPLATE_INCONSISTENT for a type given twice or a template
 * longer than the kernel takes.
 */
CK_RV p11_tmpl_check(const CK_ATTRIBUTE *t, CK_ULONG n, enum p11_tmpl_use use)
{
	const struct p11_attr *a;
	CK_ULONG i, j;

	(void)use;
	if (!t && n)
		return CKR_ARGUMENTS_BAD;
	if (n > KHSM_MAX_ATTRS)
		return CKR_TEMPLATE_INCONSISTENT;
	for (i = 0; i < n; i++) {
		a = p11_attr_find(t[i].type);
		if (!a)
			return CKR_ATTRIBUTE_TYPE_INVALID;
		if (!t[i].pValue && t[i].ulValueLen)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (t[i].ulValueLen > KHSM_MAX_ATTR_LEN)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		switch (a->kind) {
		case P11_K_BOOL:
			if (t[i].ulValueLen != sizeof(CK_BBOOL) ||
			    *(CK_BBOOL *)t[i].pValue > 1)
				return CKR_ATTRIBUTE_VALUE_INVALID;
			break;
		case P11_K_ULONG:
			if (t[i].ulValueLen != sizeof(CK_ULONG))
				return CKR_ATTRIBUTE_VALUE_INVALID;
			break;
		case P11_K_DATE:
			if (t[i].ulValueLen && t[i].ulValueLen != 8)
				return CKR_ATTRIBUTE_VALUE_INVALID;
			break;
		case P11_K_BYTES:
			break;
		}
		for (j = 0; j < i; j++)
			if (t[j].type == t[i].type)
				return CKR_TEMPLATE_INCONSISTENT;
	}
	return CKR_OK;
}

/**
 * p11_tmpl_build() - a checked template in the kernel's form, with the
 *	module's policy applied
 * @t: the application's template
 * @n: attributes in it
 * @class: the object's class when the template may leave it out, or
 *	CK_UNAVAILABLE_INFORMATION
 * @out: receives the kernel template; free it with p11_tmpl_free()
 *
 * Policy: a private key is sensitive unless its template says otherwise
 * (Java's SunPKCS11 imports private keys without asking for it).
 *
 * Return: CKR_OK, a p11_tmpl_check() error, or CKR_HOST_MEMORY.
 */
CK_RV p11_tmpl_build(const CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_CLASS class,
		     struct p11_tmpl *out)
{
	const CK_ATTRIBUTE *c;
	CK_RV rv;
	CK_ULONG i;

	memset(out, 0, sizeof(*out));
	/*
	 * A class khsm does not store (NSS's vendor trust objects) is an
	 * invalid CKA_CLASS value, whatever vendor attributes come with it.
	 */
	c = t ? p11_tmpl_find(t, n, CKA_CLASS) : NULL;
	if (c && c->pValue && c->ulValueLen == sizeof(CK_OBJECT_CLASS) &&
	    *(CK_OBJECT_CLASS *)c->pValue > CKO_SECRET_KEY)
		return CKR_ATTRIBUTE_VALUE_INVALID;
	rv = p11_tmpl_check(t, n, P11_T_CREATE);
	if (rv != CKR_OK)
		return rv;
	if (c)
		class = *(CK_OBJECT_CLASS *)c->pValue;
	out->a = calloc(n + 1, sizeof(*out->a));
	if (!out->a)
		return CKR_HOST_MEMORY;
	for (i = 0; i < n; i++) {
		out->a[i].type = t[i].type;
		out->a[i].value = (uintptr_t)t[i].pValue;
		out->a[i].len = t[i].ulValueLen;
	}
	out->n = (uint32_t)n;
	out->yes = CK_TRUE;
	if (class == CKO_PRIVATE_KEY && !p11_tmpl_find(t, n, CKA_SENSITIVE) &&
	    n < KHSM_MAX_ATTRS) {
		out->a[n].type = CKA_SENSITIVE;
		out->a[n].value = (uintptr_t)&out->yes;
		out->a[n].len = sizeof(out->yes);
		out->n++;
	}
	return CKR_OK;
}

void p11_tmpl_free(struct p11_tmpl *t)
{
	free(t->a);
	t->a = NULL;
	t->n = 0;
}
