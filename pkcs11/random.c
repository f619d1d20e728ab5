// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Random numbers from the kernel module's DRBG (KHSM_IOC_RANDOM), the one
 * its self-tests checked; a module without the request leaves
 * getrandom(2), the CRNG that DRBG is seeded from. Nothing can be mixed
 * into either from here, so C_SeedRandom says so.
 */
#include <errno.h>
#include <sys/random.h>

#include "fns.h"
#include "p11.h"

CK_RV khsm_C_SeedRandom(CK_SESSION_HANDLE session, unsigned char *seed,
			CK_ULONG seed_len)
{
	struct p11_session *s;
	CK_RV rv;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	p11_session_put(s);
	if (!seed && seed_len)
		return CKR_ARGUMENTS_BAD;
	return CKR_RANDOM_SEED_NOT_SUPPORTED;
}

CK_RV khsm_C_GenerateRandom(CK_SESSION_HANDLE session, unsigned char *out,
			    CK_ULONG len)
{
	struct p11_session *s;
	CK_ULONG done = 0;
	ssize_t n;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!out && len) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	ret = hsm_random(s->h, out, len);
	if (ret != -ENOTTY) {
		rv = ret ? p11_err(ret, P11_ANY) : CKR_OK;
		goto out;
	}
	while (done < len) {
		n = getrandom(out + done, len - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rv = CKR_DEVICE_ERROR;
			break;
		}
		done += (CK_ULONG)n;
	}
out:
	p11_session_put(s);
	return rv;
}
