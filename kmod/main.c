// SPDX-License-Identifier: GPL-2.0
/*
 * khsm: a kernel-assisted keystore. Module init and exit only.
 */
#include <linux/init.h>
#include <linux/module.h>

#include "attr.h"
#include "crypto_env.h"
#include "device.h"
#include "dispatch.h"
#include "machine_key.h"
#include "mech.h"
#include "pm.h"
#include "quota.h"
#include "secret.h"
#include "selftest.h"
#include "store.h"
#include "token.h"
#include "uring.h"
#include "version.h"

static int __init khsm_mod_init(void)
{
	int ret;

	ret = khsm_dispatch_init();
	if (ret)
		return ret;
	ret = khsm_attr_rules_check();
	if (ret)
		return ret;
	ret = khsm_mech_table_check();
	if (ret)
		return ret;

	ret = khsm_secret_init();
	if (ret)
		goto err_secret;

	ret = khsm_crypto_env_init();
	if (ret)
		goto err_crypto_env;

	ret = khsm_selftest();
	if (ret)
		goto err_selftest;

	ret = khsm_pm_init();
	if (ret)
		goto err_pm;

	ret = khsm_uring_init();
	if (ret)
		goto err_uring;

	ret = khsm_machine_key_init();
	if (ret)
		goto err_machine_key;

	/* The device goes last: no caller may reach a half-built module. */
	ret = khsm_device_init();
	if (ret)
		goto err_device;

	pr_info("khsm " KHSM_MODULE_VERSION " loaded\n");
	return 0;

err_device:
	khsm_machine_key_uninit();
err_machine_key:
	khsm_uring_uninit();
err_uring:
	khsm_pm_uninit();
err_pm:
err_selftest:
	khsm_crypto_env_uninit();
err_crypto_env:
	khsm_secret_uninit();
err_secret:
	return ret;
}

static void __exit khsm_mod_exit(void)
{
	khsm_device_uninit();
	khsm_uring_uninit();
	khsm_tokens_uninit();
	khsm_store_uninit();
	khsm_machine_key_uninit();
	khsm_quota_uninit();
	khsm_pm_uninit();
	khsm_crypto_env_uninit();
	khsm_secret_uninit();
	pr_info("khsm unloaded\n");
}

module_init(khsm_mod_init);
module_exit(khsm_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("khsm kernel-assisted keystore");
MODULE_VERSION(KHSM_MODULE_VERSION);
