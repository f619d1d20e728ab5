// SPDX-License-Identifier: GPL-2.0
/*
 * Every applicable Wycheproof RSA vector file, read in place: PKCS #1 v1.5
 * signature verification (1024..8192-bit keys) and generation, RSAES-PKCS1
 * decryption, PSS verification (with and without parameters in the key) and
 * OAEP decryption. "valid" must succeed with the right output, "invalid"
 * must fail, "acceptable" may go either way but never give a wrong output.
 * Private keys come as PKCS #8; the test parses them with OpenSSL and hands
 * the components to the core.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>

#include "check.h"
#include "rsa_util.h"
#include "wycheproof.h"

#define OK_FOR(res, ok, extra)            \
	((res) == 1 ? ((ok) && (extra)) : \
	 (res) == 0 ? !(ok) :             \
		      (!(ok) || (extra)))

static unsigned long files;

static struct khsm_rsa_key *public_key(json_t *group)
{
	json_t *pk = json_object_get(group, "publicKey");
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	uint8_t *n = NULL, *e = NULL;
	long nl = wp_hex_field(pk, "modulus", &n);
	long el = wp_hex_field(pk, "publicExponent", &e);

	if (nl < 0 || el < 0 ||
	    khsm_rsa_import_public(key, n, (size_t)nl, e, (size_t)el)) {
		khsm_rsa_key_free(key);
		key = NULL;
	}
	free(n);
	free(e);
	return key;
}

static struct khsm_rsa_key *private_key(json_t *group)
{
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	uint8_t *der = NULL;
	long len = wp_hex_field(group, "privateKeyPkcs8", &der);
	EVP_PKEY *pk = len > 0 ? evp_from_der_private(der, len) : NULL;

	if (!pk || khsm_from_evp(key, pk)) {
		khsm_rsa_key_free(key);
		key = NULL;
	}
	EVP_PKEY_free(pk);
	free(der);
	return key;
}

static void pkcs1_verify(json_t *group, json_t *test, const char *file)
{
	static struct khsm_rsa_key *key;
	static json_t *cur;
	enum khsm_hash_alg alg;
	uint8_t *msg = NULL, *sig = NULL, d[64];
	long ml, sl;
	int ok = 0;

	if (cur != group) {
		khsm_rsa_key_free(key);
		key = public_key(group);
		cur = group;
	}
	ml = wp_hex_field(test, "msg", &msg);
	sl = wp_hex_field(test, "sig", &sig);
	if (key && ml >= 0 && sl >= 0 &&
	    !hash_from_name(json_string_value(json_object_get(group, "sha")),
			    &alg)) {
		size_t dl = digest(alg, msg, (size_t)ml, d);

		ok = khsm_rsa_pkcs1_verify(key, alg, d, dl, sig, (size_t)sl) ==
		     0;
	}
	CHECK(OK_FOR(wp_result(test), ok, 1), "%s tc %lld", file,
	      json_integer_value(json_object_get(test, "tcId")));
	free(msg);
	free(sig);
}

static void pkcs1_sign(json_t *group, json_t *test, const char *file)
{
	static struct khsm_rsa_key *key;
	static json_t *cur;
	enum khsm_hash_alg alg;
	uint8_t *msg = NULL, *sig = NULL, d[64], out[KHSM_RSA_MAX_BYTES];
	long ml, sl;
	int ok = 0, same = 0;

	if (cur != group) {
		khsm_rsa_key_free(key);
		key = private_key(group);
		cur = group;
	}
	ml = wp_hex_field(test, "msg", &msg);
	sl = wp_hex_field(test, "sig", &sig);
	if (key && ml >= 0 && sl >= 0 &&
	    !hash_from_name(json_string_value(json_object_get(group, "sha")),
			    &alg)) {
		size_t dl = digest(alg, msg, (size_t)ml, d);

		ok = khsm_rsa_pkcs1_sign(key, alg, d, dl, out) == 0;
		same = ok && (size_t)sl == key->len &&
		       !memcmp(out, sig, key->len);
		ok = ok &&
		     khsm_rsa_pkcs1_verify(key, alg, d, dl, out, key->len) == 0;
	}
	CHECK(OK_FOR(wp_result(test), ok, same), "%s tc %lld", file,
	      json_integer_value(json_object_get(test, "tcId")));
	free(msg);
	free(sig);
}

static void pkcs1_decrypt(json_t *group, json_t *test, const char *file)
{
	static struct khsm_rsa_key *key;
	static json_t *cur;
	uint8_t *msg = NULL, *ct = NULL, out[KHSM_RSA_MAX_BYTES];
	size_t olen = sizeof(out);
	long ml, cl;
	int ok = 0, same = 0;

	if (cur != group) {
		khsm_rsa_key_free(key);
		key = private_key(group);
		cur = group;
	}
	ml = wp_hex_field(test, "msg", &msg);
	cl = wp_hex_field(test, "ct", &ct);
	if (key && ml >= 0 && cl >= 0) {
		int ret =
			khsm_rsa_pkcs1_decrypt(key, ct, (size_t)cl, out, &olen);

		ok = ret == 0;
		same = ok && olen == (size_t)ml && !memcmp(out, msg, olen);
		if (!ok)
			CHECK(ret == -EBADMSG, "%s: uniform error, got %d",
			      file, ret);
	}
	CHECK(OK_FOR(wp_result(test), ok, same), "%s tc %lld", file,
	      json_integer_value(json_object_get(test, "tcId")));
	free(msg);
	free(ct);
}

static void pss_verify(json_t *group, json_t *test, const char *file)
{
	static struct khsm_rsa_key *key;
	static json_t *cur;
	enum khsm_hash_alg alg, mgf;
	uint8_t *msg = NULL, *sig = NULL, d[64];
	long ml, sl;
	int ok = 0;

	if (cur != group) {
		khsm_rsa_key_free(key);
		key = public_key(group);
		cur = group;
	}
	ml = wp_hex_field(test, "msg", &msg);
	sl = wp_hex_field(test, "sig", &sig);
	if (key && ml >= 0 && sl >= 0 &&
	    !hash_from_name(json_string_value(json_object_get(group, "sha")),
			    &alg) &&
	    !hash_from_name(json_string_value(json_object_get(group, "mgfSha")),
			    &mgf)) {
		size_t dl = digest(alg, msg, (size_t)ml, d);
		size_t slen = (size_t)json_integer_value(
			json_object_get(group, "sLen"));

		ok = khsm_rsa_pss_verify(key, alg, mgf, slen, d, dl, sig,
					 (size_t)sl) == 0;
	}
	CHECK(OK_FOR(wp_result(test), ok, 1), "%s tc %lld", file,
	      json_integer_value(json_object_get(test, "tcId")));
	free(msg);
	free(sig);
}

static void oaep_decrypt(json_t *group, json_t *test, const char *file)
{
	static struct khsm_rsa_key *key;
	static json_t *cur;
	enum khsm_hash_alg alg, mgf;
	uint8_t *msg = NULL, *ct = NULL, *label = NULL;
	uint8_t out[KHSM_RSA_MAX_BYTES];
	size_t olen = sizeof(out);
	long ml, cl, ll;
	int ok = 0, same = 0;

	if (cur != group) {
		khsm_rsa_key_free(key);
		key = private_key(group);
		cur = group;
	}
	ml = wp_hex_field(test, "msg", &msg);
	cl = wp_hex_field(test, "ct", &ct);
	ll = wp_hex_field(test, "label", &label);
	if (key && ml >= 0 && cl >= 0 && ll >= 0 &&
	    !hash_from_name(json_string_value(json_object_get(group, "sha")),
			    &alg) &&
	    !hash_from_name(json_string_value(json_object_get(group, "mgfSha")),
			    &mgf)) {
		int ret = khsm_rsa_oaep_decrypt(key, alg, mgf, label,
						(size_t)ll, ct, (size_t)cl, out,
						&olen);

		ok = ret == 0;
		same = ok && olen == (size_t)ml && !memcmp(out, msg, olen);
		if (!ok)
			CHECK(ret == -EBADMSG, "%s: uniform error, got %d",
			      file, ret);
	}
	CHECK(OK_FOR(wp_result(test), ok, same), "%s tc %lld", file,
	      json_integer_value(json_object_get(test, "tcId")));
	free(msg);
	free(ct);
	free(label);
}

typedef void (*case_fn)(json_t *group, json_t *test, const char *file);

static const struct {
	const char *pattern;
	case_fn fn;
} kinds[] = {
	{ "rsa_signature_*_test.json", pkcs1_verify },
	{ "rsa_pkcs1_*_sig_gen_test.json", pkcs1_sign },
	{ "rsa_pkcs1_[0-9]*[0-9]_test.json", pkcs1_decrypt },
	{ "rsa_pss_*_test.json", pss_verify },
	{ "rsa_oaep_*_test.json", oaep_decrypt },
};

static void run_file(const char *name, case_fn fn)
{
	json_t *root = wp_load(name), *group, *test;
	size_t i, j;

	CHECK(root != NULL, "load %s", name);
	if (!root)
		return;
	files++;
	json_array_foreach(json_object_get(root, "testGroups"), i, group)
		json_array_foreach(json_object_get(group, "tests"), j, test)
			fn(group, test, name);
	json_decref(root);
}

int main(void)
{
	const char *dir = getenv("KHSM_VECTORS");
	struct dirent **ents;
	int n, i;
	size_t k;

	if (!dir)
		dir = "../shared/vectors/wycheproof";
	n = scandir(dir, &ents, NULL, alphasort);
	CHECK(n > 0, "scan %s", dir);
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			if (fnmatch(kinds[k].pattern, ents[i]->d_name, 0))
				continue;
			/* sig_gen files also match the decryption pattern. */
			if (kinds[k].fn == pkcs1_decrypt &&
			    strstr(ents[i]->d_name, "sig_gen"))
				continue;
			run_file(ents[i]->d_name, kinds[k].fn);
			break;
		}
		free(ents[i]);
	}
	free(ents);
	printf("wycheproof rsa files: %lu\n", files);
	return check_report("crypto-rsa-wycheproof");
}
