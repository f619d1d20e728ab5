// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Error sentences in the keystore's terms, where errno's generic text
 * would mislead a user (ENOTTY is not about terminals here). The meanings
 * are those linux/khsm.h documents.
 */
#include <errno.h>
#include <string.h>

#include "hsm.h"
#include "internal.h"

/* clang-format off */
static const struct {
	int err;
	const char *msg;
} hsm_errors[] = {
	{ ENOENT, "no such object, or khsm device not found (is the khsm module loaded?)" },
	{ EACCES, "permission denied (device group, token owner or read-only attribute)" },
	{ ENOTTY, "not a khsm device, or a request this module does not know" },
	{ EPROTO, "the khsm module is older than this library" },
	{ E2BIG, "request has non-zero bytes the module does not know" },
	{ EPERM, "not logged in as the request needs" },
	{ ENXIO, "no such token" },
	{ ENODEV, "the token is not initialised" },
	{ EKEYREJECTED, "wrong PIN (or key not extractable / not trusted)" },
	{ EKEYREVOKED, "the PIN is locked" },
	{ EKEYEXPIRED, "the key needs the user PIN again (context login)" },
	{ ENOKEY, "the user PIN is not initialised" },
	{ EALREADY, "already logged in" },
	{ EBUSY, "busy: another user is logged in, sessions exist, or an operation is active" },
	{ EROFS, "read-only session" },
	{ ERANGE, "length or size out of range" },
	{ EBADFD, "the handle is not a session yet" },
	{ EEXIST, "the handle is a session already" },
	{ ESRCH, "the session belongs to another process" },
	{ EDQUOT, "too many tokens, sessions or objects" },
	{ ENODATA, "template incomplete" },
	{ EILSEQ, "template inconsistent" },
	{ EPROTONOSUPPORT, "attribute type invalid for the object" },
	{ EDOM, "attribute value invalid" },
	{ EOPNOTSUPP, "mechanism not supported" },
	{ ENOEXEC, "the key's type does not fit the mechanism" },
	{ EBADR, "mechanism parameter invalid" },
	{ EMSGSIZE, "input length invalid for the mechanism" },
	{ EOVERFLOW, "signature or MAC length invalid for the key" },
	{ EBADMSG, "signature, MAC, tag, padding or ciphertext invalid" },
	{ ENOSPC, "output buffer too small" },
	{ ENOMSG, "no multi-part operation is active" },
};
/* clang-format on */

__hsm_public const char *hsm_strerror(int err)
{
	size_t i;

	for (i = 0; i < sizeof(hsm_errors) / sizeof(hsm_errors[0]); i++)
		if (hsm_errors[i].err == -err)
			return hsm_errors[i].msg;
	return strerror(-err);
}
