// SPDX-License-Identifier: GPL-2.0
/*
 * The request framing of the khsm ABI, shown on KHSM_IOC_INFO: sizes,
 * flags, reserved fields, pointers and command numbers, each error path
 * with every other input valid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"

_Static_assert(sizeof(struct khsm_info) == KHSM_INFO_SIZE_VER0,
	       "struct khsm_info layout");
_Static_assert(offsetof(struct khsm_info, features) == 16,
	       "khsm_info.features is naturally aligned");

/* A buffer that ends exactly at an unmapped page. */
static void *page_before_hole(void)
{
	char *p = mmap(NULL, 2 * getpagesize(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + getpagesize(), getpagesize());
	return p;
}

FIXTURE(khsm)
{
	int fd;
};

FIXTURE_SETUP(khsm)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd) TH_LOG("open /dev/khsm: %s", strerror(errno));
}

FIXTURE_TEARDOWN(khsm)
{
	close(self->fd);
}

TEST_F(khsm, info_reports_module)
{
	struct khsm_info info = { .size = sizeof(info) };
	char version[64] = "";
	FILE *f;

	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
	EXPECT_EQ(KHSM_ABI_VERSION, info.abi_version);
	EXPECT_EQ(KHSM_STATE_OPERATIONAL, info.state);
	EXPECT_EQ(sizeof(info), info.size);
	EXPECT_LE(sizeof(info), info.max_request_size);
	ASSERT_NE(NULL, memchr(info.version, 0, sizeof(info.version)));

	/* The same version the module advertises in sysfs. */
	f = fopen("/sys/module/khsm/version", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(version, sizeof(version), f));
	fclose(f);
	version[strcspn(version, "\n")] = 0;
	EXPECT_STREQ(version, (char *)info.version);
}

TEST_F(khsm, info_output_fully_written)
{
	struct khsm_info info;
	size_t used;

	/* Poison every output byte: anything not written would show. */
	memset(&info, 0xa5, sizeof(info));
	info.size = sizeof(info);
	info.flags = 0;
	memset(info.reserved, 0, sizeof(info.reserved));
	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
	used = strlen((char *)info.version) + 1;
	EXPECT_EQ(NULL, memchr(info.version + used, 0xa5,
			       sizeof(info.version) - used));
	EXPECT_EQ(NULL, memchr(info.reserved, 0xa5, sizeof(info.reserved)));
	EXPECT_NE(0xa5a5a5a5, info.lockdown);
	EXPECT_NE(0xa5a5a5a5, info.max_request_size);
}

TEST_F(khsm, info_size_zero)
{
	struct khsm_info info = { .size = 0 };

	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
}

TEST_F(khsm, info_size_below_ver0)
{
	struct khsm_info info = { .size = KHSM_INFO_SIZE_VER0 - 1 };

	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
}

TEST_F(khsm, info_size_bigger_zeroed)
{
	struct {
		struct khsm_info info;
		__u8 tail[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_INFO, &big));
	EXPECT_EQ(KHSM_ABI_VERSION, big.info.abi_version);
	EXPECT_EQ(sizeof(big), big.info.size);
}

TEST_F(khsm, info_size_bigger_nonzero)
{
	struct {
		struct khsm_info info;
		__u8 tail[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	big.tail[63] = 1;
	EXPECT_EQ(-E2BIG, khsm_ioctl(self->fd, KHSM_IOC_INFO, &big));
	EXPECT_EQ(0, big.info.abi_version);
}

TEST_F(khsm, info_size_over_page)
{
	struct khsm_info info = { .size = getpagesize() + 1 };

	EXPECT_EQ(-E2BIG, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
}

TEST_F(khsm, info_size_huge)
{
	struct khsm_info info = { .size = 0xffffffff };

	EXPECT_EQ(-E2BIG, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info));
}

TEST_F(khsm, info_unknown_flags)
{
	struct khsm_info info = { .size = sizeof(info) };
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		info.flags = 1U << bit;
		EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info))
		TH_LOG("flag bit %u accepted", bit);
	}
}

