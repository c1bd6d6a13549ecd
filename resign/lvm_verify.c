#include "lvm_verify.h"
#include "lvm_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#ifdef HAVE_LVM2CMD_H
#include <lvm2cmd.h>
#endif

#ifdef HAVE_LVM2CMD_H
/* lvm2_log_fn() takes no context pointer: the one place messages can go. */
static struct rl_lvm_sink lvm_sink;

static void log_cb(int level, const char *file, int line, int dm_errno, const char *msg)
{
	(void)file;
	(void)line;
	(void)dm_errno;
	rl_lvm_sink_log(&lvm_sink, level, msg);
}

/* lvm2_init with the caller's umask kept (liblvm2cmd sets 0077). */
static void *lvm_open(void)
{
	mode_t um = umask(022);
	void *h;

	umask(um);
	lvm2_log_fn(log_cb);
	h = lvm2_init();
	umask(um);
	if (h)
		lvm2_log_level(h, LVM2_LOG_PRINT);
	return h;
}

static void lvm_close(void *h)
{
	mode_t um = umask(022);

	umask(um);
	lvm2_exit(h);
	lvm2_log_fn(NULL);
	lvm_sink.msgs = NULL;
	umask(um);
}

/* "2.03.16(2) (2022-05-18)" out of "LVM version:     2.03.16(2) ..." */
static void get_version(void *h, char *out, size_t n)
{
	const char *p;

	rl_lvm_sink_reset(&lvm_sink, 0);
	out[0] = '\0';
	if (lvm2_run(h, "version") != LVM2_COMMAND_SUCCEEDED)
		return;
	p = strstr(lvm_sink.print, "LVM version:");
	if (!p)
		return;
	p += strlen("LVM version:");
	while (*p == ' ' || *p == '\t')
		p++;
	snprintf(out, n, "%.*s", (int)strcspn(p, " \n"), p);
}
#endif

/* One device as an LVM filter pattern "a|^<path>$|", metacharacters as
 * classes; -1 if the path holds a character a pattern cannot carry. */
static int filter_entry(const char *s, char *out, size_t outsz, size_t *used)
{
	size_t k = *used;

	if (k + 4 >= outsz)
		return -1;
	memcpy(out + k, "\"a|^", 4);
	k += 4;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == '\'' || ch == '"' || ch == '|' || ch == '\\' ||
		    ch == ']' || ch == '^' || k + 8 >= outsz)
			return -1;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' || ch == '-') {
			out[k++] = (char)ch;
		} else { /* a regex metacharacter or anything else: as a class */
			out[k++] = '[';
			out[k++] = (char)ch;
			out[k++] = ']';
		}
	}
	if (k + 4 >= outsz)
		return -1;
	memcpy(out + k, "$|\",", 4);
	*used = k + 4;
	out[*used] = '\0';
	return 0;
}

size_t rl_lvm_filter_config_size(const char *const *devs, size_t n)
{
	size_t i, need = 512;

	for (i = 0; i < n; i++)
		need += 2 * (3 * strlen(devs[i]) + 12);
	return need;
}

int rl_lvm_filter_config(const char *const *devs, size_t n, int lvm202, char *out, size_t outsz)
{
	size_t fsz = outsz / 2 + 1, used = 0, i;
	char *filt = malloc(fsz);
	int w;

	if (!filt)
		return -1;
	for (i = 0; i < n; i++)
		if (filter_entry(devs[i], filt, fsz, &used) < 0) {
			free(filt);
			return -1;
		}
	filt[used] = '\0';
	w = snprintf(out, outsz,
		     lvm202 ? "devices{filter=[%s\"r|.*|\"] global_filter=[%s\"r|.*|\"] "
			      "obtain_device_list_from_udev=0} global{use_lvmetad=0} "
			      "backup{backup=0 archive=0}"
			    : "devices{filter=[%s\"r|.*|\"] global_filter=[%s\"r|.*|\"] "
			      "obtain_device_list_from_udev=0 hints=\"none\" use_devicesfile=0} "
			      "backup{backup=0 archive=0}",
		     filt, filt);
	free(filt);
	return (w < 0 || (size_t)w >= outsz) ? -1 : 0;
}

