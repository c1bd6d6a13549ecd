#include "job_pool.h"

#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach_only.h"
#include "exitcodes.h"

static json_object *run_one(const struct rl_vgcopy *jd, const struct rl_job_opts *jo, int *code)
{
	return rl_job_run(jd->paths, jd->n, jd->verdicts, jo, code);
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
static void run_parallel(const struct rl_vgcopy *jobs, unsigned nj, const struct rl_job_opts *jo, int maxp,
			 json_object **res, int *codes, struct rl_progress *pg)
{
	pid_t *pid = calloc(nj, sizeof(*pid));
	FILE **out = calloc(nj, sizeof(*out));
	unsigned next = 0, done = 0, k;
	int running = 0;

	if (!pid || !out) {
		for (k = 0; k < nj; k++) {
			res[k] = run_one(&jobs[k], jo, &codes[k]);
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
				char tag[64];
				json_object *r;
				int c;

				snprintf(tag, sizeof(tag), "%s%u", jo->skip_tag, k + 1);
				mine.journal_tag = tag;
				mine.batch_index = k + 1;
				r = run_one(&jobs[k], &mine, &c);

				fputs(json_object_to_json_string(r), out[k]);
				fflush(out[k]);
				_exit(c & 0xff);
			}
			if (pid[k] < 0) {
				res[k] = run_one(&jobs[k], jo, &codes[k]);
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
			rewind(out[k]);
			{
				char *buf = NULL;
				size_t cap = 0;
				ssize_t len = getdelim(&buf, &cap, '\0', out[k]);

				res[k] = len > 0 ? json_tokener_parse(buf) : NULL;
				free(buf);
			}
			fclose(out[k]);
			codes[k] = WIFEXITED(st) ? WEXITSTATUS(st) : RL_EXIT_FAIL;
			if (!res[k]) {
				json_object *r = json_object_new_object(), *d = json_object_new_array();
				char msg[200];
				unsigned m;

				for (m = 0; m < jobs[k].n; m++)
					json_object_array_add(d, json_object_new_string(jobs[k].paths[m]));
				json_object_object_add(r, "devices", d);
				json_object_object_add(r, "status", json_object_new_string("failed"));
				snprintf(msg, sizeof(msg), "the job process ended without a result (%s %d); "
					 "look for a pending journal in the journal directory",
					 WIFEXITED(st) ? "exit" : "signal",
					 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
				json_object_object_add(r, "message", json_object_new_string(msg));
				if (!codes[k])
					codes[k] = RL_EXIT_FAIL;
				json_object_object_add(r, "exit_code", json_object_new_int(codes[k]));
				res[k] = r;
			}
			rl_progress_step(pg, jobs[k].n, codes[k] ? jobs[k].n : 0);
		}
	}
	free(pid);
	free(out);
}

void rl_job_pool_run(const struct rl_job_pool *pool, const struct rl_vgcopy *copies, unsigned nj,
		     const struct rl_job_opts *jo, void **res, int *codes, struct rl_progress *pg)
{
	struct rl_job_opts mine = *jo;
	char tag[64];
	unsigned k;

	if (pool->max_procs > 1 && nj > 1 && !pool->attach_only) {
		run_parallel(copies, nj, jo, pool->max_procs, (json_object **)res, codes, pg);
		return;
	}
	for (k = 0; k < nj; k++) {
		snprintf(tag, sizeof(tag), "%s%u", jo->skip_tag, k + 1);
		mine.journal_tag = tag;
		mine.batch_index = k + 1;
		if (!pool->attach_only || !(res[k] = rl_attach_only_refusal(copies[k].paths, copies[k].n,
									     copies[k].verdicts, &codes[k])))
			res[k] = run_one(&copies[k], &mine, &codes[k]);
		rl_progress_step(pg, copies[k].n, codes[k] ? copies[k].n : 0);
	}
}
