/* What liblvm2cmd's log callback hands relun, sorted: report rows, messages
 * that say something about the metadata, and noise.
 *
 * The callback gets no stderr flag: LVM strips it before calling, so a
 * warning such as 2.02's `Configuration setting "devices/hints" unknown.` and
 * a `vgs` report row both arrive at print level.  Rows are therefore
 * recognised by their shape, never by the absence of a "WARNING" prefix. */
#ifndef RELUN_LVM_LOG_H
#define RELUN_LVM_LOG_H

#include <stddef.h>

#define RL_LVM_MSG_LEN 300

struct rl_lvm_sink {
	int vgs_rows;            /* print level carries vgs rows (else: capture it all) */
	char (*msgs)[RL_LVM_MSG_LEN]; /* errors and warnings, up to max; NULL: dropped */
	unsigned *n;
	unsigned max;
	char print[1 << 16];     /* rows (or all print output), one per line */
	size_t print_len;
};

/* Empty the print buffer; vgs_rows says what the next command prints. */
void rl_lvm_sink_reset(struct rl_lvm_sink *s, int vgs_rows);
/* One call of the log callback (level as liblvm2cmd passes it). */
void rl_lvm_sink_log(struct rl_lvm_sink *s, int level, const char *msg);
/* 1 if line (leading blanks allowed) is a row of
 * `vgs --noheadings --separator : -o vg_name,vg_uuid,pv_count,lv_count,vg_seqno`. */
int rl_lvm_vgs_row(const char *line);

#endif
