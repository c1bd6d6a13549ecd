/* --name-label templates.  Fields, replaced wherever they appear:
 *   {label}  the SR's label before the resign (MGT; the VG name without MGT)
 *   {date}   the date of the run, YYYY-MM-DD (UTC)
 *   {short}  the first 8 characters of the new SR uuid
 *   {index}  the VG copy's place in the call (1, 2, ... in argument order)
 * Every other byte, braces included, is data and passes through unchanged.
 *
 * A label that does not fit is refused, never cut: sm keeps the SR label
 * in one 512-byte MGT sector as <name_label>TEXT</name_label>, TEXT with &
 * < > escaped (RL_LABEL_MGT_MAX bytes at most), and xapi's label must be
 * whole UTF-8. */
#ifndef RELUN_LABEL_TMPL_H
#define RELUN_LABEL_TMPL_H

#include <stddef.h>

#include "mgt.h"
#include "rl_err.h"

#define RL_LABEL_MGT_MAX MGT_SR_NAME_LABEL_MAX

struct rl_label_vars {
	const char *label, *date, *sr_uuid;
	unsigned index;
};

/* The expansion of tmpl into out (n bytes); -1 (e says why and the limit)
 * when the result is not valid UTF-8 or does not fit. */
int rl_label_expand(const char *tmpl, const struct rl_label_vars *v, char *out, size_t n,
		    struct rl_err *e);

/* Whether tmpl can fit at all: its text outside the fields, with every
 * field empty, checked like a label.  0 or -1 (e says why). */
int rl_label_template_check(const char *tmpl, struct rl_err *e);

/* tmpl uses {short}. */
int rl_label_wants_short(const char *tmpl);

#endif
