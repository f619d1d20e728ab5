/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the selftests of RSA and EC keys: requests with kernel keys
 * and OpenSSL's view of their public halves.
 */
#ifndef _KHSM_ASYM_UTIL_H
#define _KHSM_ASYM_UTIL_H

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <stdbool.h>
#include <string.h>

#include "khsm_util.h"

static const __u8 __attribute__((unused))
p256_oid[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const __u8 __attribute__((unused))
p384_oid[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const __u8 __attribute__((unused)) f4[] = { 0x01, 0x00, 0x01 };

static inline int sign(int fd, __u32 key, __u64 mech, const void *param,
		       size_t plen, const void *msg, size_t len, __u8 *sig,
		       size_t *sig_len)
{
	struct op_args a = { .op = KHSM_OP_SIGN,
			     .mech = mech,
			     .param = param,
			     .param_len = plen,
			     .in = msg,
			     .in_len = len,
			     .out = sig,
			     .out_len = *sig_len };
	int ret = do_op(fd, key, &a);

	*sig_len = a.out_len;
	return ret;
}

static inline int verify(int fd, __u32 key, __u64 mech, const void *param,
			 size_t plen, const void *msg, size_t len,
			 const void *sig, size_t sig_len)
{
	struct op_args a = { .op = KHSM_OP_VERIFY,
			     .mech = mech,
			     .param = param,
			     .param_len = plen,
			     .in = msg,
			     .in_len = len,
			     .sig = sig,
			     .sig_len = sig_len };

	return do_op(fd, key, &a);
}

static inline int rsa_crypt(int fd, __u32 key, __u32 op, __u64 mech,
			    const void *param, size_t plen, const void *label,
			    size_t llen, const void *in, size_t len, __u8 *out,
			    size_t *out_len)
{
	struct op_args a = { .op = op,
			     .mech = mech,
			     .param = param,
			     .param_len = plen,
			     .aad = label,
			     .aad_len = llen,
			     .in = in,
			     .in_len = len,
			     .out = out,
			     .out_len = *out_len };
	int ret = do_op(fd, key, &a);

	*out_len = a.out_len;
	return ret;
}

static inline int keypair(int fd, __u64 mech, struct tmpl *pub,
			  struct tmpl *priv, __u32 *hpub, __u32 *hpriv)
{
	struct khsm_generate_key_pair r = {
		.size = sizeof(r),
		.mech = mech,
		.pub_attrs = (__u64)(unsigned long)pub->a,
		.pub_count = pub->n,
		.priv_attrs = (__u64)(unsigned long)priv->a,
		.priv_count = priv->n,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_GENERATE_KEY_PAIR, &r);

	*hpub = r.pub_handle;
	*hpriv = r.priv_handle;
	return ret;
}

static inline int rsa_pair(int fd, unsigned int bits, bool readable,
			   __u32 *hpub, __u32 *hpriv)
{
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };

	tmpl_ulong(&pub, KHSM_ATTR_MODULUS_BITS, bits);
	tmpl_bytes(&pub, KHSM_ATTR_PUBLIC_EXPONENT, f4, sizeof(f4));
	if (readable) {
		tmpl_bool(&priv, KHSM_ATTR_SENSITIVE, 0);
		tmpl_bool(&priv, KHSM_ATTR_EXTRACTABLE, 1);
	}
	return keypair(fd, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, &pub, &priv, hpub,
		       hpriv);
}

static inline int ec_pair(int fd, const __u8 *oid, size_t oid_len, __u32 *hpub,
			  __u32 *hpriv)
{
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };

	tmpl_bytes(&pub, KHSM_ATTR_EC_PARAMS, oid, oid_len);
	tmpl_bool(&priv, KHSM_ATTR_DERIVE, 1);
	return keypair(fd, KHSM_MECH_EC_KEY_PAIR_GEN, &pub, &priv, hpub, hpriv);
}

/* One attribute into @buf; its length, or -errno / -1 if unreadable. */
static inline long get_attr(int fd, __u32 h, __u64 type, void *buf, size_t cap)
{
	struct tmpl t = { .n = 0 };
	__u32 result;
	int ret;

	tmpl_bytes(&t, type, buf, cap);
	ret = khsm_get_attrs(fd, h, &t, &result);
	if (ret)
		return ret;
	return result ? -1 : (long)t.a[0].len;
}

