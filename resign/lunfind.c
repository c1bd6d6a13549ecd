#include "lunfind.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "exitcodes.h"
#include "sysfs.h"

#define BYID "/dev/disk/by-id"

void rl_lun_stable_name(const char *path, char *out, size_t n)
{
	static const char *const pref[] = { "dm-uuid-mpath-", "wwn-", "scsi-", "" };
	char want[PATH_MAX], link[PATH_MAX + 300], got[PATH_MAX];
	struct dirent *de;
	size_t k;
	DIR *d;

	out[0] = '\0';
	if (!realpath(path, want))
		return;
	if (!strncmp(path, "/dev/mapper/", 12)) {
		snprintf(out, n, "%s", path);
		return;
	}
	for (k = 0; k < sizeof(pref) / sizeof(pref[0]) && !out[0]; k++) {
		d = opendir(BYID);
		if (!d)
			return;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.' || strncmp(de->d_name, pref[k], strlen(pref[k])))
				continue;
			snprintf(link, sizeof(link), BYID "/%s", de->d_name);
			if (realpath(link, got) && !strcmp(got, want)) {
				snprintf(out, n, "%s", link);
				break;
			}
		}
		closedir(d);
	}
}

static int size_of(const char *path, uint64_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int r = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0) {
		if (S_ISBLK(st.st_mode))
			r = ioctl(fd, BLKGETSIZE64, size) == 0 ? 0 : -1;
		else if (S_ISREG(st.st_mode)) {
			*size = (uint64_t)st.st_size;
			r = 0;
		}
	}
	close(fd);
	return r;
}

/* path is the LUN pd: same identity and size. */
static int is_lun(const struct rl_plan_dev *pd, const char *path, rl_ident_fn ident, void *arg)
{
	char now[RL_PLAN_IDENT_MAX] = "";
	uint64_t size = 0;

	if (!path[0] || size_of(path, &size) < 0 || size != pd->size)
		return 0;
	return ident(path, now, sizeof(now), arg) == 0 && !strcmp(now, pd->ident);
}

int rl_lun_locate(const struct rl_plan_dev *pd, const char *name, const struct rl_devmap *map,
		  size_t nmap, const struct rl_sysfs *sys, rl_ident_fn ident, void *ident_arg,
		  char *out, size_t n, char *why, size_t wn)
{
	char found[2][PATH_MAX], p[PATH_MAX + 300];
	struct rl_names names;
	struct rl_err e;
	unsigned hits = 0;
	uint64_t size = 0;
	size_t i;

	for (i = 0; i < nmap; i++)
		if (!strcmp(map[i].old_path, pd->path) || (name[0] && !strcmp(map[i].old_path, name))) {
			snprintf(out, n, "%s", map[i].new_path);
			snprintf(why, wn, "%s: given with --device %s=%s", pd->path, map[i].old_path,
				 map[i].new_path);
			return 0;
		}
	if (!pd->ident[0] || !ident) {
		/* a journal without an identity cannot be searched for: the
		 * recorded path, and the fingerprint check after */
		snprintf(out, n, "%s", pd->path);
		why[0] = '\0';
		return 0;
	}
	if (name[0] && is_lun(pd, name, ident, ident_arg)) {
		snprintf(out, n, "%s", name);
		snprintf(why, wn, "%s: its stable name %s is still the LUN (%s)", pd->path, name,
			 pd->ident);
		return 0;
	}
	if (is_lun(pd, pd->path, ident, ident_arg)) {
		snprintf(out, n, "%s", pd->path);
		why[0] = '\0';
		return 0;
	}
	rl_err_init(&e, NULL);
	if (rl_sysfs_block_names(sys, &names, &e) < 0)
		names.n = 0;   /* no sysfs: no candidate */
	for (i = 0; i < names.n; i++) {
		snprintf(p, sizeof(p), "/dev/%s", names.v[i]);
		if (!is_lun(pd, p, ident, ident_arg))
			continue;
		if (hits < 2)
			snprintf(found[hits], sizeof(found[hits]), "%s", p);
		hits++;
	}
	rl_names_free(&names);
	if (hits == 1) {
		snprintf(out, n, "%s", found[0]);
		snprintf(why, wn, "%s is no longer the journal's LUN (%s); found it by identity "
			 "%s, size %llu, as %s", pd->path, access(pd->path, F_OK) ? "gone" :
			 "another device now", pd->ident, (unsigned long long)pd->size, found[0]);
		return 0;
	}
	if (!hits && size_of(pd->path, &size) == 0 && size) {
		/* the recorded node is some device (not an empty loop node): the
		 * checks of the caller say what differs, and --force may still
		 * insist on it */
		snprintf(out, n, "%s", pd->path);
		snprintf(why, wn, "no block device on this host has the journal's identity %s and "
			 "size %llu; %s is checked as recorded (or name the LUN with --device %s=DEV)",
			 pd->ident, (unsigned long long)pd->size, pd->path, pd->path);
		return 0;
	}
	if (!hits)
		snprintf(why, wn, "%s is no longer the journal's LUN, and no block device on this "
			 "host has its identity %s and size %llu (attach the LUN, or name it with "
			 "--device %s=DEV)", pd->path, pd->ident, (unsigned long long)pd->size,
			 pd->path);
	else
		snprintf(why, wn, "%s is no longer the journal's LUN, and %u block devices have "
			 "its identity %s (%s, %s%s): name the one to use with --device %s=DEV",
			 pd->path, hits, pd->ident, found[0], found[1], hits > 2 ? ", ..." : "",
			 pd->path);
	return RL_EXIT_MISMATCH;
}
