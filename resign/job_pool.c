#include "job_pool.h"

#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach_only.h"
#include "exitcodes.h"

static int run_one(const struct rl_vgcopy *jd, const struct rl_job_opts *jo,
		   struct rl_job_result *res)
{
	return rl_job_run(jd->paths, jd->n, jd->verdicts, jo, res);
}

/* A job process's result, as JSON in its result file. */
static void put_result(FILE *f, const struct rl_job_result *r)
{
	json_object *o = rl_job_result_to_json(r, 1);

	fputs(json_object_to_json_string(o), f);
	fflush(f);
	json_object_put(o);
}

/* The result a job process left in f, or one that says it left none. */
static void get_result(FILE *f, const struct rl_vgcopy *jd, int st, int *code,
		       struct rl_job_result *res)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	json_object *o;
	int ok;

	rewind(f);
	len = getdelim(&buf, &cap, '\0', f);
	o = len > 0 ? json_tokener_parse(buf) : NULL;
	free(buf);
	ok = o && rl_job_result_from_json(o, res) == 0;
	json_object_put(o);
	*code = WIFEXITED(st) ? WEXITSTATUS(st) : RL_EXIT_FAIL;
	if (ok)
		return;
	if (!*code)
		*code = RL_EXIT_FAIL;
	rl_job_result_init(res, jd->paths, jd->n);
	rl_job_result_set(res, RL_JOB_FAILED, *code, "the job process ended without a result "
			  "(%s %d); look for a pending journal in the journal directory",
			  WIFEXITED(st) ? "exit" : "signal",
			  WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

/* Where a job process leaves its result: an unnamed file in memory
 * (/dev/shm), so a thousand results do not reach the disk; tmpfile() where
 * that is not possible (no O_TMPFILE, no /dev/shm). */
static FILE *result_file(void)
{
#ifdef O_TMPFILE
	int fd = open("/dev/shm", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		FILE *f = fdopen(fd, "w+");

		if (f)
			return f;
		close(fd);
	}
#endif
	return tmpfile();
}

/* Each job in its own process: a crash or a failure in one touches no
 * other.  Results come back as JSON through an unlinked temp file. */
static void run_parallel(const struct rl_vgcopy *jobs, unsigned nj, const struct rl_job_opts *jo,
			 int maxp, struct rl_job_result *res, int *codes, struct rl_progress *pg)
{
	pid_t *pid = calloc(nj, sizeof(*pid));
	FILE **out = calloc(nj, sizeof(*out));
	unsigned next = 0, done = 0, k;
	int running = 0;

	if (!pid || !out) {
		for (k = 0; k < nj; k++) {
			codes[k] = run_one(&jobs[k], jo, &res[k]);
			rl_progress_step(pg, jobs[k].n, codes[k] ? jobs[k].n : 0);
		}
		free(pid);
		free(out);
		return;
	}
	while (done < nj) {
		while (running < maxp && next < nj) {
			k = next++;
			out[k] = result_file();
			fflush(NULL);
			pid[k] = out[k] ? fork() : -1;
			if (pid[k] == 0) {
				struct rl_job_opts mine = *jo;
				struct rl_job_result r;
				char tag[64];
				int c;

				snprintf(tag, sizeof(tag), "%s%u", jo->skip_tag, k + 1);
				mine.journal_tag = tag;
				mine.batch_index = k + 1;
				c = run_one(&jobs[k], &mine, &r);
				put_result(out[k], &r);
				_exit(c & 0xff);
			}
			if (pid[k] < 0) {
				codes[k] = run_one(&jobs[k], jo, &res[k]);
				rl_progress_step(pg, jobs[k].n, codes[k] ? jobs[k].n : 0);
				done++;
				continue;
			}
			running++;
		}
		{
			int st;
			pid_t w = wait(&st);

			if (w < 0)
				break;
			for (k = 0; k < nj; k++)
				if (pid[k] == w)
					break;
			if (k == nj)
				continue;
			running--;
			done++;
			pid[k] = 0;
			get_result(out[k], &jobs[k], st, &codes[k], &res[k]);
			fclose(out[k]);
			rl_progress_step(pg, jobs[k].n, codes[k] ? jobs[k].n : 0);
		}
	}
	/* wait() failed with jobs not collected: none of them is lost */
	for (k = 0; k < nj; k++)
		if (!res[k].devices) {
			codes[k] = RL_EXIT_FAIL;
			rl_job_result_init(&res[k], jobs[k].paths, jobs[k].n);
			rl_job_result_set(&res[k], RL_JOB_FAILED, codes[k], "the job's process could "
					  "not be waited for; look for a pending journal in the journal "
					  "directory");
		}
	free(pid);
	free(out);
}

void rl_job_pool_run(const struct rl_job_pool *pool, const struct rl_vgcopy *copies, unsigned nj,
		     const struct rl_job_opts *jo, struct rl_job_result *res, int *codes,
		     struct rl_progress *pg)
{
	struct rl_job_opts mine = *jo;
	char tag[64];
	unsigned k;

	if (pool->max_procs > 1 && nj > 1 && !pool->attach_only) {
		run_parallel(copies, nj, jo, pool->max_procs, res, codes, pg);
		return;
	}
	for (k = 0; k < nj; k++) {
		snprintf(tag, sizeof(tag), "%s%u", jo->skip_tag, k + 1);
		mine.journal_tag = tag;
		mine.batch_index = k + 1;
		if (pool->attach_only && rl_attach_only_refusal(copies[k].paths, copies[k].n,
								copies[k].verdicts, &res[k]))
			codes[k] = res[k].exit_code;
		else
			codes[k] = run_one(&copies[k], &mine, &res[k]);
		rl_progress_step(pg, copies[k].n, codes[k] ? copies[k].n : 0);
	}
}