/* OpenSSL's view of an RSA key from its parts (public if d is NULL). */
static inline EVP_PKEY *ossl_rsa(const __u8 *n, size_t nlen, const __u8 *e,
				 size_t elen, BIGNUM *const *priv)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n, nlen, NULL), *be = BN_bin2bn(e, elen, NULL);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pkey = NULL;
	OSSL_PARAM *params;
	unsigned int i;

	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be);
	for (i = 0; priv && i < 6; i++)
		OSSL_PARAM_BLD_push_BN(bld, names[i], priv[i]);
	params = OSSL_PARAM_BLD_to_param(bld);
	if (EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey,
			      priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
			      params) <= 0)
		pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(bn);
	BN_free(be);
	return pkey;
}

/* The public half of a kernel RSA key, for OpenSSL. */
static inline EVP_PKEY *rsa_public_of(int fd, __u32 hpub)
{
	__u8 n[512], e[16];
	long nlen = get_attr(fd, hpub, KHSM_ATTR_MODULUS, n, sizeof(n));
	long elen = get_attr(fd, hpub, KHSM_ATTR_PUBLIC_EXPONENT, e, sizeof(e));

	if (nlen <= 0 || elen <= 0)
		return NULL;
	return ossl_rsa(n, nlen, e, elen, NULL);
}

/* OpenSSL's view of an EC public point 04||X||Y on @group. */
static inline EVP_PKEY *ossl_ec_pub(const char *group, const __u8 *pt,
				    size_t len)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
				       (char *)group, 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pt,
					len),
		OSSL_PARAM_END,
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pkey = NULL;

	if (EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* KHSM_ATTR_EC_POINT (a DER OCTET STRING) of a kernel key, as 04||X||Y. */
static inline long ec_point_of(int fd, __u32 hpub, __u8 *pt)
{
	__u8 der[128];
	long len = get_attr(fd, hpub, KHSM_ATTR_EC_POINT, der, sizeof(der));

	if (len < 3 || der[0] != 0x04 || der[1] != len - 2)
		return -1;
	memcpy(pt, der + 2, len - 2);
	return len - 2;
}

static inline int ossl_verify(EVP_PKEY *pkey, const EVP_MD *md, int padding,
			      int salt, const __u8 *msg, size_t len,
			      const __u8 *sig, size_t sig_len)
{
	EVP_MD_CTX *mctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx;
	int ok;

	ok = EVP_DigestVerifyInit(mctx, &pctx, md, NULL, pkey) > 0;
	if (ok && padding) {
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, padding) > 0;
		if (ok && padding == RSA_PKCS1_PSS_PADDING)
			ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) > 0;
	}
	ok = ok && EVP_DigestVerify(mctx, sig, sig_len, msg, len) == 1;
	EVP_MD_CTX_free(mctx);
	return ok;
}

/* r||s to DER, for OpenSSL. */
static inline int raw_to_der(const __u8 *raw, size_t len, __u8 **der)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	int n;

	ECDSA_SIG_set0(s, BN_bin2bn(raw, len / 2, NULL),
		       BN_bin2bn(raw + len / 2, len / 2, NULL));
	*der = NULL;
	n = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	return n;
}

/* OpenSSL encrypts to the kernel's public key; the kernel decrypts. */
static inline int ossl_encrypt(EVP_PKEY *pkey, int padding, const EVP_MD *md,
			       const char *label, const __u8 *in, size_t len,
			       __u8 *out, size_t *out_len)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
	int ok = EVP_PKEY_encrypt_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, padding) > 0;

	if (ok && padding == RSA_PKCS1_OAEP_PADDING) {
		ok = EVP_PKEY_CTX_set_rsa_oaep_md(ctx, md) > 0 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md) > 0;
		if (ok && label)
			ok = EVP_PKEY_CTX_set0_rsa_oaep_label(
				     ctx, strdup(label), strlen(label)) > 0;
	}
	ok = ok && EVP_PKEY_encrypt(ctx, out, out_len, in, len) > 0;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

#endif /* _KHSM_ASYM_UTIL_H */
