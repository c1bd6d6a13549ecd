#include "lvm_verify.h"

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
static struct {
	char (*msgs)[300];
	unsigned *n;
	unsigned max;
	char print[2048];  /* level-4 output that is not a warning (report rows) */
	size_t print_len;
} lvm_sink;

static void sink_add(const char *msg)
{
	if (lvm_sink.msgs && *lvm_sink.n < lvm_sink.max)
		snprintf(lvm_sink.msgs[(*lvm_sink.n)++], 300, "%s", msg);
}

/* LVM messages that say nothing about the metadata. */
static int harmless(const char *m)
{
	static const char *const ok[] = {
		"WARNING: Activation disabled",
		"File descriptor",
		"/dev/mapper/control: open failed",
		"Failure to communicate with kernel device-mapper driver",
		"Check that device-mapper is available in the kernel",
		"Incompatible libdevmapper",
		"WARNING: Failed to connect to lvmetad",
		"WARNING: lvmetad",
		NULL,
	};
	int i;

	for (i = 0; ok[i]; i++)
		if (!strncmp(m, ok[i], strlen(ok[i])))
			return 1;
	return 0;
}

static void log_cb(int level, const char *file, int line, int dm_errno, const char *msg)
{
	int lv = level & 0xf;

	(void)file;
	(void)line;
	(void)dm_errno;
	if (!msg || lv > LVM2_LOG_PRINT || lv == LVM2_LOG_SUPPRESS)
		return;
	if (harmless(msg))
		return;
	if (lv == LVM2_LOG_PRINT && strncmp(msg, "WARNING", 7)) {
		size_t l = strlen(msg);

		if (lvm_sink.print_len + l + 2 < sizeof(lvm_sink.print)) {
			memcpy(lvm_sink.print + lvm_sink.print_len, msg, l);
			lvm_sink.print_len += l;
			lvm_sink.print[lvm_sink.print_len++] = '\n';
			lvm_sink.print[lvm_sink.print_len] = '\0';
		}
		return;
	}
	sink_add(msg);
}

static void sink_reset(void)
{
	lvm_sink.print[0] = '\0';
	lvm_sink.print_len = 0;
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

	sink_reset();
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

int rl_lvm_filter_config(const char *const *devs, size_t n, int lvm202, char *out, size_t outsz)
{
	char filt[4096];
	size_t used = 0, i;
	int w;

	for (i = 0; i < n; i++) {
		const char *s = devs[i];
		char re[1200];
		size_t k = 0;

		for (; *s; s++) {
			unsigned char ch = (unsigned char)*s;

			if (ch < 0x20 || ch == '\'' || ch == '"' || ch == '|' || ch == '\\' ||
			    ch == ']' || ch == '^' || k + 4 >= sizeof(re))
				return -1;
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= '0' && ch <= '9') || ch == '/' || ch == '_' || ch == '-') {
				re[k++] = (char)ch;
			} else { /* a regex metacharacter or anything else: as a class */
				re[k++] = '[';
				re[k++] = (char)ch;
				re[k++] = ']';
			}
		}
		re[k] = '\0';
		w = snprintf(filt + used, sizeof(filt) - used, "\"a|^%s$|\",", re);
		if (w < 0 || (size_t)w >= sizeof(filt) - used)
			return -1;
		used += (size_t)w;
	}
	w = snprintf(out, outsz,
		     lvm202 ? "devices{filter=[%s\"r|.*|\"] global_filter=[%s\"r|.*|\"] "
			      "obtain_device_list_from_udev=0} global{use_lvmetad=0} "
			      "backup{backup=0 archive=0}"
			    : "devices{filter=[%s\"r|.*|\"] global_filter=[%s\"r|.*|\"] "
			      "obtain_device_list_from_udev=0 hints=\"none\" use_devicesfile=0} "
			      "backup{backup=0 archive=0}",
		     filt, filt);
	return (w < 0 || (size_t)w >= outsz) ? -1 : 0;
}

