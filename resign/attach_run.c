#include "attach_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rl_attach_write_run(const char *path, struct rl_job_result *res, const int *codes, unsigned n,
			const char *generator, struct rl_err *e)
{
	struct rl_xe_input *in = calloc(n ? n : 1, sizeof(*in));
	unsigned k, m = 0;
	char *tmp = NULL;
	FILE *f = NULL;
	int rc = -1, fd;

	if (!in) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	for (k = 0; k < n; k++) {
		if (!res[k].has_attach)
			continue;
		if (codes[k]) {
			res[k].has_attach = 0;
			rl_job_attach_free(&res[k].attach);
			continue;
		}
		rl_job_attach_input(&res[k].attach, &in[m]);
		in[m].generator = generator;
		m++;
	}
	if (m == 0) {
		rc = 0;
		goto out;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		tmp = NULL;
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		rl_err_set(e, RL_E_IO, "%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (rl_xe_script_write_run(f, in, m, e) < 0 || fchmod(fileno(f), 0755) < 0) {
		if (!e->msg[0])
			rl_err_set(e, RL_E_IO, "%s: %s", tmp, strerror(errno));
		fclose(f);
		goto fail;
	}
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		rl_err_set(e, RL_E_IO, "%s: %s", path, strerror(errno));
		goto fail;
	}
	for (k = 0; k < n; k++)
		if (!codes[k] && res[k].has_attach) {
			free(res[k].xe_script);
			res[k].xe_script = strdup(path);
		}
	rc = (int)m;
	goto out;
fail:
	unlink(tmp);
out:
	free(tmp);
	free(in);
	return rc;
}

int rl_attach_write_or_warn(const char *path, struct rl_job_result *res, const int *codes, unsigned n,
			    const char *generator)
{
	struct rl_err e;
	char buf[800];
	int m;

	rl_err_init(&e, NULL);
	m = rl_attach_write_run(path, res, codes, n, generator, &e);
	if (m < 0)
		fprintf(stderr, "relun-resign: could not write the xe script %s: %s\n", path,
			rl_err_str(&e, buf, sizeof(buf)));
	return m;
}
