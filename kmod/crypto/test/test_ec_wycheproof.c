// SPDX-License-Identifier: GPL-2.0
/*
 * Every P-256 and P-384 ECDSA and ECDH file of Wycheproof, read in place:
 * one CHECK per test case. "valid" must be accepted with the right output,
 * "invalid" rejected, and "acceptable" may go either way but must never
 * produce a wrong output.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "check.h"
#include "wycheproof.h"
#include "ec_test_util.h"

static const char *const ecdsa_files[] = {
	"ecdsa_secp256r1_sha256_test.json",
	"ecdsa_secp256r1_sha512_test.json",
	"ecdsa_secp384r1_sha256_test.json",
	"ecdsa_secp384r1_sha384_test.json",
	"ecdsa_secp384r1_sha512_test.json",
	"ecdsa_secp256r1_sha256_p1363_test.json",
	"ecdsa_secp256r1_sha512_p1363_test.json",
	"ecdsa_secp384r1_sha384_p1363_test.json",
	"ecdsa_secp384r1_sha512_p1363_test.json",
};

static const char *const ecdh_files[] = {
	"ecdh_secp256r1_test.json",
	"ecdh_secp384r1_test.json",
	"ecdh_secp256r1_ecpoint_test.json",
	"ecdh_secp384r1_ecpoint_test.json",
};

static unsigned long files_loaded;

/* Verify one case; 1 if accepted. */
static int ecdsa_case(enum khsm_ec_curve_id c, const EVP_MD *md, int p1363,
		      const uint8_t *pub, size_t pub_len, json_t *t,
		      const char *file)
{
	uint8_t *msg = NULL, *sig = NULL, raw[KHSM_EC_MAX_SIG];
	uint8_t der[KHSM_EC_MAX_SIG_DER], h[EVP_MAX_MD_SIZE];
	long mlen = wp_hex_field(t, "msg", &msg);
	long slen = wp_hex_field(t, "sig", &sig);
	size_t n = khsm_ec_bytes(c);
	unsigned int hlen = 0;
	int accepted = 0, dlen;

	if (mlen < 0 || slen < 0 ||
	    !EVP_Digest(msg, (size_t)mlen, h, &hlen, md, NULL)) {
		CHECK(0, "%s: cannot read case", file);
		goto out;
	}
	if (p1363) {
		accepted = !khsm_ecdsa_verify(c, pub, pub_len, h, hlen, sig,
					      (size_t)slen);
	} else if (!khsm_ecdsa_sig_from_der(c, sig, (size_t)slen, raw)) {
		accepted = !khsm_ecdsa_verify(c, pub, pub_len, h, hlen, raw,
					      2 * n);
		/* Strict DER: what was accepted re-encodes to itself. */
		dlen = khsm_ecdsa_sig_to_der(c, raw, der, sizeof(der));
		if (accepted && (dlen != slen || memcmp(der, sig, slen)))
			accepted = -1;
	}
out:
	free(msg);
	free(sig);
	return accepted;
}

static void ecdsa_file(const char *file)
{
	json_t *root = wp_load(file), *groups, *g, *t;
	int p1363 = strstr(file, "p1363") != NULL;
	size_t gi, ti;

	CHECK(root, "load %s", file);
	if (!root)
		return;
	files_loaded++;
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g)
	{
		json_t *key = json_object_get(g, "publicKey");
		const char *curve =
			json_string_value(json_object_get(key, "curve"));
		const EVP_MD *md = ec_test_md(
			json_string_value(json_object_get(g, "sha")));
		enum khsm_ec_curve_id c;
		uint8_t *pub = NULL;
		long plen = wp_hex_field(key, "uncompressed", &pub);

		if (!curve || ec_test_curve(curve, &c) || !md || plen < 0) {
			CHECK(0, "%s: bad group %zu", file, gi);
			free(pub);
			continue;
		}
		CHECK(!khsm_ec_check_public(c, pub, (size_t)plen),
		      "%s: group %zu public key rejected", file, gi);
		json_array_foreach(json_object_get(g, "tests"), ti, t)
		{
			int res = wp_result(t);
			int acc = ecdsa_case(c, md, p1363, pub, (size_t)plen, t,
					     file);
			long id =
				json_integer_value(json_object_get(t, "tcId"));

			CHECK(acc >= 0 && (res == 2 || acc == res),
			      "%s tcId %ld: expected %d, got %d", file, id, res,
			      acc);
		}
		free(pub);
	}
	json_decref(root);
}

/* A private key from Wycheproof: may carry leading zero bytes. */
static int load_private(const uint8_t *in, long len, size_t n, uint8_t *out)
{
	while (len > (long)n && !*in) {
		in++;
		len--;
	}
	if (len > (long)n)
		return -1;
	memset(out, 0, n - (size_t)len);
	memcpy(out + n - (size_t)len, in, (size_t)len);
	return 0;
}

/* 1 if the right secret came out, 0 if rejected, -1 if a wrong secret. */
static int ecdh_case(enum khsm_ec_curve_id c, int ecpoint, json_t *t)
{
	uint8_t *pub = NULL, *priv = NULL, *shared = NULL;
	uint8_t d[KHSM_EC_MAX_BYTES], point[KHSM_EC_MAX_POINT];
	uint8_t out[KHSM_EC_MAX_BYTES];
	long publen = wp_hex_field(t, "public", &pub);
	long dlen = wp_hex_field(t, "private", &priv);
	long slen = wp_hex_field(t, "shared", &shared);
	size_t n = khsm_ec_bytes(c);
	enum khsm_ec_curve_id pc;
	int ret = 0;

	if (publen < 0 || dlen < 0 || slen < 0 ||
	    load_private(priv, dlen, n, d))
		goto out;
	if (ecpoint) {
		if (khsm_ecdh(c, d, pub, (size_t)publen, out))
			goto out;
	} else {
		if (khsm_ec_spki_decode(pub, (size_t)publen, &pc, point) ||
		    pc != c ||
		    khsm_ecdh(c, d, point, khsm_ec_point_len(c), out))
			goto out;
	}
	ret = (size_t)slen == n && !memcmp(out, shared, n) ? 1 : -1;
out:
	free(pub);
	free(priv);
	free(shared);
	return ret;
}

static void ecdh_file(const char *file)
{
	json_t *root = wp_load(file), *g, *t;
	int ecpoint = strstr(file, "ecpoint") != NULL;
	size_t gi, ti;

	CHECK(root, "load %s", file);
	if (!root)
		return;
	files_loaded++;
	json_array_foreach(json_object_get(root, "testGroups"), gi, g)
	{
		const char *curve =
			json_string_value(json_object_get(g, "curve"));
		enum khsm_ec_curve_id c;

		if (!curve || ec_test_curve(curve, &c)) {
			CHECK(0, "%s: bad group %zu", file, gi);
			continue;
		}
		json_array_foreach(json_object_get(g, "tests"), ti, t)
		{
			int res = wp_result(t);
			int got = ecdh_case(c, ecpoint, t);
			long id =
				json_integer_value(json_object_get(t, "tcId"));

			CHECK(got >= 0 && (res == 2 || got == res),
			      "%s tcId %ld: expected %d, got %d", file, id, res,
			      got);
		}
	}
	json_decref(root);
}

int main(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ecdsa_files); i++)
		ecdsa_file(ecdsa_files[i]);
	for (i = 0; i < ARRAY_SIZE(ecdh_files); i++)
		ecdh_file(ecdh_files[i]);
	CHECK(files_loaded == 13, "loaded %lu of 13 files", files_loaded);
	return check_report("crypto-ec-wycheproof");
}
