// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the khsm test guest (started by tools/vm).
 *
 * It loads the few modules the initramfs carries, builds the root (the
 * host's root filesystem read-only over 9p, made writable by an overlay on
 * tmpfs, the build tree shared writable, an optional virtio disk), switches
 * into it, runs the command script with its output on the second serial
 * port, and powers off after printing one status line on the console:
 *
 *	KHSM-VM-EXIT status=<exit status> taint=<before>,<after>
 *
 * Configuration comes as environment variables from the kernel command
 * line: khsm_tree=<path of the build tree>, khsm_script=<script in it>,
 * khsm_disk=<mount point of /dev/vda, if any>.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void say(const char *fmt, ...)
{
	FILE *con = fopen("/dev/console", "w");
	va_list ap;

	if (!con)
		return;
	va_start(ap, fmt);
	fputs("khsm-vm-init: ", con);
	vfprintf(con, fmt, ap);
	fputc('\n', con);
	va_end(ap);
	fclose(con);
}

static void poweroff(void)
{
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void die(const char *what)
{
	say("%s: %s", what, strerror(errno));
	say("KHSM-VM-EXIT status=125 taint=0,0");
	poweroff();
}

static void mkdir_p(const char *path)
{
	char buf[4096];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", path);
	for (i = 1; buf[i]; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = 0;
		mkdir(buf, 0755);
		buf[i] = '/';
	}
	mkdir(buf, 0755);
}

static void do_mount(const char *src, const char *dst, const char *type,
		     unsigned long flags, const char *opts)
{
	mkdir_p(dst);
	if (mount(src, dst, type, flags, opts))
		die(dst);
}

/* The initramfs lists its modules in dependency order in /modules.order. */
static void load_modules(void)
{
	FILE *f = fopen("/modules.order", "r");
	char line[512];

	if (!f)
		die("/modules.order");
	while (fgets(line, sizeof(line), f)) {
		int fd;

		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		fd = open(line, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			die(line);
		if (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)
			die(line);
		close(fd);
	}
	fclose(f);
}

static unsigned long read_taint(void)
{
	FILE *f = fopen("/proc/sys/kernel/tainted", "r");
	unsigned long t = 0;

	if (f) {
		if (fscanf(f, "%lu", &t) != 1)
			t = 0;
		fclose(f);
	}
	return t;
}

static void build_root(const char *tree, const char *disk)
{
	char path[4096];

	do_mount("root", "/lower", "9p", MS_RDONLY,
		 "trans=virtio,version=9p2000.L,msize=512000,cache=loose");
	do_mount("tmpfs", "/upper", "tmpfs", 0, "mode=0755");
	mkdir_p("/upper/data");
	mkdir_p("/upper/work");
	do_mount("overlay", "/newroot", "overlay", 0,
		 "lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work");

	do_mount("proc", "/newroot/proc", "proc", 0, NULL);
	do_mount("sysfs", "/newroot/sys", "sysfs", 0, NULL);
	do_mount("devtmpfs", "/newroot/dev", "devtmpfs", 0, NULL);
	do_mount("devpts", "/newroot/dev/pts", "devpts", 0, NULL);
	do_mount("tmpfs", "/newroot/dev/shm", "tmpfs", 0, NULL);
	do_mount("tmpfs", "/newroot/run", "tmpfs", 0, "mode=0755");

	/*
	 * /tmp stays the overlay's (writes go to its tmpfs): a clone under
	 * the host's /tmp then still sees ../shared beside it, as on the host.
	 */
	snprintf(path, sizeof(path), "/newroot%s", tree);
	do_mount("tree", path, "9p", 0,
		 "trans=virtio,version=9p2000.L,msize=512000,cache=mmap");
	if (disk && disk[0]) {
		snprintf(path, sizeof(path), "/newroot%s", disk);
		do_mount("/dev/vda", path, "ext4", 0, "");
	}

	if (chdir("/newroot") || mount(".", "/", NULL, MS_MOVE, NULL) ||
	    chroot(".") || chdir("/"))
		die("switch root");
}

/* Test output goes to ttyS1, raw, so it is not mixed with kernel messages. */
static void setup_output(void)
{
	struct termios t;
	int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY);

	if (fd < 0)
		fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		_exit(126);
	if (!tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static int run(const char *tree, const char *script)
{
	int status = 0;
	pid_t child, pid;

	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		setsid();
		setup_output();
		if (chdir(tree))
			_exit(126);
		setenv("PATH",
		       "/usr/local/sbin:/usr/local/bin:/usr/sbin:"
		       "/usr/bin:/sbin:/bin",
		       1);
		setenv("HOME", "/root", 1);
		setenv("TERM", "dumb", 1);
		setenv("KHSM_GUEST", "1", 1);
		execl("/bin/sh", "sh", script, (char *)NULL);
		_exit(127);
	}
	/* PID 1 also reaps every orphan the tests leave behind. */
	while ((pid = wait(&status)) != child)
		if (pid < 0 && errno != EINTR)
			return 125;
	kill(-1, SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int main(void)
{
	const char *tree = getenv("khsm_tree");
	const char *script = getenv("khsm_script");
	const char *disk = getenv("khsm_disk");
	unsigned long taint_before;
	int status;

	mkdir_p("/dev");
	mkdir_p("/proc");
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	if (!tree || !script) {
		errno = EINVAL;
		die("khsm_tree and khsm_script must be on the command line");
	}
	load_modules();
	build_root(tree, disk);

	taint_before = read_taint();
	status = run(tree, script);
	sync();
	say("KHSM-VM-EXIT status=%d taint=%lu,%lu", status, taint_before,
	    read_taint());
	poweroff();
	return 0;
}
