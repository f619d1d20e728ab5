// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time check of the RSA private operations under valgrind
 * memcheck: the private key, the blinding values (all DRBG output) and the
 * ciphertexts being decrypted are secret; signing, PSS signing, raw RSA,
 * OAEP and PKCS #1 v1.5 decryption (of valid and of invalid ciphertexts)
 * must not branch on or index memory by them. Any memcheck error fails.
 */
#include <stdio.h>
#include <string.h>

#include "ctgrind_util.h"
#include "rsa_util.h"
#include "shim_user.h"

static void secret_mont(struct khsm_mont *mc)
{
	/* Limb count, bit length and code path are public; the rest not. */
	SECRET(&mc->n0, sizeof(*mc) - offsetof(struct khsm_mont, n0));
}

static void secret_key(struct khsm_rsa_key *key)
{
	secret_mont(&key->p);
	secret_mont(&key->q);
	SECRET(key->d, sizeof(key->d));
	SECRET(key->dp, sizeof(key->dp));
	SECRET(key->dq, sizeof(key->dq));
	SECRET(key->qinv, sizeof(key->qinv));
	SECRET(key->qinv_m, sizeof(key->qinv_m));
}

/*
 * Valgrind hides BMI2 and ADX from CPUID, so khsm_mont_init() picks the
 * portable path under it; valgrind still executes MULX/ADCX/ADOX, so when
 * the CPU has them (as /proc/cpuinfo, not CPUID, tells under valgrind) the
 * MULX/ADX path is forced for a second run.
 */
static int cpu_has_adx(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	int bmi2 = 0, adx = 0;

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		bmi2 = strstr(line, " bmi2") != NULL;
		adx = strstr(line, " adx") != NULL;
		break;
	}
	if (f)
		fclose(f);
	return bmi2 && adx;
}

static void force_adx(struct khsm_rsa_key *key)
{
	key->n.flags |= KHSM_MONT_ADX;
	key->p.flags |= KHSM_MONT_ADX;
	key->q.flags |= KHSM_MONT_ADX;
}

static int run(int bits, int adx)
{
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	EVP_PKEY *pk = EVP_RSA_gen((unsigned int)bits);
	uint8_t d[32] = { 1, 2, 3 }, sig[512], ct[512], out[512], m[8] = "msg";
	size_t olen;
	int ret, fails = 0;

	if (khsm_from_evp(key, pk)) {
		printf("import failed\n");
		return 1;
	}
	if (adx)
		force_adx(key);
	secret_key(key);
	khsm_test_set_random(secret_random);

	ret = khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32, sig);
	PUBLIC(sig, key->len);
	fails += ret != 0;
	ret = khsm_rsa_pss_sign(key, KHSM_HASH_SHA256, KHSM_HASH_SHA256, 32, d,
				32, sig);
	PUBLIC(sig, key->len);
	fails += ret != 0;

	/* OAEP: a valid ciphertext, then a corrupted one. */
	ret = khsm_rsa_oaep_encrypt(key, KHSM_HASH_SHA256, KHSM_HASH_SHA1, NULL,
				    0, m, 3, ct);
	PUBLIC(ct, key->len);
	fails += ret != 0;
	SECRET(ct, key->len);
	olen = sizeof(out);
	ret = khsm_rsa_oaep_decrypt(key, KHSM_HASH_SHA256, KHSM_HASH_SHA1, NULL,
				    0, ct, key->len, out, &olen);
	PUBLIC(&olen, sizeof(olen));
	PUBLIC(out, sizeof(out));
	fails += ret != 0 || olen != 3 || memcmp(out, m, 3);
	PUBLIC(ct, key->len);
	ct[key->len - 1] ^= 1;
	SECRET(ct, key->len);
	olen = sizeof(out);
	ret = khsm_rsa_oaep_decrypt(key, KHSM_HASH_SHA256, KHSM_HASH_SHA1, NULL,
				    0, ct, key->len, out, &olen);
	fails += ret != -EBADMSG;

	/* PKCS #1 v1.5 decryption, valid and invalid. */
	ret = khsm_rsa_pkcs1_encrypt(key, m, 3, ct);
	PUBLIC(ct, key->len);
	fails += ret != 0;
	SECRET(ct, key->len);
	olen = sizeof(out);
	ret = khsm_rsa_pkcs1_decrypt(key, ct, key->len, out, &olen);
	PUBLIC(&olen, sizeof(olen));
	PUBLIC(out, sizeof(out));
	fails += ret != 0 || olen != 3 || memcmp(out, m, 3);
	PUBLIC(ct, key->len);
	ct[5] ^= 1;
	SECRET(ct, key->len);
	olen = sizeof(out);
	ret = khsm_rsa_pkcs1_decrypt(key, ct, key->len, out, &olen);
	fails += ret != -EBADMSG;

	/* Raw RSA of a secret input. */
	memset(ct, 0x42, key->len);
	ct[0] = 0;
	SECRET(ct, key->len);
	ret = khsm_rsa_private(key, ct, key->len, out);
	PUBLIC(out, key->len);
	fails += ret != 0;

	khsm_test_set_random(NULL);
	khsm_rsa_key_free(key);
	EVP_PKEY_free(pk);
	printf("ctgrind rsa-%d private operations (%s): %s\n", bits,
	       adx ? "MULX/ADX" : "portable", fails ? "WRONG RESULTS" : "done");
	return fails != 0;
}

int main(void)
{
	int adx = cpu_has_adx();
	int ret = run(2048, 0) | run(3072, 0);

	if (adx)
		ret |= run(2048, 1) | run(3072, 1);
	else
		printf("ctgrind rsa: no BMI2/ADX, MULX/ADX path not checked\n");
	return ret;
}
