// SPDX-License-Identifier: GPL-2.0
/*
 * Hibernation writes all of RAM, khsm's secret caches included, to swap
 * in the clear. While any key material is in the kernel, khsm vetoes it;
 * suspend to RAM keeps memory powered and is left alone.
 */
#include <linux/notifier.h>
#include <linux/suspend.h>

#include "pm.h"
#include "secret.h"

static int khsm_pm_notify(struct notifier_block *nb, unsigned long event,
			  void *unused)
{
	if (event != PM_HIBERNATION_PREPARE || !khsm_secret_in_use())
		return NOTIFY_DONE;
	pr_warn_ratelimited("hibernation refused: key material is loaded\n");
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block khsm_pm_nb = {
	.notifier_call = khsm_pm_notify,
};

/**
 * khsm_pm_init() - start vetoing hibernation while secrets are loaded
 *
 * Return: 0 or -errno.
 */
int khsm_pm_init(void)
{
	return register_pm_notifier(&khsm_pm_nb);
}

/**
 * khsm_pm_uninit() - stop
 */
void khsm_pm_uninit(void)
{
	unregister_pm_notifier(&khsm_pm_nb);
}
