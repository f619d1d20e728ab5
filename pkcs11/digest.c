// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Message digests. Hashing needs no secret, so it runs here with
 * OpenSSL's libcrypto rather than in the kernel.
 */
#include <string.h>
#include <openssl/evp.h>

#include "fns.h"
#include "p11.h"

CK_RV khsm_C_DigestInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism)
{
	struct p11_op *op;
	struct p11_session *s;
	const struct p11_mech *m;
	const EVP_MD *md;
	CK_RV rv;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	op = &s->ops[P11_OP_DIGEST];
	m = mechanism ? p11_mech_find(mechanism->mechanism) : NULL;
	if (!mechanism) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (op->active) {
		rv = CKR_OPERATION_ACTIVE;
	} else if (!m || !m->digest) {
		rv = CKR_MECHANISM_INVALID;
	} else if (mechanism->pParameter && mechanism->ulParameterLen) {
		rv = CKR_MECHANISM_PARAM_INVALID;
	} else {
		md = EVP_get_digestbyname(m->digest);
		op->md = EVP_MD_CTX_new();
		if (!md || !op->md || !EVP_DigestInit_ex(op->md, md, NULL)) {
			p11_op_end(op);
			rv = CKR_HOST_MEMORY;
		} else {
			op->mech = m;
			op->active = true;
		}
	}
	p11_session_put(s);
	return rv;
}

/* Finish into @out with the two-call convention; ends the op but on
 * CKR_BUFFER_TOO_SMALL and length queries. */
static CK_RV finish(struct p11_op *op, unsigned char *out, CK_ULONG *out_len)
{
	CK_ULONG need = (CK_ULONG)EVP_MD_CTX_get_size(op->md);
	unsigned int len;

	if (!out) {
		*out_len = need;
		return CKR_OK;
	}
	if (*out_len < need) {
		*out_len = need;
		return CKR_BUFFER_TOO_SMALL;
	}
	if (!EVP_DigestFinal_ex(op->md, out, &len)) {
		p11_op_end(op);
		return CKR_FUNCTION_FAILED;
	}
	*out_len = len;
	p11_op_end(op);
	return CKR_OK;
}

/* Hash @len bytes of @data; a failure ends the op. */
static CK_RV update(struct p11_op *op, const void *data, CK_ULONG len)
{
	if (!EVP_DigestUpdate(op->md, data, len)) {
		p11_op_end(op);
		return CKR_FUNCTION_FAILED;
	}
	return CKR_OK;
}

CK_RV khsm_C_Digest(CK_SESSION_HANDLE session, unsigned char *data,
		    CK_ULONG data_len, unsigned char *digest,
		    CK_ULONG *digest_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_get(session, P11_OP_DIGEST, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (op->parts) {
		rv = CKR_OPERATION_ACTIVE;
	} else if (!digest_len || (!data && data_len)) {
		p11_op_end(op);
		rv = CKR_ARGUMENTS_BAD;
	} else if (!digest ||
		   *digest_len < (CK_ULONG)EVP_MD_CTX_get_size(op->md)) {
		/* The data must stay unhashed for the second call. */
		rv = finish(op, digest, digest_len);
	} else {
		rv = update(op, data, data_len);
		if (rv == CKR_OK)
			rv = finish(op, digest, digest_len);
	}
	p11_session_put(s);
	return rv;
}

/**
 * p11_digest_update() - C_DigestUpdate on a session the caller holds
 * @s: the session, from p11_session_get(); its digest must be active
 * @part: the data
 * @part_len: its length
 *
 * Return: a CKR_*; an error ends the digest.
 */
CK_RV p11_digest_update(struct p11_session *s, const void *part,
			CK_ULONG part_len)
{
	struct p11_op *op = &s->ops[P11_OP_DIGEST];

	if (!part && part_len) {
		p11_op_end(op);
		return CKR_ARGUMENTS_BAD;
	}
	op->parts = true;
	return update(op, part, part_len);
}

CK_RV khsm_C_DigestUpdate(CK_SESSION_HANDLE session, unsigned char *part,
			  CK_ULONG part_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_get(session, P11_OP_DIGEST, &s, &op);
	if (rv != CKR_OK)
		return rv;
	rv = p11_digest_update(s, part, part_len);
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_DigestKey(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE key)
{
	unsigned char value[KHSM_MAX_SECRET_LEN];
	CK_ATTRIBUTE a = { CKA_VALUE, value, sizeof(value) };
	struct p11_session *s;
	struct p11_op *op;
	uint32_t result;
	CK_RV rv;
	int ret;

	rv = p11_op_get(session, P11_OP_DIGEST, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!P11_HANDLE_OK(key)) {
		rv = CKR_KEY_HANDLE_INVALID;
		goto out;
	}
	/* Only a secret key whose value may be read can be digested here. */
	ret = hsm_attr_get(s->h, (uint32_t)key, (struct khsm_attr *)&a, 1,
			   &result);
	if (ret)
		rv = p11_err(ret, P11_ANY);
	else if (result)
		rv = CKR_KEY_INDIGESTIBLE;
	else if (!EVP_DigestUpdate(op->md, value, a.ulValueLen))
		rv = CKR_FUNCTION_FAILED;
	else
		op->parts = true;
	explicit_bzero(value, sizeof(value));
	if (rv != CKR_OK)
		p11_op_end(op);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_DigestFinal(CK_SESSION_HANDLE session, unsigned char *digest,
			 CK_ULONG *digest_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_get(session, P11_OP_DIGEST, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!digest_len) {
		p11_op_end(op);
		rv = CKR_ARGUMENTS_BAD;
	} else {
		rv = finish(op, digest, digest_len);
	}
	p11_session_put(s);
	return rv;
}
