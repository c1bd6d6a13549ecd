#include "xe_query.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xs_uuid.h"

int run_capture(char *const argv[], char *out, size_t n)
{
	int pfd[2], status;
	size_t got = 0;
	pid_t pid;

	if (n == 0 || pipe(pfd) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(pfd[1], 1);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		close(pfd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t r = read(pfd[0], out + got, n - 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == n - 1) {
			char sink[512];

			while (read(pfd[0], sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	out[got] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int xe_sr_scsiid(const char *sr_uuid, char *out, size_t n)
{
	char param[64], buf[512];
	char *argv[] = { "xe", "sr-param-get", NULL, "param-name=sm-config",
			 "param-key=devserial", NULL };
	size_t len;
	int rc;

	if (!xs_uuid_valid(sr_uuid))
		return -1;
	snprintf(param, sizeof(param), "uuid=%s", sr_uuid);
	argv[2] = param;
	rc = run_capture(argv, buf, sizeof(buf));
	if (rc != 0)
		return 0;
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (strncmp(buf, "scsi-", 5) || !buf[5])
		return 0;
	snprintf(out, n, "%s", buf + 5);
	return 1;
}
