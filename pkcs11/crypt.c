// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Encryption, decryption, signing and verification with resident keys,
 * single-part and multi-part, and signatures with message recovery
 * (single-part only, as PKCS#11 defines them).
 *
 * A multi-part operation uses the kernel's KHSM_CRYPT_BEGIN/UPDATE/FINAL
 * steps where the kernel has them; otherwise the module collects the
 * parts (up to KHSM_MAX_DATA_LEN) and makes one single-part request at
 * the end, which PKCS#11 allows (an update may return no output).
 *
 * The two-call convention: a NULL output buffer asks for the length, and
 * CKR_BUFFER_TOO_SMALL leaves the operation active; any other outcome of
 * C_Encrypt, C_Sign, C_*Final ... ends it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fns.h"
#include "p11.h"

/* The largest output an update of @in_len bytes can make (AES modes). */
#define UPDATE_MAX_OUT(in_len) ((in_len) + 16)

static const struct {
	CK_FLAGS flag; /* the mechanism flag the operation needs */
	CK_ATTRIBUTE_TYPE usage; /* and the key's attribute */
	uint32_t kop; /* KHSM_OP_* */
	enum p11_ctx ctx;
} kinds[] = {
	[P11_OP_ENCRYPT] = { CKF_ENCRYPT, CKA_ENCRYPT, KHSM_OP_ENCRYPT,
			     P11_ENCRYPT },
	[P11_OP_DECRYPT] = { CKF_DECRYPT, CKA_DECRYPT, KHSM_OP_DECRYPT,
			     P11_DECRYPT },
	[P11_OP_SIGN] = { CKF_SIGN, CKA_SIGN, KHSM_OP_SIGN, P11_SIGN },
	[P11_OP_VERIFY] = { CKF_VERIFY, CKA_VERIFY, KHSM_OP_VERIFY,
			    P11_VERIFY },
	[P11_OP_SIGN_RECOVER] = { CKF_SIGN_RECOVER, CKA_SIGN_RECOVER,
				  KHSM_OP_SIGN_RECOVER, P11_SIGN },
	[P11_OP_VERIFY_RECOVER] = { CKF_VERIFY_RECOVER, CKA_VERIFY_RECOVER,
				    KHSM_OP_VERIFY_RECOVER, P11_VERIFY },
};

/*
 * A signature and a signature with recovery are one "signing" state of a
 * session (likewise for verification): Init of one while the other is
 * active is CKR_OPERATION_ACTIVE.
 */
static const enum p11_op_kind twin[P11_OP_COUNT] = {
	[P11_OP_ENCRYPT] = P11_OP_ENCRYPT,
	[P11_OP_DECRYPT] = P11_OP_DECRYPT,
	[P11_OP_SIGN] = P11_OP_SIGN_RECOVER,
	[P11_OP_VERIFY] = P11_OP_VERIFY_RECOVER,
	[P11_OP_DIGEST] = P11_OP_DIGEST,
	[P11_OP_SIGN_RECOVER] = P11_OP_SIGN,
	[P11_OP_VERIFY_RECOVER] = P11_OP_VERIFY,
};

/*
 * Check that @key exists, is of the mechanism's key type and may be used
 * for the operation, so C_*Init fails as PKCS#11 says it should; tell
 * whether it is a CKA_ALWAYS_AUTHENTICATE key (only private keys have the
 * attribute: for the others it is absent).
 */
static CK_RV check_key(struct p11_session *s, const struct p11_mech *m,
		       enum p11_op_kind kind, CK_OBJECT_HANDLE key,
		       bool *always_auth)
{
	CK_KEY_TYPE type = CK_UNAVAILABLE_INFORMATION;
	CK_BBOOL usage = CK_FALSE, aa = CK_FALSE;
	CK_ATTRIBUTE t[] = {
		{ CKA_KEY_TYPE, &type, sizeof(type) },
		{ kinds[kind].usage, &usage, sizeof(usage) },
		{ CKA_ALWAYS_AUTHENTICATE, &aa, sizeof(aa) },
	};
	uint32_t result;
	int ret;

	if (!P11_HANDLE_OK(key))
		return CKR_KEY_HANDLE_INVALID;
	ret = hsm_attr_get(s->h, (uint32_t)key, (struct khsm_attr *)t, 3,
			   &result);
	if (ret)
		return p11_err(ret, kinds[kind].ctx);
	if (t[0].ulValueLen != sizeof(type) || type != m->key_type)
		return CKR_KEY_TYPE_INCONSISTENT;
	if (t[1].ulValueLen != sizeof(usage) || !usage)
		return CKR_KEY_FUNCTION_NOT_PERMITTED;
	*always_auth = t[2].ulValueLen == sizeof(aa) && aa;
	return CKR_OK;
}

static CK_RV op_init(CK_SESSION_HANDLE session, enum p11_op_kind kind,
		     CK_MECHANISM *mech, CK_OBJECT_HANDLE key)
{
	const struct p11_mech *m;
	struct p11_kparam kp;
	struct p11_session *s;
	struct p11_op *op;
	bool always_auth = false;
	CK_RV rv;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	op = &s->ops[kind];
	if (!mech) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (op->active || s->ops[twin[kind]].active) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	m = p11_mech_find(mech->mechanism);
	if (!m || !(p11_mech_flags(m) & kinds[kind].flag)) {
		rv = CKR_MECHANISM_INVALID;
		goto out;
	}
	rv = p11_mech_param(m, mech, &kp);
	if (rv == CKR_OK)
		rv = check_key(s, m, kind, key, &always_auth);
	if (rv != CKR_OK)
		goto out;
	memset(op, 0, sizeof(*op));
	op->always_auth = always_auth;
	if (kp.aad_len) {
		op->aad = malloc(kp.aad_len);
		if (!op->aad) {
			rv = CKR_HOST_MEMORY;
			goto out;
		}
		memcpy(op->aad, kp.aad, kp.aad_len);
		op->aad_len = kp.aad_len;
	}
	memcpy(op->param, kp.buf, kp.len);
	op->km.mech = m->type;
	op->km.param = kp.len ? op->param : NULL;
	op->km.param_len = kp.len;
	op->mech = m;
	op->key = key;
	op->active = true;
out:
	p11_session_put(s);
	return rv;
}

/*
 * The outcome @ret of a request that made @len bytes of output for @out,
 * by the two-call convention: a length query or CKR_BUFFER_TOO_SMALL
 * leaves @op active, anything else ends it.
 */
static CK_RV two_call(struct p11_op *op, enum p11_op_kind kind, int ret,
		      const void *out, size_t len, CK_ULONG *out_len)
{
	if (ret == -ENOSPC || (!ret && !out)) {
		*out_len = len;
		return ret ? CKR_BUFFER_TOO_SMALL : CKR_OK;
	}
	p11_op_end(op);
	if (ret)
		return p11_err(ret, kinds[kind].ctx);
	*out_len = len;
	return CKR_OK;
}

/* One whole operation on @in (C_Encrypt, C_Sign, or a collected Final). */
static CK_RV run_single(struct p11_session *s, enum p11_op_kind kind,
			const void *in, size_t in_len, void *out,
			CK_ULONG *out_len)
{
	struct p11_op *op = &s->ops[kind];
	size_t len = out ? *out_len : 0;
	int ret;

	ret = hsm_crypt(s->h, kinds[kind].kop, (uint32_t)op->key, &op->km,
			op->aad, op->aad_len, in, in_len, out, &len);
	return two_call(op, kind, ret, out, len, out_len);
}

static CK_RV op_single(CK_SESSION_HANDLE session, enum p11_op_kind kind,
		       const void *in, CK_ULONG in_len, void *out,
		       CK_ULONG *out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_get(session, kind, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (op->parts)
		rv = CKR_OPERATION_ACTIVE;
	else if (!out_len || (!in && in_len))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = run_single(s, kind, in, in_len, out, out_len);
	if (rv == CKR_ARGUMENTS_BAD)
		p11_op_end(op);
	p11_session_put(s);
	return rv;
}

/* Start the parts: in the kernel when it can. */
static CK_RV start_parts(struct p11_session *s, enum p11_op_kind kind)
{
	struct p11_op *op = &s->ops[kind];
	int ret;

	op->parts = true;
	if (!p11_kernel_multipart(s->h))
		return CKR_OK;
	ret = hsm_crypt_begin(s->h, kinds[kind].kop, (uint32_t)op->key, &op->km,
			      op->aad, op->aad_len);
	/*
	 * The kernel streams only what PKCS#11 defines as multi-part; raw
	 * RSA, CKM_ECDSA and OAEP are collected here, as clients do call
	 * C_SignUpdate with them.
	 */
	if (ret == -EOPNOTSUPP)
		return CKR_OK;
	if (ret)
		return p11_err(ret, kinds[kind].ctx);
	op->kernel = true;
	return CKR_OK;
}

/* End the session's @kind operation, cancelling its kernel part if any. */
static void op_abort(struct p11_session *s, enum p11_op_kind kind)
{
	struct p11_op *op = &s->ops[kind];

	if (op->kernel)
		hsm_crypt_cancel(s->h, kinds[kind].kop);
	p11_op_end(op);
}

/* Collect @in for the single request at the end. */
static CK_RV collect(struct p11_op *op, const void *in, size_t in_len)
{
	uint8_t *nb;

	if (!in_len)
		return CKR_OK;
	if (op->len + in_len > KHSM_MAX_DATA_LEN)
		return CKR_DATA_LEN_RANGE;
	nb = malloc(op->len + in_len);
	if (!nb)
		return CKR_HOST_MEMORY;
	if (op->buf) {
		memcpy(nb, op->buf, op->len);
		explicit_bzero(op->buf, op->len);
		free(op->buf);
	}
	memcpy(nb + op->len, in, in_len);
	op->buf = nb;
	op->len += in_len;
	return CKR_OK;
}

/**
 * p11_op_update() - C_EncryptUpdate, C_DecryptUpdate, C_SignUpdate or
 *	C_VerifyUpdate on a session the caller holds
 * @s: the session, from p11_session_get()
 * @kind: P11_OP_ENCRYPT to P11_OP_VERIFY; that operation must be active
 * @in: the part
 * @in_len: its length
 * @out: output buffer (encrypt, decrypt), or NULL for the length
 * @out_len: in: its size; out: bytes written or needed (encrypt, decrypt)
 *
 * Return: a CKR_*; any error but CKR_BUFFER_TOO_SMALL ends the operation.
 */
CK_RV p11_op_update(struct p11_session *s, enum p11_op_kind kind,
		    const void *in, CK_ULONG in_len, void *out,
		    CK_ULONG *out_len)
{
	bool has_out = kind == P11_OP_ENCRYPT || kind == P11_OP_DECRYPT;
	struct p11_op *op = &s->ops[kind];
	CK_RV rv = CKR_OK;
	size_t len;
	int ret;

	if ((!in && in_len) || (has_out && !out_len)) {
		rv = CKR_ARGUMENTS_BAD;
		goto err_end;
	}
	if (has_out && !out) {
		/* A length query must not consume the input. */
		*out_len = UPDATE_MAX_OUT(in_len);
		return CKR_OK;
	}
	if (!op->parts) {
		rv = start_parts(s, kind);
		if (rv != CKR_OK)
			goto err_end;
	}
	if (!op->kernel) {
		rv = collect(op, in, in_len);
		if (rv != CKR_OK)
			goto err_end;
		if (has_out)
			*out_len = 0;
		return CKR_OK;
	}
	len = has_out ? *out_len : 0;
	ret = hsm_crypt_update(s->h, kinds[kind].kop, in, in_len,
			       has_out ? out : NULL, has_out ? &len : NULL);
	if (has_out && (!ret || ret == -ENOSPC))
		*out_len = len;
	if (ret == -ENOSPC)
		return CKR_BUFFER_TOO_SMALL;
	if (!ret)
		return CKR_OK;
	rv = p11_err(ret, kinds[kind].ctx);
err_end:
	op_abort(s, kind);
	return rv;
}

static CK_RV op_update(CK_SESSION_HANDLE session, enum p11_op_kind kind,
		       const void *in, CK_ULONG in_len, void *out,
		       CK_ULONG *out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;

	rv = p11_op_get(session, kind, &s, &op);
	if (rv != CKR_OK)
		return rv;
	rv = p11_op_update(s, kind, in, in_len, out, out_len);
	p11_session_put(s);
	return rv;
}

static CK_RV op_final(CK_SESSION_HANDLE session, enum p11_op_kind kind,
		      void *out, CK_ULONG *out_len)
{
	struct p11_session *s;
	struct p11_op *op;
	size_t len;
	CK_RV rv;
	int ret;

	rv = p11_op_get(session, kind, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!out_len) {
		op_abort(s, kind);
		rv = CKR_ARGUMENTS_BAD;
	} else if (!op->kernel) {
		rv = run_single(s, kind, op->buf, op->len, out, out_len);
	} else {
		len = out ? *out_len : 0;
		ret = hsm_crypt_final(s->h, kinds[kind].kop, out, &len);
		rv = two_call(op, kind, ret, out, len, out_len);
	}
	p11_session_put(s);
	return rv;
}

static CK_RV verify(CK_SESSION_HANDLE session, const void *in, CK_ULONG in_len,
		    const void *sig, CK_ULONG sig_len, bool final)
{
	struct p11_session *s;
	struct p11_op *op;
	CK_RV rv;
	int ret;

	rv = p11_op_get(session, P11_OP_VERIFY, &s, &op);
	if (rv != CKR_OK)
		return rv;
	if (!final && op->parts) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	if ((!in && in_len) || (!sig && sig_len)) {
		rv = CKR_ARGUMENTS_BAD;
		ret = op->kernel ? hsm_crypt_cancel(s->h, KHSM_OP_VERIFY) : 0;
	} else if (op->kernel) {
		ret = hsm_verify_final(s->h, sig, sig_len);
	} else if (final) {
		ret = hsm_verify(s->h, (uint32_t)op->key, &op->km, op->buf,
				 op->len, sig, sig_len);
	} else {
		ret = hsm_verify(s->h, (uint32_t)op->key, &op->km, in, in_len,
				 sig, sig_len);
	}
	if (rv == CKR_OK && ret)
		rv = p11_err(ret, P11_VERIFY);
	p11_op_end(op);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_EncryptInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			 CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_ENCRYPT, mechanism, key);
}

CK_RV khsm_C_Encrypt(CK_SESSION_HANDLE session, unsigned char *data,
		     CK_ULONG data_len, unsigned char *encrypted_data,
		     CK_ULONG *encrypted_data_len)
{
	return op_single(session, P11_OP_ENCRYPT, data, data_len,
			 encrypted_data, encrypted_data_len);
}

CK_RV khsm_C_EncryptUpdate(CK_SESSION_HANDLE session, unsigned char *part,
			   CK_ULONG part_len, unsigned char *encrypted_part,
			   CK_ULONG *encrypted_part_len)
{
	return op_update(session, P11_OP_ENCRYPT, part, part_len,
			 encrypted_part, encrypted_part_len);
}

CK_RV khsm_C_EncryptFinal(CK_SESSION_HANDLE session,
			  unsigned char *last_encrypted_part,
			  CK_ULONG *last_encrypted_part_len)
{
	return op_final(session, P11_OP_ENCRYPT, last_encrypted_part,
			last_encrypted_part_len);
}

CK_RV khsm_C_DecryptInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			 CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_DECRYPT, mechanism, key);
}

