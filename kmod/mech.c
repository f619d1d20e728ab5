// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of mechanisms: what each does, with which key type, and
 * which code runs it. C_GetMechanismList and every operation read it.
 */
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/kernel.h>

#include "limits.h"
#include "mech.h"

#define OPS(a, b) (BIT(KHSM_OP_##a) | BIT(KHSM_OP_##b))
#define ALL_OPS (OPS(ENCRYPT, DECRYPT) | OPS(SIGN, VERIFY))
/* Raw RSA also signs and verifies with message recovery. */
#define RSA_RAW_OPS (ALL_OPS | OPS(SIGN_RECOVER, VERIFY_RECOVER))
#define RSA_SIG(mech, name)                                              \
	{                                                                \
		KHSM_MECH_##mech, KHSM_KEY_RSA, OPS(SIGN, VERIFY), NULL, \
			khsm_rsa_max_out, khsm_rsa_run, name             \
	}
#define ECDSA(mech, name)                                               \
	{                                                               \
		KHSM_MECH_##mech, KHSM_KEY_EC, OPS(SIGN, VERIFY), NULL, \
			khsm_ecdsa_max_out, khsm_ecdsa_run, name        \
	}

/* Sorted by mechanism number: khsm_mech_table_check() verifies it. */
static const struct khsm_mech khsm_mechs[] = {
	{ KHSM_MECH_RSA_PKCS, KHSM_KEY_RSA, RSA_RAW_OPS, NULL, khsm_rsa_max_out,
	  khsm_rsa_run, "RSA-PKCS" },
	{ KHSM_MECH_RSA_X_509, KHSM_KEY_RSA, RSA_RAW_OPS, NULL,
	  khsm_rsa_max_out, khsm_rsa_run, "RSA-X-509" },
	RSA_SIG(SHA1_RSA_PKCS, "SHA1-RSA-PKCS"),
	{ KHSM_MECH_RSA_PKCS_OAEP, KHSM_KEY_RSA, OPS(ENCRYPT, DECRYPT), NULL,
	  khsm_rsa_max_out, khsm_rsa_run, "RSA-PKCS-OAEP" },
	RSA_SIG(RSA_PKCS_PSS, "RSA-PKCS-PSS"),
	RSA_SIG(SHA1_RSA_PKCS_PSS, "SHA1-RSA-PKCS-PSS"),
	RSA_SIG(SHA256_RSA_PKCS, "SHA256-RSA-PKCS"),
	RSA_SIG(SHA384_RSA_PKCS, "SHA384-RSA-PKCS"),
	RSA_SIG(SHA512_RSA_PKCS, "SHA512-RSA-PKCS"),
	RSA_SIG(SHA256_RSA_PKCS_PSS, "SHA256-RSA-PKCS-PSS"),
	RSA_SIG(SHA384_RSA_PKCS_PSS, "SHA384-RSA-PKCS-PSS"),
	RSA_SIG(SHA512_RSA_PKCS_PSS, "SHA512-RSA-PKCS-PSS"),
	RSA_SIG(SHA224_RSA_PKCS, "SHA224-RSA-PKCS"),
	RSA_SIG(SHA224_RSA_PKCS_PSS, "SHA224-RSA-PKCS-PSS"),
	{ KHSM_MECH_SHA256_HMAC, KHSM_KEY_GENERIC_SECRET, OPS(SIGN, VERIFY),
	  "hmac(sha256)", khsm_mac_max_out, khsm_mac_run, "SHA256-HMAC" },
	{ KHSM_MECH_SHA384_HMAC, KHSM_KEY_GENERIC_SECRET, OPS(SIGN, VERIFY),
	  "hmac(sha384)", khsm_mac_max_out, khsm_mac_run, "SHA384-HMAC" },
	{ KHSM_MECH_SHA512_HMAC, KHSM_KEY_GENERIC_SECRET, OPS(SIGN, VERIFY),
	  "hmac(sha512)", khsm_mac_max_out, khsm_mac_run, "SHA512-HMAC" },
	ECDSA(ECDSA, "ECDSA"),
	ECDSA(ECDSA_SHA1, "ECDSA-SHA1"),
	ECDSA(ECDSA_SHA224, "ECDSA-SHA224"),
	ECDSA(ECDSA_SHA256, "ECDSA-SHA256"),
	ECDSA(ECDSA_SHA384, "ECDSA-SHA384"),
	ECDSA(ECDSA_SHA512, "ECDSA-SHA512"),
	{ KHSM_MECH_AES_ECB, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), "ecb(aes)",
	  khsm_aes_block_max_out, khsm_aes_block_run, "AES-ECB" },
	{ KHSM_MECH_AES_CBC, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), "cbc(aes)",
	  khsm_aes_block_max_out, khsm_aes_block_run, "AES-CBC" },
	{ KHSM_MECH_AES_CBC_PAD, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT),
	  "cbc(aes)", khsm_aes_block_max_out, khsm_aes_block_run,
	  "AES-CBC-PAD" },
	{ KHSM_MECH_AES_CTR, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), "ctr(aes)",
	  khsm_aes_block_max_out, khsm_aes_block_run, "AES-CTR" },
	{ KHSM_MECH_AES_GCM, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), "gcm(aes)",
	  khsm_aes_gcm_max_out, khsm_aes_gcm_run, "AES-GCM" },
	{ KHSM_MECH_AES_CMAC, KHSM_KEY_AES, OPS(SIGN, VERIFY), "cmac(aes)",
	  khsm_mac_max_out, khsm_mac_run, "AES-CMAC" },
	{ KHSM_MECH_AES_KEY_WRAP, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), NULL,
	  khsm_aes_wrap_max_out, khsm_aes_wrap_run, "AES-KEY-WRAP" },
	{ KHSM_MECH_AES_KEY_WRAP_KWP, KHSM_KEY_AES, OPS(ENCRYPT, DECRYPT), NULL,
	  khsm_aes_wrap_max_out, khsm_aes_wrap_run, "AES-KEY-WRAP-KWP" },
};

/**
 * khsm_mech_table_check() - check the table is sorted with no duplicate
 *
 * Context: module init.
 * Return: 0, or -EINVAL with a warning.
 */
int khsm_mech_table_check(void)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(khsm_mechs); i++)
		if (WARN(khsm_mechs[i - 1].mech >= khsm_mechs[i].mech,
			 "khsm: mechanism row %u out of order\n", i))
			return -EINVAL;
	return 0;
}

/**
 * khsm_mech_find() - the row of a mechanism
 * @mech: KHSM_MECH_*
 *
 * Return: the row, or NULL for a mechanism khsm does not have.
 */
const struct khsm_mech *khsm_mech_find(u64 mech)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(khsm_mechs);

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (khsm_mechs[mid].mech == mech)
			return &khsm_mechs[mid];
		if (khsm_mechs[mid].mech < mech)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * khsm_mech_at() - the table's row @i, for listing
 * @i: index
 *
 * Return: the row, or NULL past the end.
 */
const struct khsm_mech *khsm_mech_at(unsigned int i)
{
	return i < ARRAY_SIZE(khsm_mechs) ? &khsm_mechs[i] : NULL;
}
