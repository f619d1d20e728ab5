// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Error sentences in the keystore's terms, where errno's generic text
 * would mislead a user (ENOTTY is not about terminals here).
 */
#include <errno.h>
#include <string.h>

#include "hsm.h"
#include "internal.h"

__hsm_public const char *hsm_strerror(int err)
{
	switch (-err) {
	case ENOENT:
		return "khsm device not found (is the khsm module loaded?)";
	case EACCES:
		return "permission denied on the khsm device (not in its group?)";
	case ENOTTY:
		return "not a khsm device, or a request this module does not know";
	case EPROTO:
		return "the khsm module is older than this library";
	case E2BIG:
		return "request has non-zero bytes the module does not know";
	default:
		return strerror(-err);
	}
}
