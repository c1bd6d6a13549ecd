#include "lvm_log.h"

#include <lvm2cmd.h>
#include <stdio.h>
#include <string.h>

/* LVM messages that say nothing about the metadata on the checked devices. */
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
	size_t l = strlen(m);
	int i;

	for (i = 0; ok[i]; i++)
		if (!strncmp(m, ok[i], strlen(ok[i])))
			return 1;
	/* The host's lvm.conf holds a key this LVM does not know (a 2.03 key
	 * read by 2.02: devices/use_devicesfile, devices/hints).  What the
	 * check relies on is in its own --config, so only the host's file is
	 * concerned. */
	return (!strncmp(m, "Configuration setting \"", 23) ||
		!strncmp(m, "Configuration section \"", 23)) &&
	       l > 10 && !strcmp(m + l - 10, "\" unknown.");
}

static int span(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strspn(s, set);

	return n >= min && n <= max ? (int)n : -1;
}

#define NAMECH "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_.-"
#define IDCH "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#" /* lib/uuid/uuid.c */
#define DIGITS "0123456789"

int rl_lvm_vgs_row(const char *p)
{
	static const unsigned char idpart[7] = { 6, 4, 4, 4, 4, 4, 6 };
	int n, i;

	p += strspn(p, " ");
	if ((n = span(p, NAMECH, 1, 127)) < 0 || p[n] != ':')
		return 0;
	p += n + 1;
	for (i = 0; i < 7; i++) { /* an LVM uuid: 6-4-4-4-4-4-6 */
		if (span(p, IDCH, idpart[i], idpart[i]) < 0 || p[idpart[i]] != (i < 6 ? '-' : ':'))
			return 0;
		p += idpart[i] + 1;
	}
	for (i = 0; i < 3; i++) { /* pv_count:lv_count:vg_seqno */
		if ((n = span(p, DIGITS, 1, 10)) < 0 || p[n] != (i < 2 ? ':' : '\0'))
			return 0;
		p += n + 1;
	}
	return 1;
}

static void add_msg(struct rl_lvm_sink *s, const char *msg)
{
	if (s->msgs && *s->n < s->max)
		snprintf(s->msgs[(*s->n)++], RL_LVM_MSG_LEN, "%s", msg);
}

void rl_lvm_sink_reset(struct rl_lvm_sink *s, int vgs_rows)
{
	s->vgs_rows = vgs_rows;
	s->print[0] = '\0';
	s->print_len = 0;
}

void rl_lvm_sink_log(struct rl_lvm_sink *s, int level, const char *msg)
{
	int lv = level & 0xf;
	size_t l;

	if (!msg || lv > LVM2_LOG_PRINT || lv == LVM2_LOG_SUPPRESS || harmless(msg))
		return;
	if (lv < LVM2_LOG_PRINT || !strncmp(msg, "WARNING", 7) ||
	    (s->vgs_rows && !rl_lvm_vgs_row(msg))) {
		add_msg(s, msg);
		return;
	}
	l = strlen(msg);
	if (s->print_len + l + 2 < sizeof(s->print)) {
		memcpy(s->print + s->print_len, msg, l);
		s->print_len += l;
		s->print[s->print_len++] = '\n';
		s->print[s->print_len] = '\0';
	}
}
