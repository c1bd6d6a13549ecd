/* relun-resign's human output, rendered from the same results that --json
 * prints, so both always say the same thing. */
#ifndef RELUN_RESIGN_REPORT_H
#define RELUN_RESIGN_REPORT_H

#include <stdio.h>

#include "job_result.h"
#include "recover.h"
#include "report_table.h"

/* One resign result. */
void rl_report_job_text(const struct rl_job_result *r, FILE *f);

/* A run's exit code: a job's own when it was the only one, 1 when any of
 * several failed, else 0. */
int rl_run_exit_code(const int *codes, unsigned n);

/* The run as --json prints it: tool, version, dry_run, results, summary,
 * exit_code. */
void rl_report_run_json(const struct rl_job_result *res, unsigned n, int dry_run, int code,
			FILE *f);
/* The run for humans: the table, or with verbose each result (failures on
 * err) and a summary line. */
void rl_report_run_text(const struct rl_job_result *res, const int *codes, unsigned n, int verbose,
			const struct rl_table_opts *t, FILE *out, FILE *err);

/* Any relun-resign JSON document (a json-c object), pretty, on f. */
void rl_print_json(FILE *f, void *obj);
/* What an --undo or --recover run says: the recovery's report and, after a
 * roll-forward, the identity the LUNs carry now and the attach script. */
struct rl_recover_outcome {
	const char *journal;
	enum rl_recover_mode mode;
	struct rl_recover_report rep;
	char sr_uuid[64], vg_name[256];   /* "" when not known */
	const char *xe_script;             /* the script written, or NULL */
	const char *note;                  /* one more note, or NULL */
};

/* As --json prints it (a json-c object), and as text. */
void *rl_report_recover_json(const struct rl_recover_outcome *r);
void rl_report_recover_text(const struct rl_recover_outcome *r, FILE *f);

#endif