CK_RV khsm_C_Decrypt(CK_SESSION_HANDLE session, unsigned char *encrypted_data,
		     CK_ULONG encrypted_data_len, unsigned char *data,
		     CK_ULONG *data_len)
{
	return op_single(session, P11_OP_DECRYPT, encrypted_data,
			 encrypted_data_len, data, data_len);
}

CK_RV khsm_C_DecryptUpdate(CK_SESSION_HANDLE session,
			   unsigned char *encrypted_part,
			   CK_ULONG encrypted_part_len, unsigned char *part,
			   CK_ULONG *part_len)
{
	return op_update(session, P11_OP_DECRYPT, encrypted_part,
			 encrypted_part_len, part, part_len);
}

CK_RV khsm_C_DecryptFinal(CK_SESSION_HANDLE session, unsigned char *last_part,
			  CK_ULONG *last_part_len)
{
	return op_final(session, P11_OP_DECRYPT, last_part, last_part_len);
}

CK_RV khsm_C_SignInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
		      CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_SIGN, mechanism, key);
}

CK_RV khsm_C_Sign(CK_SESSION_HANDLE session, unsigned char *data,
		  CK_ULONG data_len, unsigned char *signature,
		  CK_ULONG *signature_len)
{
	return op_single(session, P11_OP_SIGN, data, data_len, signature,
			 signature_len);
}

