// SPDX-License-Identifier: GPL-2.0
/*
 * Not part of khsm: a module that warns on load, so `make check` can show
 * that the guest runner fails a run whose kernel log has a warning.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init khsm_oracle_warn_init(void)
{
	WARN(1, "khsm_oracle_warn: deliberate warning for the runner's test\n");
	return 0;
}

static void __exit khsm_oracle_warn_exit(void)
{
}

module_init(khsm_oracle_warn_init);
module_exit(khsm_oracle_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("deliberate kernel warning for the khsm test runner");
