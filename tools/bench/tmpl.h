/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PKCS#11 templates for the benchmark's keys. struct khsm_attr is
 * CK_ATTRIBUTE on LP64, so one template serves libhsm and both PKCS#11
 * modules. The struct is opaque here: p11-kit's pkcs11.h renames fields
 * that linux/khsm.h also uses, so the two headers stay apart.
 */
#ifndef _KHSM_BENCH_TMPL_H
#define _KHSM_BENCH_TMPL_H

#include "bench.h"

struct tmpl;

struct tmpl *tmpl_key(const struct bench_case *c);
/* The attributes, as CK_ATTRIBUTE (or struct khsm_attr) and their count. */
void *tmpl_attrs(struct tmpl *t);
unsigned long tmpl_count(const struct tmpl *t);
void tmpl_free(struct tmpl *t);
/* The CKM_* (= KHSM_MECH_*) of a case. */
unsigned long tmpl_mech(const struct bench_case *c);
/* The input a signature takes: DigestInfo || digest for CKM_RSA_PKCS. */
size_t tmpl_sign_input(const struct bench_case *c, uint8_t *buf);

#endif /* _KHSM_BENCH_TMPL_H */
