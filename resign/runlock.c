#include "runlock.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "exitcodes.h"
#include "journal_trust.h"
#include "sha256.h"

void rl_runlock_init(struct rl_runlock *l)
{
	memset(l, 0, sizeof(*l));
}

void rl_runlock_release(struct rl_runlock *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		close(l->fds[i]);
	free(l->fds);
	rl_runlock_init(l);
}

static int keep(struct rl_runlock *l, int fd)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		int *nf = realloc(l->fds, nc * sizeof(*nf));

		if (!nf)
			return -1;
		l->fds = nf;
		l->cap = nc;
	}
	l->fds[l->n++] = fd;
	return 0;
}

static int refuse(struct rl_refusal *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int refuse(struct rl_refusal *r, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return r->code = code;
}

static int lock_dir_ready(struct rl_refusal *r)
{
	struct stat st;

	if (mkdir(RL_LOCK_DIR, 0700) < 0 && errno != EEXIST)
		return refuse(r, RL_EXIT_FAIL, "cannot create %s: %s", RL_LOCK_DIR, strerror(errno));
	if (lstat(RL_LOCK_DIR, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 022))
		return refuse(r, RL_EXIT_FAIL, "%s is not a directory owned by root and writable by "
			      "root alone (fix: rm -rf %s, relun-resign recreates it)", RL_LOCK_DIR,
			      RL_LOCK_DIR);
	return 0;
}

/* The pid holding a flock on fd's file, from /proc/locks (the kernel's
 * word, not a file the holder may not have written yet); 0 if not found. */
static long holder_pid(int fd)
{
	struct stat st;
	char line[256], want[64];
	long pid = 0;
	FILE *f;

	if (fstat(fd, &st) < 0 || !(f = fopen("/proc/locks", "re")))
		return 0;
	snprintf(want, sizeof(want), " %02x:%02x:%llu ", major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino);
	while (!pid && fgets(line, sizeof(line), f)) {
		char *at = strstr(line, want), *q;

		if (!at || !strstr(line, "FLOCK"))
			continue;
		/* "N: FLOCK  ADVISORY  WRITE <pid> <maj:min:ino> ..." */
		*at = '\0';
		q = strrchr(line, ' ');
		if (q)
			pid = strtol(q + 1, NULL, 10);
	}
	fclose(f);
	return pid;
}

/* Take RL_LOCK_DIR/<key>.lock exclusively, without waiting. */
static int lock_key(struct rl_runlock *l, const char *key, const char *what,
		    struct rl_refusal *r)
{
	char path[512], pid[32] = "";
	int fd, n;

	if (lock_dir_ready(r))
		return r->code;
	snprintf(path, sizeof(path), "%s/%s.lock", RL_LOCK_DIR, key);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return refuse(r, RL_EXIT_FAIL, "%s: cannot open lock %s: %s", what, path,
			      strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;
		long hp = holder_pid(fd);

		n = (int)pread(fd, pid, sizeof(pid) - 1, 0);
		if (n > 0)
			pid[n] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (hp > 0)
			snprintf(pid, sizeof(pid), "%ld", hp);
		close(fd);
		if (err != EWOULDBLOCK)
			return refuse(r, RL_EXIT_FAIL, "%s: cannot lock %s: %s", what, path,
				      strerror(err));
		/* the same LUN named twice in this run: the lock is ours */
		if (strtol(pid, NULL, 10) == (long)getpid())
			return 0;
		return refuse(r, RL_EXIT_BUSY,
			      "%s is in use by another relun-resign (pid %s, lock %s): refused, "
			      "not queued; run again once it has finished", what,
			      pid[0] ? pid : "unknown", path);
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* the lock holds; only the message of a second run is poorer */
	}
	if (keep(l, fd) < 0) {
		close(fd);
		return refuse(r, RL_EXIT_FAIL, "out of memory");
	}
	return 0;
}

int rl_runlock_rdev(struct rl_runlock *l, dev_t rdev, const char *path, struct rl_refusal *r)
{
	char key[64];

	snprintf(key, sizeof(key), "dev-%u:%u", major(rdev), minor(rdev));
	return lock_key(l, key, path, r);
}

int rl_runlock_path(struct rl_runlock *l, const char *path, struct rl_refusal *r)
{
	struct stat st;
	char key[96];

	if (stat(path, &st) < 0)
		return refuse(r, RL_EXIT_NODEV, "%s: %s", path, strerror(errno));
	if (S_ISBLK(st.st_mode))
		return rl_runlock_rdev(l, st.st_rdev, path, r);
	snprintf(key, sizeof(key), "file-%u:%u-%llu", major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino);
	return lock_key(l, key, path, r);
}

int rl_runlock_ident(struct rl_runlock *l, const char *ident, const char *path,
		     struct rl_refusal *r)
{
	uint8_t md[RL_SHA256_LEN];
	char key[80], hex[65], what[4400];

	rl_sha256(ident, strlen(ident), md);
	rl_sha256_hex(md, hex);
	snprintf(key, sizeof(key), "lun-%.32s", hex);
	snprintf(what, sizeof(what), "%s (LUN %s)", path, ident);
	return lock_key(l, key, what, r);
}

int rl_runlock_journal(struct rl_runlock *l, const char *path, struct rl_refusal *r)
{
	struct stat st;
	char key[96], what[4200];

	if (stat(path, &st) < 0)
		return refuse(r, RL_EXIT_NODEV, "%s: %s", path, strerror(errno));
	snprintf(key, sizeof(key), "journal-%u:%u-%llu", major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino);
	snprintf(what, sizeof(what), "journal %s", path);
	return lock_key(l, key, what, r);
}

int rl_runlock_jdir(struct rl_runlock *l, const char *dir, struct rl_refusal *r)
{
	struct rl_err e;
	char buf[1100];
	int fd;

	if (rl_journal_dir_trusted(dir, 1, &e) < 0)
		return refuse(r, RL_EXIT_JOURNAL, "%s", rl_err_str(&e, buf, sizeof(buf)));
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : refuse(r, RL_EXIT_JOURNAL, "%s: %s", dir, strerror(errno));
	if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
		close(fd);
		return refuse(r, RL_EXIT_BUSY, "journal directory %s is locked by another tool "
			      "(flock): refused, not queued", dir);
	}
	if (keep(l, fd) < 0) {
		close(fd);
		return refuse(r, RL_EXIT_FAIL, "out of memory");
	}
	return 0;
}

int rl_runlock_run(struct rl_runlock *l, const char *jdir, char *const *paths, size_t n,
		   struct rl_refusal *r)
{
	size_t i;

	if (rl_runlock_jdir(l, jdir, r))
		return r->code;
	for (i = 0; i < n; i++)
		if (rl_runlock_path(l, paths[i], r))
			return r->code;
	return 0;
}
