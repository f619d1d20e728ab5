// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module's tables: sorted, no duplicates, lookups find every row,
 * flags and parameters consistent, and the errno map complete for every
 * errno the uapi header documents. Native, no device needed.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "p11.h"

static void test_mechs(void)
{
	size_t i;

	for (i = 1; i < p11_mech_count; i++)
		CHECK(p11_mechs[i - 1].type < p11_mechs[i].type,
		      "mechanism row %zu (%s) out of order", i,
		      p11_mechs[i].name);
	for (i = 0; i < p11_mech_count; i++) {
		const struct p11_mech *m = &p11_mechs[i];

		CHECK(p11_mech_find(m->type) == m, "lookup %s", m->name);
		CHECK(!m->digest == !(m->flags & CKF_DIGEST),
		      "%s: digest name iff CKF_DIGEST", m->name);
		CHECK(m->digest || (m->flags & CKF_HW),
		      "%s: kernel mechanisms are CKF_HW", m->name);
		CHECK(m->min_key <= m->max_key, "%s: key range", m->name);
		CHECK(m->digest || m->key_type != CK_UNAVAILABLE_INFORMATION,
		      "%s: key type", m->name);
	}
	CHECK(p11_mech_find(CKM_DES3_CBC) == NULL, "absent mechanism");
}

static void test_attrs(void)
{
	CK_BBOOL yes = CK_TRUE, two = 2;
	CK_ULONG ul = 1;
	CK_ATTRIBUTE ok[] = { { CKA_TOKEN, &yes, 1 },
			      { CKA_CLASS, &ul, sizeof(ul) } };
	CK_ATTRIBUTE t[2];
	struct p11_tmpl kt;
	size_t i;

	for (i = 1; i < p11_attr_count; i++)
		CHECK(p11_attrs[i - 1].type < p11_attrs[i].type,
		      "attribute row %zu (%s) out of order", i,
		      p11_attrs[i].name);
	for (i = 0; i < p11_attr_count; i++)
		CHECK(p11_attr_find(p11_attrs[i].type) == &p11_attrs[i],
		      "lookup %s", p11_attrs[i].name);

	CHECK(p11_tmpl_check(ok, 2, P11_T_CREATE) == CKR_OK, "good template");
	CHECK(p11_tmpl_check(NULL, 1, P11_T_CREATE) == CKR_ARGUMENTS_BAD,
	      "NULL template");
	t[0] = (CK_ATTRIBUTE){ 0x7fff0000UL, &yes, 1 };
	CHECK(p11_tmpl_check(t, 1, P11_T_CREATE) == CKR_ATTRIBUTE_TYPE_INVALID,
	      "unknown type");
	t[0] = (CK_ATTRIBUTE){ CKA_TOKEN, &ul, sizeof(ul) };
	CHECK(p11_tmpl_check(t, 1, P11_T_CREATE) == CKR_ATTRIBUTE_VALUE_INVALID,
	      "boolean of 8 bytes");
	t[0] = (CK_ATTRIBUTE){ CKA_TOKEN, &two, 1 };
	CHECK(p11_tmpl_check(t, 1, P11_T_CREATE) == CKR_ATTRIBUTE_VALUE_INVALID,
	      "boolean 2");
	t[0] = (CK_ATTRIBUTE){ CKA_CLASS, &yes, 1 };
	CHECK(p11_tmpl_check(t, 1, P11_T_CREATE) == CKR_ATTRIBUTE_VALUE_INVALID,
	      "CK_ULONG of 1 byte");
	t[0] = (CK_ATTRIBUTE){ CKA_LABEL, NULL, 3 };
	CHECK(p11_tmpl_check(t, 1, P11_T_CREATE) == CKR_ATTRIBUTE_VALUE_INVALID,
	      "NULL value with a length");
	t[0] = ok[0];
	t[1] = ok[0];
	CHECK(p11_tmpl_check(t, 2, P11_T_CREATE) == CKR_TEMPLATE_INCONSISTENT,
	      "duplicate");

	ul = 0xce534353UL; /* CKO_NSS_TRUST */
	t[0] = (CK_ATTRIBUTE){ CKA_CLASS, &ul, sizeof(ul) };
	t[1] = (CK_ATTRIBUTE){ 0xce536358UL, &yes, 1 }; /* CKA_TRUST_... */
	CHECK(p11_tmpl_build(t, 2, CK_UNAVAILABLE_INFORMATION, &kt) ==
		      CKR_ATTRIBUTE_VALUE_INVALID,
	      "a vendor class is refused as a CKA_CLASS value");
	ul = CKO_PRIVATE_KEY;
	CHECK(p11_tmpl_build(ok, 2, CK_UNAVAILABLE_INFORMATION, &kt) ==
			      CKR_OK &&
		      kt.n == 3 && kt.a[2].type == CKA_SENSITIVE,
	      "private keys default to sensitive");
	p11_tmpl_free(&kt);
	ul = CKO_DATA;
	CHECK(p11_tmpl_build(ok, 2, CKO_PRIVATE_KEY, &kt) == CKR_OK &&
		      kt.n == 2,
	      "CKA_CLASS wins over the default class");
	p11_tmpl_free(&kt);
}

static void test_errmap(void)
{
	static const int documented[] = {
		EPERM,	     EACCES, ENXIO,	      ENODEV,  EKEYREJECTED,
		EKEYREVOKED, ENOKEY, EALREADY,	      EBUSY,   EROFS,
		ERANGE,	     EBADFD, ESRCH,	      EDQUOT,  ENOENT,
		ENODATA,     EILSEQ, EPROTONOSUPPORT, EDOM,    EOPNOTSUPP,
		ENOEXEC,     EBADR,  EMSGSIZE,	      EBADMSG, ENOSPC,
		ENOMSG,	     EINVAL, ENOTTY,
	};
	size_t i;

	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		CHECK(p11_err(-documented[i], P11_ANY) != CKR_DEVICE_ERROR,
		      "errno %d is mapped", documented[i]);
	CHECK(p11_err(-EKEYREJECTED, P11_LOGIN) == CKR_PIN_INCORRECT,
	      "wrong PIN");
	CHECK(p11_err(-EKEYREVOKED, P11_LOGIN) == CKR_PIN_LOCKED, "locked");
	CHECK(p11_err(-EKEYREJECTED, P11_WRAP) == CKR_KEY_UNEXTRACTABLE,
	      "unextractable");
	CHECK(p11_err(-EBADMSG, P11_VERIFY) == CKR_SIGNATURE_INVALID,
	      "bad signature");
	CHECK(p11_err(-EBADMSG, P11_DECRYPT) == CKR_ENCRYPTED_DATA_INVALID,
	      "bad ciphertext");
	CHECK(p11_err(-ENOSPC, P11_SIGN) == CKR_BUFFER_TOO_SMALL, "ENOSPC");
	CHECK(p11_err(-EBUSY, P11_TOKEN) == CKR_SESSION_EXISTS, "init busy");
	CHECK(p11_err(-EIO, P11_ANY) == CKR_DEVICE_ERROR,
	      "unknown errno is a device error, never CKR_GENERAL_ERROR");
}

int main(void)
{
	test_mechs();
	test_attrs();
	test_errmap();
	return check_report("pkcs11-tables");
}