#ifdef HAVE_LVM2CMD_H
/* vgs + vgck of one VG in an open handle, only its devices visible. */
static int check_one(void *h, const char *version, const struct rl_lvm_vg *x,
		     struct rl_lvm_check *c)
{
	size_t csz = rl_lvm_filter_config_size(x->devs, x->ndevs), msz = csz + 512;
	char *cfg = malloc(csz), *cmd = malloc(msz), want[400], *row;
	int r1, r2;

	memset(c, 0, sizeof(*c));
	snprintf(c->lvm_version, sizeof(c->lvm_version), "%s", version);
	if (!cfg || !cmd ||
	    rl_lvm_filter_config(x->devs, x->ndevs, !strncmp(version, "2.02", 4), cfg, csz) < 0) {
		snprintf(c->note, sizeof(c->note), cfg && cmd ? "a device path cannot be put in "
			 "an LVM filter" : "out of memory");
		free(cfg);
		free(cmd);
		return -1;
	}
	lvm_sink.msgs = c->msgs;
	lvm_sink.n = &c->n_msgs;
	lvm_sink.max = RL_LVMV_MAX_MSG;
	c->ran = 1;
	rl_lvm_sink_reset(&lvm_sink, 1);
	snprintf(cmd, msz, "vgs --noheadings --nosuffix --separator : "
		 "-o vg_name,vg_uuid,pv_count,lv_count,vg_seqno --config '%s' %s", cfg, x->vg_name);
	r1 = lvm2_run(h, cmd);
	row = lvm_sink.print;
	while (*row == ' ')
		row++;
	snprintf(c->seen, sizeof(c->seen), "%.*s", (int)strcspn(row, "\n"), row);
	snprintf(cmd, msz, "vgck --config '%s' %s", cfg, x->vg_name);
	r2 = lvm2_run(h, cmd);
	lvm_sink.msgs = NULL;
	free(cfg);
	free(cmd);
	snprintf(want, sizeof(want), "%s:%s:%u:%u:", x->vg_name, x->vg_uuid, x->n_pvs, x->n_lvs);
	c->ok = r1 == LVM2_COMMAND_SUCCEEDED && r2 == LVM2_COMMAND_SUCCEEDED && !c->n_msgs &&
		!strncmp(c->seen, want, strlen(want));
	if (c->ok)
		snprintf(c->note, sizeof(c->note), "LVM %s reads VG %s with %u PV(s) and %u LV(s), "
			 "vgck clean", version, x->vg_name, x->n_pvs, x->n_lvs);
	else
		snprintf(c->note, sizeof(c->note), "LVM %s: vgs %s, vgck %s, saw \"%s\", expected "
			 "\"%s<seqno>\"%s", version, r1 == 1 ? "ok" : "failed",
			 r2 == 1 ? "ok" : "failed", c->seen, want, c->n_msgs ? "; messages follow" : "");
	return c->ok ? 0 : 1;
}

/* One vgs and one vgck over the devices of several VGs.  Returns 0 when
 * both ran clean, printed nothing else, and every VG showed up exactly as
 * expected (each gets its note); 1 when anything is off, so the caller
 * checks each VG alone to say which. */
