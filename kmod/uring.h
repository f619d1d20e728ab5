/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_URING_H
#define _KHSM_URING_H

struct io_uring_cmd;

int khsm_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags);
int khsm_uring_init(void);
void khsm_uring_uninit(void);

#endif /* _KHSM_URING_H */
