#include "journal_trust.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int ours(uid_t u)
{
	return u == 0 || u == geteuid();
}

static int check_one(const char *path, const struct stat *st, int leaf, struct rl_err *e)
{
	if (!S_ISDIR(st->st_mode))
		return rl_err_set(e, RL_E_INVAL, "%s is not a directory", path);
	if (!ours(st->st_uid))
		return rl_err_set(e, RL_E_INVAL,
				  "journal directory %s: %s is owned by uid %u, not root: another "
				  "user could plant or replace a journal (fix: chown root:root %s; "
				  "chmod %s %s)", leaf ? "itself" : "an ancestor", path,
				  (unsigned)st->st_uid, path, leaf ? "0700" : "go-w", path);
	if (leaf && (st->st_mode & 022))
		return rl_err_set(e, RL_E_INVAL,
				  "journal directory %s is mode %04o: group or others may write "
				  "it and plant or replace a journal (fix: chmod 0700 %s)", path,
				  (unsigned)(st->st_mode & 07777), path);
	if (!leaf && (st->st_mode & 022) && !(st->st_mode & S_ISVTX))
		return rl_err_set(e, RL_E_INVAL,
				  "journal directory: its ancestor %s is mode %04o, writable by group "
				  "or others without the sticky bit, so they could rename the journal "
				  "directory (fix: chmod go-w %s, or another --journal-dir)", path,
				  (unsigned)(st->st_mode & 07777), path);
	return 0;
}

int rl_journal_dir_trusted(const char *dir, int missing_ok, struct rl_err *e)
{
	char buf[4096], *p;
	struct stat st;
	int leaf = 1;

	rl_err_init(e, dir);
	if (!realpath(dir, buf)) {
		if (errno == ENOENT && missing_ok)
			return 0;
		return rl_err_set(e, RL_E_IO, "cannot resolve journal directory: %s",
				  strerror(errno));
	}
	for (p = buf;;) {
		if (stat(p, &st) < 0)
			return rl_err_set(e, RL_E_IO, "stat %s: %s", p, strerror(errno));
		if (check_one(p, &st, leaf, e) < 0)
			return -1;
		if (!strcmp(p, "/"))
			return 0;
		p = dirname(p);
		leaf = 0;
	}
}

int rl_journal_file_trusted(int fd, const char *path, struct rl_err *e)
{
	char dir[4096];
	struct stat st;

	rl_err_init(e, path);
	if (fstat(fd, &st) < 0)
		return rl_err_set(e, RL_E_IO, "fstat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return rl_err_set(e, RL_E_INVAL, "not a regular file");
	if (!ours(st.st_uid))
		return rl_err_set(e, RL_E_INVAL,
				  "journal owned by uid %u, not root: relun-resign did not write "
				  "it, refusing to act on it (if you know it is root's: chown root "
				  "%s; chmod 0600 %s)", (unsigned)st.st_uid, path, path);
	if (st.st_mode & 022)
		return rl_err_set(e, RL_E_INVAL,
				  "journal is mode %04o: group or others may have edited it, refusing "
				  "to act on it (relun-resign writes 0600; if you know it is intact: "
				  "chmod 0600 %s)", (unsigned)(st.st_mode & 07777), path);
	if (st.st_nlink != 1)
		return rl_err_set(e, RL_E_INVAL,
				  "journal has %lu hard links: another name could change it",
				  (unsigned long)st.st_nlink);
	snprintf(dir, sizeof(dir), "%s", path);
	if (rl_journal_dir_trusted(dirname(dir), 0, e) < 0)
		return -1;
	rl_err_init(e, path);
	return 0;
}