TEST_F(khsm, info_reserved_nonzero)
{
	struct khsm_info info;
	unsigned int i;

	for (i = 0; i < sizeof(info.reserved) / sizeof(info.reserved[0]); i++) {
		memset(&info, 0, sizeof(info));
		info.size = sizeof(info);
		info.reserved[i] = 1ULL << 63;
		EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_INFO, &info))
		TH_LOG("reserved[%u] accepted", i);
	}
}

TEST_F(khsm, info_null_pointer)
{
	EXPECT_EQ(-EFAULT, khsm_ioctl(self->fd, KHSM_IOC_INFO, NULL));
}

TEST_F(khsm, info_unmapped_pointer)
{
	char *p = page_before_hole();

	ASSERT_NE(NULL, p);
	EXPECT_EQ(-EFAULT,
		  khsm_ioctl(self->fd, KHSM_IOC_INFO, p + getpagesize()));
	munmap(p, getpagesize());
}

TEST_F(khsm, info_struct_straddles_hole)
{
	char *p = page_before_hole();
	struct khsm_info *info;

	ASSERT_NE(NULL, p);
	/* The size field is readable, the rest of the struct is not. */
	info = (struct khsm_info *)(p + getpagesize() - 8);
	memset(info, 0, 8);
	info->size = KHSM_INFO_SIZE_VER0;
	EXPECT_EQ(-EFAULT, khsm_ioctl(self->fd, KHSM_IOC_INFO, info));
	munmap(p, getpagesize());
}

TEST_F(khsm, info_readonly_buffer)
{
	struct khsm_info *info;
	char *p;

	p = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	info = (struct khsm_info *)p;
	info->size = sizeof(*info);
	ASSERT_EQ(0, mprotect(p, getpagesize(), PROT_READ));
	EXPECT_EQ(-EFAULT, khsm_ioctl(self->fd, KHSM_IOC_INFO, info));
	munmap(p, getpagesize());
}

TEST_F(khsm, info_misaligned_buffer)
{
	char buf[sizeof(struct khsm_info) + 8] __attribute__((aligned(8)));
	struct khsm_info info = { .size = sizeof(info) };

	memcpy(buf + 1, &info, sizeof(info));
	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_INFO, buf + 1));
	memcpy(&info, buf + 1, sizeof(info));
	EXPECT_EQ(KHSM_ABI_VERSION, info.abi_version);
}

TEST_F(khsm, unknown_command)
{
	struct khsm_info info = { .size = sizeof(info) };

	EXPECT_EQ(-ENOTTY,
		  khsm_ioctl(self->fd,
			     _IOWR(KHSM_IOC_MAGIC, 0x7f, struct khsm_info),
			     &info));
	EXPECT_EQ(-ENOTTY,
		  khsm_ioctl(self->fd,
			     _IOWR(KHSM_IOC_MAGIC, 0xff, struct khsm_info),
			     &info));
}

TEST_F(khsm, wrong_magic)
{
	struct khsm_info info = { .size = sizeof(info) };

	EXPECT_EQ(-ENOTTY,
		  khsm_ioctl(self->fd,
			     _IOWR(KHSM_IOC_MAGIC + 1, 0, struct khsm_info),
			     &info));
}

TEST_F(khsm, wrong_direction_or_size)
{
	struct khsm_info info = { .size = sizeof(info) };

	EXPECT_EQ(-ENOTTY,
		  khsm_ioctl(self->fd,
			     _IOR(KHSM_IOC_MAGIC, 0, struct khsm_info), &info));
	EXPECT_EQ(-ENOTTY,
		  khsm_ioctl(self->fd, _IOWR(KHSM_IOC_MAGIC, 0, __u64), &info));
	EXPECT_EQ(-ENOTTY, khsm_ioctl(self->fd, _IO(KHSM_IOC_MAGIC, 0), &info));
}

