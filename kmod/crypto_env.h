/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_CRYPTO_ENV_H
#define _KHSM_CRYPTO_ENV_H

int khsm_crypto_env_init(void);
void khsm_crypto_env_uninit(void);

#endif /* _KHSM_CRYPTO_ENV_H */