CK_RV khsm_C_SignUpdate(CK_SESSION_HANDLE session, unsigned char *part,
			CK_ULONG part_len)
{
	return op_update(session, P11_OP_SIGN, part, part_len, NULL, NULL);
}

CK_RV khsm_C_SignFinal(CK_SESSION_HANDLE session, unsigned char *signature,
		       CK_ULONG *signature_len)
{
	return op_final(session, P11_OP_SIGN, signature, signature_len);
}

CK_RV khsm_C_VerifyInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_VERIFY, mechanism, key);
}

CK_RV khsm_C_Verify(CK_SESSION_HANDLE session, unsigned char *data,
		    CK_ULONG data_len, unsigned char *signature,
		    CK_ULONG signature_len)
{
	return verify(session, data, data_len, signature, signature_len, false);
}

CK_RV khsm_C_VerifyUpdate(CK_SESSION_HANDLE session, unsigned char *part,
			  CK_ULONG part_len)
{
	return op_update(session, P11_OP_VERIFY, part, part_len, NULL, NULL);
}

CK_RV khsm_C_VerifyFinal(CK_SESSION_HANDLE session, unsigned char *signature,
			 CK_ULONG signature_len)
{
	return verify(session, NULL, 0, signature, signature_len, true);
}

CK_RV khsm_C_SignRecoverInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			     CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_SIGN_RECOVER, mechanism, key);
}

CK_RV khsm_C_SignRecover(CK_SESSION_HANDLE session, unsigned char *data,
			 CK_ULONG data_len, unsigned char *signature,
			 CK_ULONG *signature_len)
{
	return op_single(session, P11_OP_SIGN_RECOVER, data, data_len,
			 signature, signature_len);
}

CK_RV khsm_C_VerifyRecoverInit(CK_SESSION_HANDLE session,
			       CK_MECHANISM *mechanism, CK_OBJECT_HANDLE key)
{
	return op_init(session, P11_OP_VERIFY_RECOVER, mechanism, key);
}

CK_RV khsm_C_VerifyRecover(CK_SESSION_HANDLE session, unsigned char *signature,
			   CK_ULONG signature_len, unsigned char *data,
			   CK_ULONG *data_len)
{
	return op_single(session, P11_OP_VERIFY_RECOVER, signature,
			 signature_len, data, data_len);
}