static int check_group(void *h, const char *version, struct rl_lvm_vg *v, size_t n)
{
	struct rl_lvm_check sink;
	const char **devs;
	size_t nd = 0, i, k, csz, msz;
	char *cfg = NULL, *cmd = NULL, *row, *end;
	unsigned *seen = calloc(n ? n : 1, sizeof(*seen));
	int r1, r2, bad = 0;

	for (i = 0; i < n; i++)
		nd += v[i].ndevs;
	devs = malloc((nd ? nd : 1) * sizeof(*devs));
	if (!devs || !seen) {
		free(devs);
		free(seen);
		return 1;
	}
	for (i = nd = 0; i < n; i++)
		for (k = 0; k < v[i].ndevs; k++)
			devs[nd++] = v[i].devs[k];
	csz = rl_lvm_filter_config_size(devs, nd);
	msz = csz + 512;
	cfg = malloc(csz);
	cmd = malloc(msz);
	if (!cfg || !cmd || rl_lvm_filter_config(devs, nd, !strncmp(version, "2.02", 4), cfg, csz) < 0) {
		bad = 1;
		goto out;
	}
	memset(&sink, 0, sizeof(sink));
	lvm_sink.msgs = sink.msgs;
	lvm_sink.n = &sink.n_msgs;
	lvm_sink.max = RL_LVMV_MAX_MSG;
	rl_lvm_sink_reset(&lvm_sink, 1);
	/* no VG names: lvm2_run takes at most 64 arguments, and the filter
	 * already shows exactly these VGs */
	snprintf(cmd, msz, "vgs --noheadings --nosuffix --separator : "
		 "-o vg_name,vg_uuid,pv_count,lv_count,vg_seqno --config '%s'", cfg);
	r1 = lvm2_run(h, cmd);
	if (r1 != LVM2_COMMAND_SUCCEEDED || sink.n_msgs || lvm_sink.print_len + 2 >= sizeof(lvm_sink.print)) {
		bad = 1;
		goto out;
	}
	for (row = lvm_sink.print; *row && !bad; row = *end ? end + 1 : end) {
		char want[400];
		size_t len;

		while (*row == ' ')
			row++;
		end = row + strcspn(row, "\n");
		len = (size_t)(end - row);
		if (!len)
			continue;
		for (i = 0; i < n; i++) {
			snprintf(want, sizeof(want), "%s:%s:%u:%u:", v[i].vg_name, v[i].vg_uuid,
				 v[i].n_pvs, v[i].n_lvs);
			if (len > strlen(want) && !strncmp(row, want, strlen(want)))
				break;
		}
		if (i == n || seen[i]++) {
			bad = 1;
			break;
		}
		snprintf(v[i].c.seen, sizeof(v[i].c.seen), "%.*s", (int)len, row);
	}
	for (i = 0; i < n && !bad; i++)
		bad = seen[i] != 1;
	if (bad)
		goto out;
	snprintf(cmd, msz, "vgck --config '%s'", cfg);
	r2 = lvm2_run(h, cmd);
	bad = r2 != LVM2_COMMAND_SUCCEEDED || sink.n_msgs;
	for (i = 0; i < n && !bad; i++) {
		struct rl_lvm_check *c = &v[i].c;

		c->ran = c->ok = 1;
		snprintf(c->lvm_version, sizeof(c->lvm_version), "%s", version);
		snprintf(c->note, sizeof(c->note), "LVM %s reads VG %s with %u PV(s) and %u LV(s), "
			 "vgck clean", version, v[i].vg_name, v[i].n_pvs, v[i].n_lvs);
	}
out:
	lvm_sink.msgs = NULL;
	free(cfg);
	free(cmd);
	free(devs);
	free(seen);
	return bad;
}
#endif

