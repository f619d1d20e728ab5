// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Key management: generation, wrapping, unwrapping and derivation, all
 * inside the kernel.
 */
#include <errno.h>
#include <string.h>

#include "fns.h"
#include "p11.h"

/*
 * The row of @mech if the kernel does @flag with it, and its parameter
 * in the kernel's form @kp; with @km, also the mechanism as libhsm takes
 * it (pointing into @kp).
 */
static CK_RV mech_for(const CK_MECHANISM *mech, CK_FLAGS flag,
		      const struct p11_mech **out, struct p11_kparam *kp,
		      struct hsm_mech *km)
{
	const struct p11_mech *m;
	CK_RV rv;

	if (!mech)
		return CKR_ARGUMENTS_BAD;
	m = p11_mech_find(mech->mechanism);
	if (!m || !(p11_mech_flags(m) & flag))
		return CKR_MECHANISM_INVALID;
	rv = p11_mech_param(m, mech, kp);
	if (rv != CKR_OK)
		return rv;
	if (km) {
		km->mech = m->type;
		km->param = kp->len ? kp->buf : NULL;
		km->param_len = kp->len;
	}
	*out = m;
	return CKR_OK;
}

CK_RV khsm_C_GenerateKey(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			 CK_ATTRIBUTE *templ, CK_ULONG count,
			 CK_OBJECT_HANDLE *key)
{
	const struct p11_mech *m;
	struct p11_session *s;
	struct p11_tmpl t;
	struct p11_kparam kp;
	uint32_t h;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!key || (!templ && count))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = mech_for(mechanism, CKF_GENERATE, &m, &kp, NULL);
	if (rv == CKR_OK)
		rv = p11_tmpl_build(templ, count, CKO_SECRET_KEY, &t);
	if (rv != CKR_OK)
		goto out;
	ret = hsm_generate_key(s->h, m->type, t.a, t.n, &h);
	rv = p11_new_object(ret, P11_KEYGEN, &h, key);
	p11_tmpl_free(&t);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_GenerateKeyPair(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			     CK_ATTRIBUTE *pub_templ, CK_ULONG pub_count,
			     CK_ATTRIBUTE *priv_templ, CK_ULONG priv_count,
			     CK_OBJECT_HANDLE *pub_key,
			     CK_OBJECT_HANDLE *priv_key)
{
	struct p11_tmpl pub = { 0 }, priv = { 0 };
	const struct p11_mech *m;
	struct p11_session *s;
	struct p11_kparam kp;
	uint32_t hpub, hpriv;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!pub_key || !priv_key || (!pub_templ && pub_count) ||
	    (!priv_templ && priv_count))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = mech_for(mechanism, CKF_GENERATE_KEY_PAIR, &m, &kp, NULL);
	if (rv == CKR_OK)
		rv = p11_tmpl_build(pub_templ, pub_count, CKO_PUBLIC_KEY, &pub);
	if (rv == CKR_OK)
		rv = p11_tmpl_build(priv_templ, priv_count, CKO_PRIVATE_KEY,
				    &priv);
	if (rv == CKR_OK) {
		ret = hsm_generate_key_pair(s->h, m->type, pub.a, pub.n, priv.a,
					    priv.n, &hpub, &hpriv);
		rv = ret ? p11_err(ret, P11_KEYGEN) : CKR_OK;
		if (!ret) {
			*pub_key = hpub;
			*priv_key = hpriv;
		}
	}
	p11_tmpl_free(&pub);
	p11_tmpl_free(&priv);
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_WrapKey(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
		     CK_OBJECT_HANDLE wrapping_key, CK_OBJECT_HANDLE key,
		     unsigned char *wrapped_key, CK_ULONG *wrapped_key_len)
{
	const struct p11_mech *m;
	struct p11_session *s;
	struct p11_kparam kp;
	struct hsm_mech km;
	size_t len;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!wrapped_key_len)
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = mech_for(mechanism, CKF_WRAP, &m, &kp, &km);
	if (rv != CKR_OK)
		goto out;
	if (!P11_HANDLE_OK(wrapping_key)) {
		rv = CKR_WRAPPING_KEY_HANDLE_INVALID;
		goto out;
	}
	if (!P11_HANDLE_OK(key)) {
		rv = CKR_KEY_HANDLE_INVALID;
		goto out;
	}
	len = wrapped_key ? *wrapped_key_len : 0;
	ret = hsm_wrap_key(s->h, &km, (uint32_t)wrapping_key, (uint32_t)key,
			   wrapped_key, &len);
	if (!ret || ret == -ENOSPC)
		*wrapped_key_len = len;
	rv = ret ? p11_err(ret, P11_WRAP) : CKR_OK;
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_UnwrapKey(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
		       CK_OBJECT_HANDLE unwrapping_key,
		       unsigned char *wrapped_key, CK_ULONG wrapped_key_len,
		       CK_ATTRIBUTE *templ, CK_ULONG count,
		       CK_OBJECT_HANDLE *key)
{
	const struct p11_mech *m;
	struct p11_session *s;
	struct p11_kparam kp;
	struct p11_tmpl t = { 0 };
	struct hsm_mech km;
	uint32_t h;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!key || !wrapped_key || (!templ && count))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = mech_for(mechanism, CKF_UNWRAP, &m, &kp, &km);
	if (rv == CKR_OK && !P11_HANDLE_OK(unwrapping_key))
		rv = CKR_UNWRAPPING_KEY_HANDLE_INVALID;
	if (rv == CKR_OK)
		rv = p11_tmpl_build(templ, count, CK_UNAVAILABLE_INFORMATION,
				    &t);
	if (rv != CKR_OK)
		goto out;
	ret = hsm_unwrap_key(s->h, &km, (uint32_t)unwrapping_key, wrapped_key,
			     wrapped_key_len, t.a, t.n, &h);
	rv = p11_new_object(ret, P11_UNWRAP, &h, key);
	p11_tmpl_free(&t);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_DeriveKey(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
		       CK_OBJECT_HANDLE base_key, CK_ATTRIBUTE *templ,
		       CK_ULONG count, CK_OBJECT_HANDLE *key)
{
	const struct p11_mech *m;
	struct p11_session *s;
	struct p11_kparam kp;
	struct p11_tmpl t = { 0 };
	struct hsm_mech km;
	uint32_t h;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!key || (!templ && count))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = mech_for(mechanism, CKF_DERIVE, &m, &kp, &km);
	if (rv == CKR_OK && !P11_HANDLE_OK(base_key))
		rv = CKR_KEY_HANDLE_INVALID;
	if (rv == CKR_OK)
		rv = p11_tmpl_build(templ, count, CKO_SECRET_KEY, &t);
	if (rv != CKR_OK)
		goto out;
	ret = hsm_derive_key(s->h, &km, (uint32_t)base_key, t.a, t.n, &h);
	rv = p11_new_object(ret, P11_DERIVE, &h, key);
	p11_tmpl_free(&t);
out:
	p11_session_put(s);
	return rv;
}
