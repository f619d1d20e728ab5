/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What khsm's own paths share: a session of their own per thread, logged
 * in, with the case's key imported as a session object.
 */
#ifndef _KHSM_BENCH_KHSM_H
#define _KHSM_BENCH_KHSM_H

#include "bench.h"
#include "hsm.h"

/**
 * struct khsm_ctx - one thread's session and key
 * @h: the session
 * @key: the key's handle
 * @m: the mechanism, its parameter pointing into this struct
 * @pss: the PSS parameter
 * @gcm: the GCM parameter (its IV changes per operation)
 * @in: the signature input: DigestInfo || digest for PKCS #1, else digest
 * @in_len: its length
 * @counter: operations so far, for the GCM IVs
 * @thread: the thread's index
 */
struct khsm_ctx {
	struct hsm *h;
	uint32_t key;
	struct hsm_mech m;
	struct khsm_pss_params pss;
	struct khsm_gcm_params gcm;
	uint8_t in[512];
	size_t in_len;
	uint64_t counter;
	int thread;
};

void *khsm_ctx_open(const struct bench_case *c, int thread);
void khsm_ctx_close(void *p);

#endif /* _KHSM_BENCH_KHSM_H */
