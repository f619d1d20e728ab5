// SPDX-License-Identifier: GPL-2.0
/*
 * AES key wrap: every case of Wycheproof's aes_kwp_test.json (RFC 5649) and
 * aes_wrap_test.json (RFC 3394), read in place, then random round trips
 * against OpenSSL's id-aes*-wrap(-pad) in both directions and corrupted
 * wrappings, which must all fail with the one uniform error.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>

#include "check.h"
#include "kwp_util.h"
#include "wycheproof.h"

typedef int (*wrap_fn)(const struct khsm_block_cipher *bc, const u8 *in,
		       size_t inlen, u8 *out, size_t *outlen);

static void vectors(const char *file, wrap_fn wrap, wrap_fn unwrap)
{
	json_t *root = wp_load(file), *group, *test;
	size_t i, j;

	CHECK(root != NULL, "load %s", file);
	if (!root)
		return;
	json_array_foreach(json_object_get(root, "testGroups"), i, group)
	{
		json_array_foreach(json_object_get(group, "tests"), j, test)
		{
			struct khsm_block_cipher bc;
			struct aes_pair p;
			uint8_t *key, *msg, *ct, out[4096];
			long kl = wp_hex_field(test, "key", &key);
			long ml = wp_hex_field(test, "msg", &msg);
			long cl = wp_hex_field(test, "ct", &ct);
			size_t olen = sizeof(out);
			int res = wp_result(test), ok, uret, wret;

			aes_setup(&p, &bc, key, (size_t)kl);
			uret = unwrap(&bc, ct, (size_t)cl, out, &olen);
			ok = uret == 0 && olen == (size_t)ml &&
			     !memcmp(out, msg, olen);
			if (res == 1) {
				olen = sizeof(out);
				wret = wrap(&bc, msg, (size_t)ml, out, &olen);
				ok = ok && wret == 0 && olen == (size_t)cl &&
				     !memcmp(out, ct, olen);
			}
			CHECK(res == 1 ? ok :
			      res == 0 ? uret == -EBADMSG :
					 (uret != 0 || ok),
			      "%s tc %lld (unwrap %d)", file,
			      json_integer_value(json_object_get(test, "tcId")),
			      uret);
			aes_free(&p);
			free(key);
			free(msg);
			free(ct);
		}
	}
	json_decref(root);
}

static const EVP_CIPHER *ossl_wrap(size_t keylen, int pad)
{
	if (pad)
		return keylen == 16 ? EVP_aes_128_wrap_pad() :
		       keylen == 24 ? EVP_aes_192_wrap_pad() :
				      EVP_aes_256_wrap_pad();
	return keylen == 16 ? EVP_aes_128_wrap() :
	       keylen == 24 ? EVP_aes_192_wrap() :
			      EVP_aes_256_wrap();
}

static int ossl(int enc, int pad, const u8 *key, size_t kl, const u8 *in,
		size_t inlen, u8 *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0, m = 0;

	EVP_CipherInit_ex(c, ossl_wrap(kl, pad), NULL, key, NULL, enc);
	if (EVP_CipherUpdate(c, out, &n, in, (int)inlen) != 1)
		n = -1;
	else if (EVP_CipherFinal_ex(c, out + n, &m) == 1)
		n += m;
	EVP_CIPHER_CTX_free(c);
	return n;
}

static void cross(int pad)
{
	wrap_fn wrap = pad ? khsm_kwp_wrap : khsm_kw_wrap;
	wrap_fn unwrap = pad ? khsm_kwp_unwrap : khsm_kw_unwrap;
	int i;

	for (i = 0; i < 300; i++) {
		u8 key[32], msg[520], a[600], b[600];
		size_t kl = 16 + 8 * (i % 3), ml, olen;
		struct khsm_block_cipher bc;
		struct aes_pair p;
		int n;

		RAND_bytes(key, sizeof(key));
		RAND_bytes((u8 *)&ml, sizeof(ml));
		ml = pad ? 1 + ml % 512 : 16 + 8 * (ml % 63);
		RAND_bytes(msg, (int)ml);
		aes_setup(&p, &bc, key, kl);
		olen = sizeof(a);
		CHECK(wrap(&bc, msg, ml, a, &olen) == 0, "wrap %zu", ml);
		n = ossl(0, pad, key, kl, a, olen, b);
		CHECK(n == (int)ml && !memcmp(b, msg, ml),
		      "OpenSSL unwraps pad=%d len %zu", pad, ml);
		n = ossl(1, pad, key, kl, msg, ml, b);
		olen = sizeof(a);
		CHECK(n > 0 && unwrap(&bc, b, (size_t)n, a, &olen) == 0 &&
			      olen == ml && !memcmp(a, msg, ml),
		      "khsm unwraps OpenSSL pad=%d len %zu", pad, ml);
		b[i % n] ^= (u8)(1 << (i % 8));
		olen = sizeof(a);
		memset(a, 0x77, sizeof(a));
		CHECK(unwrap(&bc, b, (size_t)n, a, &olen) == -EBADMSG &&
			      a[0] == 0 && a[n - 9] == 0,
		      "corrupted wrapping rejected and output wiped");
		aes_free(&p);
	}
}

int main(void)
{
	vectors("aes_kwp_test.json", khsm_kwp_wrap, khsm_kwp_unwrap);
	vectors("aes_wrap_test.json", khsm_kw_wrap, khsm_kw_unwrap);
	cross(1);
	cross(0);
	return check_report("crypto-kwp");
}