int rl_lvm_verify(const char *const *devs, size_t n, const char *vg_name, const char *vg_uuid,
		  unsigned n_pvs, unsigned n_lvs, struct rl_lvm_check *c)
{
#ifdef HAVE_LVM2CMD_H
	char cfg[8192], cmd[9000], want[400], *row;
	void *h;
	int r1, r2;

	memset(c, 0, sizeof(*c));
	h = lvm_open();
	if (!h) {
		snprintf(c->note, sizeof(c->note), "liblvm2cmd could not initialise");
		return -1;
	}
	lvm_sink.msgs = c->msgs;
	lvm_sink.n = &c->n_msgs;
	lvm_sink.max = RL_LVMV_MAX_MSG;
	get_version(h, c->lvm_version, sizeof(c->lvm_version));
	c->n_msgs = 0;
	if (rl_lvm_filter_config(devs, n, !strncmp(c->lvm_version, "2.02", 4), cfg, sizeof(cfg)) < 0) {
		snprintf(c->note, sizeof(c->note), "a device path cannot be put in an LVM filter");
		lvm_close(h);
		return -1;
	}
	c->ran = 1;
	sink_reset();
	snprintf(cmd, sizeof(cmd), "vgs --noheadings --nosuffix --separator : "
		 "-o vg_name,vg_uuid,pv_count,lv_count,vg_seqno --config '%s' %s", cfg, vg_name);
	r1 = lvm2_run(h, cmd);
	row = lvm_sink.print;
	while (*row == ' ')
		row++;
	snprintf(c->seen, sizeof(c->seen), "%.*s", (int)strcspn(row, "\n"), row);
	snprintf(cmd, sizeof(cmd), "vgck --config '%s' %s", cfg, vg_name);
	r2 = lvm2_run(h, cmd);
	lvm_close(h);
	snprintf(want, sizeof(want), "%s:%s:%u:%u:", vg_name, vg_uuid, n_pvs, n_lvs);
	c->ok = r1 == LVM2_COMMAND_SUCCEEDED && r2 == LVM2_COMMAND_SUCCEEDED && !c->n_msgs &&
		!strncmp(c->seen, want, strlen(want));
	if (c->ok)
		snprintf(c->note, sizeof(c->note), "LVM %s reads VG %s with %u PV(s) and %u LV(s), "
			 "vgck clean", c->lvm_version, vg_name, n_pvs, n_lvs);
	else
		snprintf(c->note, sizeof(c->note), "LVM %s: vgs %s, vgck %s, saw \"%s\", expected "
			 "\"%s<seqno>\"%s", c->lvm_version, r1 == 1 ? "ok" : "failed",
			 r2 == 1 ? "ok" : "failed", c->seen, want, c->n_msgs ? "; messages follow" : "");
	return c->ok ? 0 : 1;
#else
	(void)devs; (void)n; (void)vg_name; (void)vg_uuid; (void)n_pvs; (void)n_lvs;
	memset(c, 0, sizeof(*c));
	snprintf(c->note, sizeof(c->note), "built without liblvm2cmd");
	return -1;
#endif
}

int rl_lvm_refresh(const char *const *devs, size_t n, char *note, size_t notesz)
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
	size_t i;
	int bad = 0;
	size_t used;

	snprintf(dfile, sizeof(dfile), "%s/devices/system.devices", sysdir ? sysdir : "/etc/lvm");
	devfile = stat(dfile, &st) == 0;
	if (!online && !devfile) {
		snprintf(note, notesz, "no LVM cache or devices file on this host: nothing to refresh");
		return 0;
	}
	h = lvm_open();
	if (!h) {
		snprintf(note, notesz, "liblvm2cmd could not initialise: refresh skipped");
		return -1;
	}
	lvm_sink.msgs = msgs;
	lvm_sink.n = &nmsg;
	lvm_sink.max = RL_LVMV_MAX_MSG;
	used = (size_t)snprintf(note, notesz, "host refresh:");
	for (i = 0; i < n; i++) {
		if (strchr(devs[i], '\'')) {
			bad = 1;
			continue;
		}
		if (devfile) {
			snprintf(cmd, sizeof(cmd), "lvmdevices --adddev '%s'", devs[i]);
			if (lvm2_run(h, cmd) != LVM2_COMMAND_SUCCEEDED)
				bad = 1;
			else if (used < notesz)
				used += (size_t)snprintf(note + used, notesz - used,
							 " lvmdevices --adddev %s;", devs[i]);
		}
		if (online) {
			snprintf(cmd, sizeof(cmd), "pvscan --cache '%s'", devs[i]);
			if (lvm2_run(h, cmd) != LVM2_COMMAND_SUCCEEDED)
				bad = 1;
			else if (used < notesz)
				used += (size_t)snprintf(note + used, notesz - used,
							 " pvscan --cache %s;", devs[i]);
		}
	}
	lvm_close(h);
	if (bad && used < notesz)
		snprintf(note + used, notesz - used, " (some commands failed: %s)",
			 nmsg ? msgs[0] : "see LVM");
	return bad ? -1 : 0;
#else
	(void)devs; (void)n;
	snprintf(note, notesz, "built without liblvm2cmd: refresh skipped");
	return 0;
#endif
}
