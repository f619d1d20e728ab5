// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The dual-function updates (PKCS#11 2.40 section 5.13): each is the
 * composition of two operations the session has active, run under one
 * hold of the session. The data a digest or verification sees is exactly
 * the plaintext of the same call: the input when encrypting, the output
 * when decrypting (which may be empty, as the module returns decrypted
 * data at C_DecryptFinal; the application then digests or verifies that
 * part with C_DigestUpdate or C_VerifyUpdate, as the spec says it must for
 * data C_DecryptFinal returns).
 *
 * A length query, or a buffer too small, leaves both operations as they
 * were; an error of either ends that operation, as its own update would.
 */
#include "fns.h"
#include "p11.h"

/* Which update comes with which: the first makes the output. */
enum dual_kind {
	DIGEST_ENCRYPT,
	DECRYPT_DIGEST,
	SIGN_ENCRYPT,
	DECRYPT_VERIFY,
};

static const struct {
	enum p11_op_kind crypt; /* P11_OP_ENCRYPT or P11_OP_DECRYPT */
	enum p11_op_kind other; /* digest, sign or verify */
} duals[] = {
	[DIGEST_ENCRYPT] = { P11_OP_ENCRYPT, P11_OP_DIGEST },
	[DECRYPT_DIGEST] = { P11_OP_DECRYPT, P11_OP_DIGEST },
	[SIGN_ENCRYPT] = { P11_OP_ENCRYPT, P11_OP_SIGN },
	[DECRYPT_VERIFY] = { P11_OP_DECRYPT, P11_OP_VERIFY },
};

static CK_RV other_update(struct p11_session *s, enum p11_op_kind kind,
			  const void *data, CK_ULONG len)
{
	if (kind == P11_OP_DIGEST)
		return p11_digest_update(s, data, len);
	return p11_op_update(s, kind, data, len, NULL, NULL);
}

static CK_RV dual(CK_SESSION_HANDLE session, enum dual_kind d,
		  const unsigned char *in, CK_ULONG in_len, unsigned char *out,
		  CK_ULONG *out_len)
{
	enum p11_op_kind ck = duals[d].crypt, ok = duals[d].other;
	struct p11_session *s;
	CK_RV rv;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!s->ops[ck].active || !s->ops[ok].active) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
		goto out;
	}
	if (!out_len || (!in && in_len)) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	rv = p11_op_update(s, ck, in, in_len, out, out_len);
	/* Nothing was consumed by a length query or a short buffer. */
	if (rv != CKR_OK || !out)
		goto out;
	if (ck == P11_OP_ENCRYPT)
		rv = other_update(s, ok, in, in_len);
	else
		rv = other_update(s, ok, out, *out_len);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_DigestEncryptUpdate(CK_SESSION_HANDLE session, unsigned char *part,
				 CK_ULONG part_len,
				 unsigned char *encrypted_part,
				 CK_ULONG *encrypted_part_len)
{
	return dual(session, DIGEST_ENCRYPT, part, part_len, encrypted_part,
		    encrypted_part_len);
}

CK_RV khsm_C_DecryptDigestUpdate(CK_SESSION_HANDLE session,
				 unsigned char *encrypted_part,
				 CK_ULONG encrypted_part_len,
				 unsigned char *part, CK_ULONG *part_len)
{
	return dual(session, DECRYPT_DIGEST, encrypted_part, encrypted_part_len,
		    part, part_len);
}

CK_RV khsm_C_SignEncryptUpdate(CK_SESSION_HANDLE session, unsigned char *part,
			       CK_ULONG part_len, unsigned char *encrypted_part,
			       CK_ULONG *encrypted_part_len)
{
	return dual(session, SIGN_ENCRYPT, part, part_len, encrypted_part,
		    encrypted_part_len);
}

CK_RV khsm_C_DecryptVerifyUpdate(CK_SESSION_HANDLE session,
				 unsigned char *encrypted_part,
				 CK_ULONG encrypted_part_len,
				 unsigned char *part, CK_ULONG *part_len)
{
	return dual(session, DECRYPT_VERIFY, encrypted_part, encrypted_part_len,
		    part, part_len);
}