TEST_F(khsm, not_seekable)
{
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

/* The node is 0660 root:root in the guest: others may not open it. */
TEST(unprivileged_open_refused)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(open("/dev/khsm", O_RDWR) < 0 && errno == EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static int khsm_rand(int fd, void *buf, __u64 len)
{
	struct khsm_random r = {
		.size = sizeof(r),
		.out = (__u64)(unsigned long)buf,
		.len = len,
	};

	return khsm_ioctl(fd, KHSM_IOC_RANDOM, &r);
}

/* C_GenerateRandom: fresh, evenly spread bytes; bad requests refused. */
TEST_F(khsm, random_bytes)
{
	static __u8 a[65536], b[65536];
	unsigned int count[256] = { 0 }, i, lo = ~0U, hi = 0;
	struct khsm_random r = { .size = sizeof(r), .len = 16 };

	ASSERT_EQ(0, khsm_rand(self->fd, a, sizeof(a)));
	ASSERT_EQ(0, khsm_rand(self->fd, b, sizeof(b)));
	EXPECT_NE(0, memcmp(a, b, sizeof(a)));
	for (i = 0; i < sizeof(a); i++)
		count[a[i]]++;
	for (i = 0; i < 256; i++) {
		lo = count[i] < lo ? count[i] : lo;
		hi = count[i] > hi ? count[i] : hi;
	}
	/* 256 expected per value; these bounds are > 7 sigma away. */
	EXPECT_LT(140, lo);
	EXPECT_GT(372, hi);

	EXPECT_EQ(-EMSGSIZE, khsm_rand(self->fd, a, sizeof(a) + 1));
	EXPECT_EQ(-EFAULT, khsm_rand(self->fd, NULL, 16));
	EXPECT_EQ(0, khsm_rand(self->fd, NULL, 0));
	r.out = (__u64)(unsigned long)a;
	r.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_RANDOM, &r));
	r.reserved[1] = 0;
	r.flags = 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_RANDOM, &r));
}

static int mech_list(int fd, struct khsm_mech_info *m, __u32 cap, __u32 *count)
{
	struct khsm_mech_list r = {
		.size = sizeof(r),
		.mechs = (__u64)(unsigned long)m,
		.capacity = cap,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_MECH_LIST, &r);

	*count = r.count;
	return ret;
}

static __u64 mech_flags(const struct khsm_mech_info *m, __u32 n, __u64 mech)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (m[i].mech == mech)
			return m[i].flags;
	return 0;
}

/* C_GetMechanismList: the module's own tables, sorted, two-call sizing. */
TEST_F(khsm, mechanism_list)
{
	struct khsm_mech_info m[128];
	__u32 n, count, i;

	/* 31 rows of the crypt table and 6 of key generation, derive, wrap. */
	ASSERT_EQ(0, mech_list(self->fd, NULL, 0, &n));
	ASSERT_EQ(37, n);
	EXPECT_EQ(-ENOSPC, mech_list(self->fd, m, 3, &count));
	EXPECT_EQ(n, count);
	ASSERT_EQ(0, mech_list(self->fd, m, 128, &count));
	ASSERT_EQ(n, count);
	for (i = 1; i < n; i++)
		EXPECT_LT(m[i - 1].mech, m[i].mech);
	EXPECT_EQ(KHSM_MECHF_SIGN | KHSM_MECHF_VERIFY,
		  mech_flags(m, n, KHSM_MECH_ECDSA_SHA256));
	EXPECT_EQ(KHSM_MECHF_ENCRYPT | KHSM_MECHF_DECRYPT | KHSM_MECHF_WRAP |
			  KHSM_MECHF_UNWRAP,
		  mech_flags(m, n, KHSM_MECH_AES_KEY_WRAP_KWP));
	EXPECT_EQ(KHSM_MECHF_GENERATE_KEY_PAIR,
		  mech_flags(m, n, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN));
	EXPECT_EQ(KHSM_MECHF_DERIVE, mech_flags(m, n, KHSM_MECH_ECDH1_DERIVE));
	EXPECT_EQ(0, mech_flags(m, n, KHSM_MECH_SHA256));
	EXPECT_EQ(-EINVAL, mech_list(self->fd, NULL, 4, &count));
}

TEST_HARNESS_MAIN
