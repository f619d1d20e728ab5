/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * khsm: a kernel-assisted keystore. This is the whole ABI between khsm.ko
 * and userspace.
 *
 * Commands
 * --------
 *
 * Userspace opens /dev/khsm; one open file is one session context. Every
 * command is a fixed-layout request struct that begins with
 *
 *	__u32 size;	the struct size as the caller knows it
 *	__u32 flags;	command flags, unknown bits must be zero
 *
 * and is carried either by ioctl(2) on the file, with the request's address
 * as argument, or (later) by io_uring IORING_OP_URING_CMD with the same
 * command number as cmd_op. Both go through one dispatch table in the
 * module.
 *
 * Each request struct has a published KHSM_<NAME>_SIZE_VER0. A request whose
 * size is below it fails with -EINVAL; one above a page fails with -E2BIG;
 * one larger than the kernel knows is accepted only if every byte it does
 * not know is zero (-E2BIG otherwise), so new fields can be appended later
 * without breaking old binaries. Reserved fields, padding and unknown flag
 * bits must be zero (-EINVAL). An unknown command fails with -ENOTTY. Output
 * is written back only up to the caller's size.
 *
 * KHSM_IOC_INFO
 *	Module version, ABI version, features and state. Needs no login.
 */
#ifndef _UAPI_LINUX_KHSM_H
#define _UAPI_LINUX_KHSM_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* The ioctl type byte (free in Documentation/userspace-api/ioctl). */
#define KHSM_IOC_MAGIC 0xB8

/* Incremented when commands are added; a caller checks it is >= its own. */
#define KHSM_ABI_VERSION 1

#define KHSM_VERSION_LEN 32

/* The module's state, reported by KHSM_IOC_INFO. */
#define KHSM_STATE_OPERATIONAL 0 /* self-tests passed, crypto allowed */
#define KHSM_STATE_ERROR 1 /* a self-test failed: all crypto refused */

/* The kernel lockdown level seen by the module (see kernel_lockdown(7)). */
#define KHSM_LOCKDOWN_NONE 0
#define KHSM_LOCKDOWN_INTEGRITY 1
#define KHSM_LOCKDOWN_CONFIDENTIALITY 2

/**
 * struct khsm_info - module information (KHSM_IOC_INFO)
 * @size: in: sizeof(struct khsm_info) as the caller knows it
 * @flags: in: must be zero
 * @abi_version: out: KHSM_ABI_VERSION of the running module
 * @state: out: KHSM_STATE_*
 * @features: out: KHSM_FEATURE_* bits (none are defined in ABI version 1)
 * @lockdown: out: KHSM_LOCKDOWN_* level of the running kernel
 * @max_request_size: out: largest request struct the module accepts
 * @version: out: module version string, NUL-terminated
 * @reserved: in: must be zero; out: zero
 */
struct khsm_info {
	__u32 size;
	__u32 flags;
	__u32 abi_version;
	__u32 state;
	__u64 features;
	__u32 lockdown;
	__u32 max_request_size;
	__u8 version[KHSM_VERSION_LEN];
	__u64 reserved[4];
};

#define KHSM_INFO_SIZE_VER0 96

#define KHSM_IOC_INFO _IOWR(KHSM_IOC_MAGIC, 0x00, struct khsm_info)

#endif /* _UAPI_LINUX_KHSM_H */
