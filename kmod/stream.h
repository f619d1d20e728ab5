/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_STREAM_H
#define _KHSM_STREAM_H

#include <linux/khsm.h>

struct khsm_mech;
struct khsm_session;

int khsm_crypt_step(struct khsm_session *s, struct khsm_crypt *r,
		    const struct khsm_mech *m);
void khsm_streams_free(struct khsm_session *s);

#endif /* _KHSM_STREAM_H */
