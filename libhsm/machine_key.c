// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The machine key: a logon key in the keyring the module owns. The keys
 * syscalls are called directly (add_key(2), keyctl(2)), the two calls
 * libkeyutils would wrap, converted to -errno once here.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hsm.h"
#include "internal.h"

__hsm_public int hsm_machine_key_status(struct hsm *h, int32_t *keyring)
{
	struct khsm_store_info r = { .size = sizeof(r) };
	int ret;

	if (!h)
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_STORE_INFO, &r);
	if (ret)
		return ret;
	if (keyring)
		*keyring = r.keyring;
	return r.machine_key;
}

__hsm_public int hsm_machine_key_load(struct hsm *h, const void *key,
				      size_t len)
{
	int32_t keyring;
	long ret;

	if (!h || !key || len != KHSM_MACHINE_KEY_LEN)
		return -EINVAL;
	ret = hsm_machine_key_status(h, &keyring);
	if (ret && ret != -ENOKEY && ret != -EKEYREJECTED &&
	    ret != -EKEYREVOKED && ret != -EKEYEXPIRED)
		return (int)ret;
	/*
	 * Nobody possesses the keys of the module's keyring, so an old key
	 * cannot be updated in place: the keyring is emptied first.
	 */
	if (syscall(SYS_keyctl, KEYCTL_CLEAR, keyring, 0, 0, 0) < 0)
		return -errno;
	ret = syscall(SYS_add_key, "logon", KHSM_MACHINE_KEY_DESC, key, len,
		      keyring);
	return ret < 0 ? -errno : 0;
}
