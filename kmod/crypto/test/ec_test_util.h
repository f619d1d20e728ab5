/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the EC test programs (userspace, OpenSSL). */
#ifndef _KHSM_CRYPTO_EC_TEST_UTIL_H
#define _KHSM_CRYPTO_EC_TEST_UTIL_H

#include <string.h>
#include <openssl/evp.h>

#include "../ec.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static inline const EVP_MD *ec_test_md(const char *name)
{
	if (!strcmp(name, "SHA-256"))
		return EVP_sha256();
	if (!strcmp(name, "SHA-384"))
		return EVP_sha384();
	if (!strcmp(name, "SHA-512"))
		return EVP_sha512();
	if (!strcmp(name, "SHA-224"))
		return EVP_sha224();
	return NULL;
}

static inline int ec_test_curve(const char *name, enum khsm_ec_curve_id *c)
{
	if (!strcmp(name, "secp256r1")) {
		*c = KHSM_EC_P256;
		return 0;
	}
	if (!strcmp(name, "secp384r1")) {
		*c = KHSM_EC_P384;
		return 0;
	}
	return -1;
}

static inline int ec_test_nid(enum khsm_ec_curve_id c)
{
	return c == KHSM_EC_P256 ? 415 /* NID_X9_62_prime256v1 */ :
				   715 /* NID_secp384r1 */;
}

static inline const char *ec_test_group_name(enum khsm_ec_curve_id c)
{
	return c == KHSM_EC_P256 ? "P-256" : "P-384";
}

#endif
