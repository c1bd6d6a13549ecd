/* relun-resign's human output, rendered from the same JSON objects that
 * --json prints, so both always say the same thing. */
#ifndef RELUN_RESIGN_REPORT_H
#define RELUN_RESIGN_REPORT_H

#include <stdio.h>

#include "recover.h"

/* One resign result (a json-c object from rl_job_run). */
void rl_report_job_text(const void *res, FILE *f);
/* An undo/recover report as a json-c object, and as text. */
void *rl_report_recover_json(const char *journal, enum rl_recover_mode m,
			     const struct rl_recover_report *rep);
void rl_report_recover_text(const void *obj, FILE *f);

#endif