int rl_lvm_verify_many(struct rl_lvm_vg *v, size_t n, size_t group)
{
#ifdef HAVE_LVM2CMD_H
	char version[64];
	size_t i, g;
	int failed = 0;
	void *h;

	for (i = 0; i < n; i++)
		memset(&v[i].c, 0, sizeof(v[i].c));
	if (!n)
		return 0;
	h = lvm_open();
	if (!h) {
		for (i = 0; i < n; i++)
			snprintf(v[i].c.note, sizeof(v[i].c.note), "liblvm2cmd could not initialise");
		return -1;
	}
	get_version(h, version, sizeof(version));
	if (!group)
		group = 1;
	for (g = 0; g < n; g += group) {
		size_t m = n - g < group ? n - g : group;

		if (m > 1 && check_group(h, version, v + g, m) == 0)
			continue;
		for (i = g; i < g + m; i++)
			if (check_one(h, version, &v[i], &v[i].c) != 0)
				failed++;
	}
	lvm_close(h);
	return failed;
#else
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&v[i].c, 0, sizeof(v[i].c));
		snprintf(v[i].c.note, sizeof(v[i].c.note), "built without liblvm2cmd");
	}
	return -1;
#endif
}

void rl_lvm_refresh_many(struct rl_lvm_refresh_item *v, size_t nv)
{
#ifdef HAVE_LVM2CMD_H
	struct stat st;
	const char *sysdir = getenv("LVM_SYSTEM_DIR");
	char dfile[4096], cmd[8192], msgs[RL_LVMV_MAX_MSG][300];
	unsigned nmsg = 0;
	int online = stat("/run/lvm/pvs_online", &st) == 0 || stat("/run/lvmetad.socket", &st) == 0 ||
		     stat("/run/lvm/lvmetad.socket", &st) == 0;
	int devfile;
	void *h;
	size_t i, j;

	snprintf(dfile, sizeof(dfile), "%s/devices/system.devices", sysdir ? sysdir : "/etc/lvm");
	devfile = stat(dfile, &st) == 0;
	for (j = 0; j < nv; j++) {
		v[j].rc = 0;
		snprintf(v[j].note, sizeof(v[j].note), "no LVM cache or devices file on this host: "
			 "nothing to refresh");
	}
	if ((!online && !devfile) || !nv)
		return;
	h = lvm_open();
	if (!h) {
		for (j = 0; j < nv; j++) {
			v[j].rc = -1;
			snprintf(v[j].note, sizeof(v[j].note), "liblvm2cmd could not initialise: "
				 "refresh skipped");
		}
		return;
	}
	lvm_sink.msgs = msgs;
	lvm_sink.n = &nmsg;
	lvm_sink.max = RL_LVMV_MAX_MSG;
	rl_lvm_sink_reset(&lvm_sink, 0);
	for (j = 0; j < nv; j++) {
		char *note = v[j].note;
		size_t notesz = sizeof(v[j].note), used;
		int bad = 0;

		nmsg = 0;
		used = (size_t)snprintf(note, notesz, "host refresh:");
		for (i = 0; i < v[j].ndevs; i++) {
			const char *dev = v[j].devs[i];

			if (strchr(dev, '\'')) {
				bad = 1;
				continue;
			}
			if (devfile) {
				snprintf(cmd, sizeof(cmd), "lvmdevices --adddev '%s'", dev);
				if (lvm2_run(h, cmd) != LVM2_COMMAND_SUCCEEDED)
					bad = 1;
				else if (used < notesz)
					used += (size_t)snprintf(note + used, notesz - used,
								 " lvmdevices --adddev %s;", dev);
			}
			if (online) {
				snprintf(cmd, sizeof(cmd), "pvscan --cache '%s'", dev);
				if (lvm2_run(h, cmd) != LVM2_COMMAND_SUCCEEDED)
					bad = 1;
				else if (used < notesz)
					used += (size_t)snprintf(note + used, notesz - used,
								 " pvscan --cache %s;", dev);
			}
		}
		if (bad && used < notesz)
			snprintf(note + used, notesz - used, " (some commands failed: %s)",
				 nmsg ? msgs[0] : "see LVM");
		v[j].rc = bad ? -1 : 0;
	}
	lvm_close(h);
#else
	size_t j;

	for (j = 0; j < nv; j++) {
		v[j].rc = 0;
		snprintf(v[j].note, sizeof(v[j].note), "built without liblvm2cmd: refresh skipped");
	}
#endif
}
