/* The summary of a run: how many LUNs ended in each status, in a fixed
 * order ("resigned", "planned", "not-needed", "refused", "rolled-back",
 * "failed"), as a JSON object {"luns": N, "resigned": n, ...} and as one
 * line: "20 LUNs: 19 resigned, 1 refused, 0 failed". */
#ifndef RELUN_SUMMARY_H
#define RELUN_SUMMARY_H

#include <stdio.h>

#include "job_result.h"

struct rl_summary {
	unsigned long long luns;
	unsigned long long count[RL_JOB_N_STATUS];
};

void rl_summary_count(const struct rl_job_result *res, unsigned n, struct rl_summary *s);
/* A json-c object. */
void *rl_summary_json(const struct rl_summary *s);
void rl_summary_text(const struct rl_summary *s, FILE *f);

#endif
