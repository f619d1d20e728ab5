// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Object management: create, copy, destroy, attributes, and searches.
 * Object handles are the kernel's handles, unique in their token.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fns.h"
#include "p11.h"

/* CK_ATTRIBUTE is struct khsm_attr on LP64: templates pass unchanged. */
_Static_assert(sizeof(CK_ATTRIBUTE) == sizeof(struct khsm_attr),
	       "CK_ATTRIBUTE is not struct khsm_attr");
_Static_assert(offsetof(CK_ATTRIBUTE, ulValueLen) ==
		       offsetof(struct khsm_attr, len),
	       "CK_ATTRIBUTE is not struct khsm_attr");

CK_RV khsm_C_CreateObject(CK_SESSION_HANDLE session, CK_ATTRIBUTE *templ,
			  CK_ULONG count, CK_OBJECT_HANDLE *object)
{
	struct p11_session *s;
	struct p11_tmpl t;
	uint32_t h;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!object || !templ) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	rv = p11_tmpl_build(templ, count, CK_UNAVAILABLE_INFORMATION, &t);
	if (rv != CKR_OK)
		goto out;
	if (!p11_tmpl_find(templ, count, CKA_CLASS)) {
		rv = CKR_TEMPLATE_INCOMPLETE;
	} else {
		ret = hsm_object_create(s->h, t.a, t.n, &h);
		rv = p11_new_object(ret, P11_OBJECT, &h, object);
	}
	p11_tmpl_free(&t);
out:
	p11_session_put(s);
	return rv;
}

/* Whether @templ may be set on @object (C_CopyObject, C_SetAttributeValue). */
static CK_RV set_check(CK_OBJECT_HANDLE object, const CK_ATTRIBUTE *templ,
		       CK_ULONG count)
{
	if (!P11_HANDLE_OK(object))
		return CKR_OBJECT_HANDLE_INVALID;
	return p11_tmpl_check(templ, count, P11_T_SET);
}

CK_RV khsm_C_CopyObject(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
			CK_ATTRIBUTE *templ, CK_ULONG count,
			CK_OBJECT_HANDLE *new_object)
{
	struct p11_session *s;
	uint32_t h;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!new_object || (!templ && count))
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = set_check(object, templ, count);
	if (rv == CKR_OK) {
		ret = hsm_object_copy(s->h, (uint32_t)object,
				      (const struct khsm_attr *)templ,
				      (uint32_t)count, &h);
		rv = p11_new_object(ret, P11_OBJECT, &h, new_object);
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_DestroyObject(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	p11_objects_changed();

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!P11_HANDLE_OK(object)) {
		rv = CKR_OBJECT_HANDLE_INVALID;
	} else {
		ret = hsm_object_destroy(s->h, (uint32_t)object);
		rv = ret == -EACCES ? CKR_ACTION_PROHIBITED :
		     ret	    ? p11_err(ret, P11_OBJECT) :
				      CKR_OK;
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_GetObjectSize(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object,
			   CK_ULONG *size)
{
	CK_OBJECT_CLASS class;
	CK_ATTRIBUTE a = { CKA_CLASS, &class, sizeof(class) };
	struct p11_session *s;
	uint32_t result;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!size) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (!P11_HANDLE_OK(object)) {
		rv = CKR_OBJECT_HANDLE_INVALID;
	} else {
		ret = hsm_attr_get(s->h, (uint32_t)object,
				   (struct khsm_attr *)&a, 1, &result);
		rv = ret ? p11_err(ret, P11_OBJECT) : CKR_OK;
		/* Objects live in kernel memory, not in a token's store. */
		*size = CK_UNAVAILABLE_INFORMATION;
	}
	p11_session_put(s);
	return rv;
}

/* The CKR of the attributes not returned (section 5.7, in its order). */
static CK_RV get_result(uint32_t result)
{
	if (result & KHSM_GET_SENSITIVE)
		return CKR_ATTRIBUTE_SENSITIVE;
	if (result & KHSM_GET_TYPE_INVALID)
		return CKR_ATTRIBUTE_TYPE_INVALID;
	if (result & KHSM_GET_BUFFER_TOO_SMALL)
		return CKR_BUFFER_TOO_SMALL;
	return CKR_OK;
}

CK_RV khsm_C_GetAttributeValue(CK_SESSION_HANDLE session,
			       CK_OBJECT_HANDLE object, CK_ATTRIBUTE *templ,
			       CK_ULONG count)
{
	struct p11_session *s;
	uint32_t result, all = 0, n;
	CK_ULONG done;
	CK_RV rv;
	int ret = 0;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!templ && count) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if (!P11_HANDLE_OK(object)) {
		rv = CKR_OBJECT_HANDLE_INVALID;
		goto out;
	}
	/* The kernel takes KHSM_MAX_ATTRS at a time; clients ask more. */
	done = 0;
	do {
		n = count - done > KHSM_MAX_ATTRS ? KHSM_MAX_ATTRS :
						    (uint32_t)(count - done);
		ret = hsm_attr_get(s->h, (uint32_t)object,
				   (struct khsm_attr *)templ + done, n,
				   &result);
		all |= result;
		done += n;
	} while (!ret && done < count);
	rv = ret ? p11_err(ret, P11_OBJECT) : get_result(all);
out:
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_SetAttributeValue(CK_SESSION_HANDLE session,
			       CK_OBJECT_HANDLE object, CK_ATTRIBUTE *templ,
			       CK_ULONG count)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	p11_objects_changed();

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!templ)
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = set_check(object, templ, count);
	if (rv == CKR_OK) {
		ret = hsm_attr_set(s->h, (uint32_t)object,
				   (const struct khsm_attr *)templ,
				   (uint32_t)count);
		rv = ret ? p11_err(ret, P11_OBJECT) : CKR_OK;
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_FindObjectsInit(CK_SESSION_HANDLE session, CK_ATTRIBUTE *templ,
			     CK_ULONG count)
{
	struct p11_session *s;
	uint32_t *found = NULL;
	CK_RV rv;
	int n;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!templ && count) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (s->finding) {
		rv = CKR_OPERATION_ACTIVE;
	} else if (count > KHSM_MAX_ATTRS ||
		   p11_tmpl_check(templ, count, P11_T_SET) != CKR_OK) {
		/* No object has an attribute the module does not know. */
		s->finding = true;
		s->found_n = s->found_pos = 0;
	} else {
		n = hsm_find_alloc(s->h, (const struct khsm_attr *)templ,
				   (uint32_t)count, &found);
		/* Nor one the kernel refuses for every class. */
		if (n == -EPROTONOSUPPORT || n == -EDOM)
			n = 0;
		if (n < 0) {
			rv = p11_err(n, P11_OBJECT);
		} else {
			s->found = found;
			s->found_n = (uint32_t)n;
			s->found_pos = 0;
			s->finding = true;
		}
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_FindObjects(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE *object,
			 CK_ULONG max_object_count, CK_ULONG *object_count)
{
	struct p11_session *s;
	CK_RV rv;
	CK_ULONG n = 0;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!object_count || (!object && max_object_count)) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (!s->finding) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else {
		while (n < max_object_count && s->found_pos < s->found_n)
			object[n++] = s->found[s->found_pos++];
		*object_count = n;
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_FindObjectsFinal(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!s->finding) {
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else {
		free(s->found);
		s->found = NULL;
		s->finding = false;
	}
	p11_session_put(s);
	return rv;
}
