/* The ordered writer and the recovery engine on temporary image files: the complete transaction,
 * the write order proven by a simulated crash after every k-th write
 * (RELUN_FAULT_AFTER_WRITES semantics, in a child process), refusal when
 * the device drifted from the plan, rollback after a failing write, and
 * rollback after a verification mismatch (a write lost behind the writer's
 * back); --recover after a crash at every write (both directions, twice
 * each: idempotent), --undo, and the e2undo refusals (changed region, wrong
 * size, wrong identity, different header region) with and without --force. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcodes.h"
#include "recover.h"
#include "writer.h"

#define IMG_SIZE (1u << 20)
#define NDEV 2

/* The product's pwrite and fsync calls, seen from outside the product: these
 * definitions take the place of libc's for the whole test program (the
 * product is linked in statically), log each call, and do the real work with
 * the raw system call.  A removed fsync is then missing from the log, whatever
 * the product's own counters say. */
struct io_ev {
	char op; /* 'W' pwrite, 'S' fsync */
	int fd;
	off_t off;
};
static struct io_ev io_log[1024];
static size_t io_n;
static int io_on;

static void io_note(char op, int fd, off_t off)
{
	if (io_on && io_n < sizeof(io_log) / sizeof(io_log[0]))
		io_log[io_n++] = (struct io_ev){ op, fd, off };
}

int fsync(int fd)
{
	io_note('S', fd, 0);
	return (int)syscall(SYS_fsync, fd);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	io_note('W', fd, off);
	return (ssize_t)syscall(SYS_pwrite64, fd, buf, n, off);
}

struct fx {
	char dir[64];
	char img[NDEV][128];
	uint8_t *orig[NDEV];
	struct rl_plan plan;
};

static void read_img(const char *path, uint8_t *buf)
{
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, IMG_SIZE, 0), IMG_SIZE);
	close(fd);
}

/* Two 1 MiB images of pseudo-random bytes and a plan touching both in all
 * four phases: 9 regions. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct rl_err e;
	uint8_t nb[2048];
	int d, fd;
	uint32_t x = 12345;
	size_t i;
	static const struct { int dev; enum rl_phase ph; uint64_t off; uint32_t len; const char *w; } R[] = {
		{ 0, RL_PHASE_LABEL, 512, 512, "label" },
		{ 1, RL_PHASE_LABEL, 512, 512, "label" },
		{ 0, RL_PHASE_MDAHDR, 4096, 512, "mda1 header" },
		{ 1, RL_PHASE_MDAHDR, 4096, 512, "mda1 header" },
		{ 0, RL_PHASE_TEXT, 8192, 2048, "mda1 text" },
		{ 1, RL_PHASE_TEXT, 8192, 2048, "mda1 text" },
		{ 0, RL_PHASE_LV, 524288, 512, "MGT SR uuid" },
		{ 0, RL_PHASE_LV, 600064, 1024, "VHD-x header" },
		{ 1, RL_PHASE_MDAHDR, IMG_SIZE - 512, 512, "mda2 header" },
	};

	snprintf(f->dir, sizeof(f->dir), "/tmp/relun-wtest.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	rl_plan_init(&f->plan, "vgtest", "lvm");
	for (d = 0; d < NDEV; d++) {
		memcpy(f->img[d], f->dir, sizeof(f->dir));
		snprintf(f->img[d] + strlen(f->dir), sizeof(f->img[d]) - sizeof(f->dir), "/img%d", d);
		f->orig[d] = malloc(IMG_SIZE);
		for (i = 0; i < IMG_SIZE; i++) {
			x = x * 1103515245 + 12345;
			f->orig[d][i] = (uint8_t)(x >> 16);
		}
		fd = open(f->img[d], O_CREAT | O_RDWR | O_TRUNC, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, f->orig[d], IMG_SIZE), IMG_SIZE);
		close(fd);
		assert_int_equal(rl_plan_add_dev(&f->plan, f->img[d], "", IMG_SIZE, 0, 65536, 512, &e), d);
	}
	for (i = 0; i < sizeof(R) / sizeof(R[0]); i++) {
		memset(nb, 0xa0 + (int)i, sizeof(nb));
		assert_int_equal(rl_plan_add_region(&f->plan, (uint32_t)R[i].dev, R[i].ph, R[i].off,
						    f->orig[R[i].dev] + R[i].off, nb, R[i].len,
						    R[i].w, &e), 0);
	}
	assert_int_equal(rl_plan_finalize(&f->plan, &e), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	int d;

	for (d = 0; d < NDEV; d++)
		free(f->orig[d]);
	rl_plan_free(&f->plan);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void open_devs(struct fx *f, struct rl_dev *devs)
{
	struct rl_err e;
	int busy, d;

	for (d = 0; d < NDEV; d++)
		assert_int_equal(rl_dev_open_excl(&devs[d], f->img[d], &busy, &e), 0);
}

static void close_devs(struct rl_dev *devs)
{
	int d;

	for (d = 0; d < NDEV; d++)
		rl_dev_close(&devs[d]);
}

static void prepare_journal(struct fx *f, struct rl_dev *devs, struct rl_journal *j,
			    struct rl_jfile *jf)
{
	struct rl_err e;
	char jdir[128];

	snprintf(jdir, sizeof(jdir), "%s/journal", f->dir);
	assert_int_equal(rl_journal_init_from_plan(j, &f->plan, 1700000000, "test", &e), 0);
	assert_int_equal(rl_journal_fingerprint(j, devs, &e), 0);
	assert_int_equal(rl_journal_create(jf, jdir, j, 1700000000 + (time_t)random() % 100000, NULL, &e), 0);
}

/* Every region holds exactly image `which` for the first k regions in plan
 * order and the old bytes after; every other byte is the original. */
static void assert_images(struct fx *f, size_t k)
{
	uint8_t *buf = malloc(IMG_SIZE), *want = malloc(IMG_SIZE);
	int d;
	size_t i;

	for (d = 0; d < NDEV; d++) {
		memcpy(want, f->orig[d], IMG_SIZE);
		for (i = 0; i < k && i < f->plan.nregs; i++)
			if ((int)f->plan.regs[i].dev == d)
				memcpy(want + f->plan.regs[i].off, f->plan.regs[i].new_b,
				       f->plan.regs[i].len);
		read_img(f->img[d], buf);
		if (memcmp(buf, want, IMG_SIZE))
			fail_msg("image %d differs after %zu writes", d, k);
	}
	free(buf);
	free(want);
}

static int dev_of_fd(const struct rl_dev *devs, int fd)
{
	int d;

	for (d = 0; d < NDEV; d++)
		if (devs[d].fd == fd)
			return d;
	return -1;
}

/* From the logged system calls: nwrites device writes and nsyncs device
 * fsyncs; no write of a phase reaches a device while a write of an earlier
 * phase on any device is not yet fsync'd; the journal's last write (its DONE
 * state) comes after every device fsync, and is itself fsync'd. */
static void assert_io_order(const struct fx *f, const struct rl_dev *devs,
			    const struct rl_jfile *jf, int nwrites, int nsyncs)
{
	int dirty[NDEV], d, w = 0, sy = 0;
	size_t i, k, last_jw = 0, last_dev_sync = 0;
	int jw = 0, jsync_after = 0;

	for (d = 0; d < NDEV; d++)
		dirty[d] = -1; /* phase of the oldest unsynced write, -1 none */
	for (i = 0; i < io_n; i++) {
		const struct io_ev *v = &io_log[i];

		d = dev_of_fd(devs, v->fd);
		if (v->fd == jf->fd) {
			if (v->op == 'W') {
				jw = 1;
				last_jw = i;
				jsync_after = 0;
			} else {
				jsync_after = 1;
			}
			continue;
		}
		if (d < 0)
			continue;
		if (v->op == 'S') {
			sy++;
			dirty[d] = -1;
			last_dev_sync = i;
			continue;
		}
		w++;
		for (k = 0; k < f->plan.nregs; k++)
			if ((int)f->plan.regs[k].dev == d && (off_t)f->plan.regs[k].off == v->off)
				break;
		if (k == f->plan.nregs)
			fail_msg("device %d: write at %lld is in no region", d, (long long)v->off);
		for (int o = 0; o < NDEV; o++)
			if (dirty[o] >= 0 && dirty[o] != (int)f->plan.regs[k].phase)
				fail_msg("%s on device %d written while device %d still holds unsynced phase %d writes",
					 f->plan.regs[k].what, d, o, dirty[o]);
		if (dirty[d] < 0)
			dirty[d] = (int)f->plan.regs[k].phase;
	}
	assert_int_equal(w, nwrites);
	assert_int_equal(sy, nsyncs);
	for (d = 0; d < NDEV; d++)
		if (dirty[d] >= 0)
			fail_msg("device %d: phase %d writes never fsync'd", d, dirty[d]);
	if (!jw || last_jw < last_dev_sync)
		fail_msg("the journal's DONE state was not written after the last device fsync");
	if (!jsync_after)
		fail_msg("the journal's last write was not fsync'd");
}

static void full_transaction(void **state)
{
	struct fx *f = *state;
	struct rl_dev devs[NDEV];
	struct rl_journal j, k;
	struct rl_jfile jf;
	struct rl_wcount c;
	struct rl_wreport rep;
	struct rl_err e;

	open_devs(f, devs);
	prepare_journal(f, devs, &j, &jf);
	rl_wcount_init(&c, NULL);
	io_n = 0;
	io_on = 1;
	assert_int_equal(rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e), RL_W_OK);
	io_on = 0;
	assert_int_equal(rep.count.writes, 9);
	/* one fsync per device per phase that wrote to it: 1 + 2 + 2 + 2 */
	assert_int_equal(rep.count.syncs, 7);
	assert_io_order(f, devs, &jf, 9, 7);
	assert_int_equal(j.state, RL_JSTATE_DONE);
	close_devs(devs);
	assert_images(f, f->plan.nregs);
	assert_int_equal(rl_journal_load(jf.path, &k, &e), 0);
	assert_int_equal(k.state, RL_JSTATE_DONE);
	rl_journal_free(&k);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
}

static void plan_order_is_phase_order(void **state)
{
	struct fx *f = *state;
	const char *want[] = { "MGT SR uuid", "VHD-x header", "mda1 text", "mda1 text", "mda1 header",
			       "mda1 header", "mda2 header", "label", "label" };
	size_t i;

	for (i = 0; i < 9; i++)
		assert_string_equal(f->plan.regs[i].what, want[i]);
}

static void crash_after_every_write(void **state)
{
	struct fx *f = *state;
	unsigned long k;

	for (k = 1; k <= f->plan.nregs; k++) {
		pid_t pid;
		int status, d, fd;

		/* restore the originals */
		for (d = 0; d < NDEV; d++) {
			fd = open(f->img[d], O_WRONLY);
			assert_int_equal(pwrite(fd, f->orig[d], IMG_SIZE, 0), IMG_SIZE);
			close(fd);
		}
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct rl_dev devs[NDEV];
			struct rl_journal j;
			struct rl_jfile jf;
			struct rl_wcount c;
			struct rl_wreport rep;
			struct rl_err e;
			char v[16];

			open_devs(f, devs);
			prepare_journal(f, devs, &j, &jf);
			snprintf(v, sizeof(v), "%lu", k);
			rl_wcount_init(&c, v);
			rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e);
			_exit(0); /* not reached when the fault fires */
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), RL_FAULT_EXIT);
		assert_images(f, k);
	}
}

static void refuses_drifted_device(void **state)
{
	struct fx *f = *state;
	struct rl_dev devs[NDEV];
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_wcount c;
	struct rl_wreport rep;
	struct rl_err e;
	uint8_t *buf = malloc(IMG_SIZE);
	char msg[700];

	open_devs(f, devs);
	prepare_journal(f, devs, &j, &jf);
	/* someone rewrote the second mda header after the plan was made */
	assert_int_equal(pwrite(devs[1].fd, "X", 1, 4100), 1);
	f->orig[1][4100] = 'X';
	rl_wcount_init(&c, NULL);
	assert_int_equal(rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e), RL_W_DRIFT);
	assert_int_equal(rep.count.writes, 0);
	assert_int_equal(j.state, RL_JSTATE_ROLLED_BACK);
	snprintf(msg, sizeof(msg), "%s: offset 4096 (0x1000): mda1 header changed since it was read; "
		 "nothing written", f->img[1]);
	assert_string_equal(rl_err_str(&e, (char[700]){ 0 }, 700), msg);
	close_devs(devs);
	assert_images(f, 0);
	free(buf);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
}

static void rolls_back_after_failed_write(void **state)
{
	struct fx *f = *state;
	struct rl_dev devs[NDEV];
	struct rl_journal j, k;
	struct rl_jfile jf;
	struct rl_wcount c;
	struct rl_wreport rep;
	struct rl_err e;
	char msg[700];

	open_devs(f, devs);
	prepare_journal(f, devs, &j, &jf);
	/* the first write to device 1 (its mda1 text, the 4th write) fails */
	devs[1].writable = 0;
	rl_wcount_init(&c, NULL);
	assert_int_equal(rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e), RL_W_IOERR);
	snprintf(msg, sizeof(msg), "%s: offset 8192 (0x2000): mda1 text: device not opened for writing",
		 f->img[1]);
	assert_string_equal(rl_err_str(&e, (char[700]){ 0 }, 700), msg);
	/* 3 forward writes, then those 3 regions put back (labels first) */
	assert_int_equal(rep.count.writes, 6);
	assert_int_equal(j.state, RL_JSTATE_ROLLED_BACK);
	devs[1].writable = 1;
	close_devs(devs);
	assert_images(f, 0);
	assert_int_equal(rl_journal_load(jf.path, &k, &e), 0);
	assert_int_equal(k.state, RL_JSTATE_ROLLED_BACK);
	rl_journal_free(&k);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
}

/* A device that silently loses a write: after the label phase, the second
 * image's label goes back to its old bytes behind the writer's back. */
static void lose_label_write(void *arg, enum rl_phase ph)
{
	struct fx *f = arg;
	int fd;

	if (ph != RL_PHASE_LABEL)
		return;
	fd = open(f->img[1], O_WRONLY);
	assert_int_equal(pwrite(fd, f->orig[1] + 512, 100, 512), 100);
	close(fd);
}

static void rolls_back_after_verify_mismatch(void **state)
{
	struct fx *f = *state;
	struct rl_dev devs[NDEV];
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_wcount c;
	struct rl_wreport rep;
	struct rl_err e;

	open_devs(f, devs);
	prepare_journal(f, devs, &j, &jf);
	rl_wcount_init(&c, NULL);
	c.after_phase = lose_label_write;
	c.after_phase_arg = f;
	assert_int_equal(rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e), RL_W_VERIFY);
	assert_int_equal(rep.verify_mismatches, 1);
	assert_string_equal(rep.first_bad, "label");
	assert_string_equal(e.msg, "label reads back different from what was written");
	assert_int_equal(e.off, 512);
	/* 9 forward writes, then all 9 regions put back (the damaged label
	 * holds neither image and is rewritten too) */
	assert_int_equal(rep.count.writes, 18);
	assert_int_equal(j.state, RL_JSTATE_ROLLED_BACK);
	close_devs(devs);
	assert_images(f, 0);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
}

static void verify_can_be_skipped(void **state)
{
	struct fx *f = *state;
	struct rl_dev devs[NDEV];
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_wcount c;
	struct rl_wreport rep;
	struct rl_err e;

	open_devs(f, devs);
	prepare_journal(f, devs, &j, &jf);
	rl_wcount_init(&c, NULL);
	c.after_phase = lose_label_write;
	c.after_phase_arg = f;
	assert_int_equal(rl_writer_run(&j, &jf, devs, 0, &c, &rep, &e), RL_W_OK);
	assert_int_equal(rep.count.writes, 9);
	close_devs(devs);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
}

static void restore_originals(struct fx *f)
{
	int d, fd;

	for (d = 0; d < NDEV; d++) {
		fd = open(f->img[d], O_WRONLY);
		assert_int_equal(pwrite(fd, f->orig[d], IMG_SIZE, 0), IMG_SIZE);
		close(fd);
	}
}

/* Crash after write k in a child; return the journal path it left. */
static void crash_at(struct fx *f, unsigned long k, char *jpath, size_t n)
{
	int pipefd[2], status;
	pid_t pid;
	ssize_t got;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rl_dev devs[NDEV];
		struct rl_journal j;
		struct rl_jfile jf;
		struct rl_wcount c;
		struct rl_wreport rep;
		struct rl_err e;
		char v[16];

		close(pipefd[0]);
		open_devs(f, devs);
		prepare_journal(f, devs, &j, &jf);
		if (write(pipefd[1], jf.path, strlen(jf.path) + 1) < 0)
			_exit(1);
		snprintf(v, sizeof(v), "%lu", k);
		rl_wcount_init(&c, v);
		rl_writer_run(&j, &jf, devs, 1, &c, &rep, &e);
		_exit(0);
	}
	close(pipefd[1]);
	got = read(pipefd[0], jpath, n);
	assert_true(got > 0);
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), k > f->plan.nregs ? 0 : RL_FAULT_EXIT);
}

static int rec(const char *jpath, enum rl_recover_mode m, int force, struct rl_recover_report *rep)
{
	struct rl_recover_opts o;

	memset(&o, 0, sizeof(o));
	o.mode = m;
	o.force = force;
	return rl_recover(jpath, &o, rep);
}

static void recover_after_every_crash(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096];
	unsigned long k;

	for (k = 1; k <= f->plan.nregs; k++) {
		/* roll back */
		restore_originals(f);
		crash_at(f, k, jpath, sizeof(jpath));
		assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_OK);
		assert_int_equal(rep.state_before, RL_JSTATE_PREPARED);
		assert_int_equal(rep.state_after, RL_JSTATE_ROLLED_BACK);
		assert_int_equal(rep.written, k);
		assert_images(f, 0);
		/* again: nothing to do */
		assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_OK);
		assert_int_equal(rep.written, 0);
		assert_string_equal(rep.msg, "rollback: nothing to do, every region already holds the old bytes");
		assert_images(f, 0);

		/* roll forward */
		restore_originals(f);
		crash_at(f, k, jpath, sizeof(jpath));
		assert_int_equal(rec(jpath, RL_REC_FORWARD, 0, &rep), RL_EXIT_OK);
		assert_int_equal(rep.written, f->plan.nregs - k);
		assert_int_equal(rep.state_after, RL_JSTATE_DONE);
		assert_images(f, f->plan.nregs);
		assert_int_equal(rec(jpath, RL_REC_FORWARD, 0, &rep), RL_EXIT_OK);
		assert_int_equal(rep.written, 0);
		assert_images(f, f->plan.nregs);
	}
}

/* A crash in the middle of a rollback is recovered by running it again. */
static void crash_during_recover(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096];
	int status;
	pid_t pid;

	crash_at(f, 7, jpath, sizeof(jpath));
	pid = fork();
	if (pid == 0) {
		struct rl_recover_opts o;
		struct rl_wcount c;

		memset(&o, 0, sizeof(o));
		rl_wcount_init(&c, "3");
		o.mode = RL_REC_ROLLBACK;
		o.count = &c;
		rl_recover(jpath, &o, &rep);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), RL_FAULT_EXIT);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_OK);
	assert_int_equal(rep.written, 4);
	assert_int_equal(rep.already, 5);
	assert_images(f, 0);
}

static void undo_completed(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096];

	/* a journal of a crashed run cannot be undone, only recovered */
	crash_at(f, 2, jpath, sizeof(jpath));
	assert_int_equal(rec(jpath, RL_REC_UNDO, 0, &rep), RL_EXIT_JOURNAL);
	assert_images(f, 2);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_OK);

	crash_at(f, 100, jpath, sizeof(jpath)); /* completes */
	assert_images(f, f->plan.nregs);
	assert_int_equal(rec(jpath, RL_REC_UNDO, 0, &rep), RL_EXIT_OK);
	assert_int_equal(rep.state_before, RL_JSTATE_DONE);
	assert_int_equal(rep.state_after, RL_JSTATE_UNDONE);
	assert_int_equal(rep.written, 9);
	assert_images(f, 0);
	assert_int_equal(rec(jpath, RL_REC_UNDO, 0, &rep), RL_EXIT_OK);
	assert_int_equal(rep.written, 0);
}

static void undo_refused_after_change(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096], want[600];
	uint8_t *now = malloc(IMG_SIZE), *after = malloc(IMG_SIZE);
	int fd;

	crash_at(f, 100, jpath, sizeof(jpath));
	/* LVM commits again on the clone: its mda header changes */
	fd = open(f->img[0], O_WRONLY);
	assert_int_equal(pwrite(fd, "zz", 2, 4200), 2);
	close(fd);
	read_img(f->img[0], after);
	assert_int_equal(rec(jpath, RL_REC_UNDO, 0, &rep), RL_EXIT_MISMATCH);
	assert_string_equal(rep.msg, "refusing undo: 1 region(s) changed since the journal was written "
			    "(--force overrides)");
	snprintf(want, sizeof(want), "%s: offset 4096: mda1 header holds neither the old nor the new bytes",
		 f->img[0]);
	assert_int_equal(rep.n_notes, 1);
	assert_string_equal(rep.notes[0], want);
	read_img(f->img[0], now);
	assert_memory_equal(now, after, IMG_SIZE); /* nothing written */
	assert_int_equal(rep.state_after, RL_JSTATE_DONE);
	/* --force restores the originals anyway */
	assert_int_equal(rec(jpath, RL_REC_UNDO, 1, &rep), RL_EXIT_OK);
	assert_int_equal(rep.written, 9);
	assert_images(f, 0);
	free(now);
	free(after);
}

static void refuses_wrong_device(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096], want[4600];
	uint8_t *now = malloc(IMG_SIZE), *before = malloc(IMG_SIZE);
	int fd;

	crash_at(f, 4, jpath, sizeof(jpath));
	/* a byte outside every planned region in the header area differs:
	 * this is not the LUN the journal was written for */
	fd = open(f->img[1], O_WRONLY);
	assert_int_equal(pwrite(fd, "Q", 1, 20000), 1);
	close(fd);
	read_img(f->img[1], before);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_MISMATCH);
	snprintf(want, sizeof(want), "refusing rollback: the device is not the one journal %s was "
		 "written for (--force overrides)", jpath);
	assert_string_equal(rep.msg, want);
	snprintf(want, sizeof(want), "%s: the first 65536 bytes differ from the journal's device "
		 "outside the planned regions (another LUN, or changed since)", f->img[1]);
	assert_string_equal(rep.notes[0], want);
	read_img(f->img[1], now);
	assert_memory_equal(now, before, IMG_SIZE);
	free(now);
	free(before);
}

static void refuses_wrong_size(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096], want[600];

	crash_at(f, 4, jpath, sizeof(jpath));
	assert_int_equal(truncate(f->img[0], IMG_SIZE + 512), 0);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_MISMATCH);
	snprintf(want, sizeof(want), "%s: size 1049088, the journal's device had 1048576", f->img[0]);
	assert_string_equal(rep.notes[0], want);
	assert_int_equal(truncate(f->img[0], IMG_SIZE), 0);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_OK);
	assert_images(f, 0);
}

static int fake_ident(const char *path, char *out, size_t n, void *arg)
{
	(void)path;
	snprintf(out, n, "%s", (const char *)arg);
	return 0;
}

static void refuses_wrong_identity(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	struct rl_recover_opts o;
	char jpath[4096], want[600];

	snprintf(f->plan.devs[0].ident, sizeof(f->plan.devs[0].ident), "36001405aaaa");
	crash_at(f, 4, jpath, sizeof(jpath));
	memset(&o, 0, sizeof(o));
	o.mode = RL_REC_ROLLBACK;
	o.ident = fake_ident;
	o.ident_arg = "36001405bbbb";
	assert_int_equal(rl_recover(jpath, &o, &rep), RL_EXIT_MISMATCH);
	/* no node has the journal's identity: the recorded one is checked,
	 * and its identity differs */
	snprintf(want, sizeof(want), "no block device on this host has the journal's identity "
		 "36001405aaaa and size 1048576; %s is checked as recorded (or name the LUN with "
		 "--device %s=DEV)", f->img[0], f->img[0]);
	assert_string_equal(rep.notes[0], want);
	snprintf(want, sizeof(want), "%s: identity 36001405bbbb, the journal's device was 36001405aaaa",
		 f->img[0]);
	assert_string_equal(rep.notes[1], want);
	assert_images(f, 4);
	/* dry run with force: reports, writes nothing */
	o.force = 1;
	o.dry_run = 1;
	assert_int_equal(rl_recover(jpath, &o, &rep), RL_EXIT_OK);
	assert_string_equal(rep.msg, "rollback would write 4 of 9 region(s)");
	assert_images(f, 4);
	o.dry_run = 0;
	o.ident_arg = "36001405aaaa";
	o.force = 0;
	assert_int_equal(rl_recover(jpath, &o, &rep), RL_EXIT_OK);
	assert_images(f, 0);
}

static void corrupt_journal_refused(void **state)
{
	struct fx *f = *state;
	struct rl_recover_report rep;
	char jpath[4096];
	int fd;

	crash_at(f, 4, jpath, sizeof(jpath));
	fd = open(jpath, O_WRONLY);
	assert_int_equal(pwrite(fd, "X", 1, 300), 1);
	close(fd);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_DAMAGED);
	assert_non_null(strstr(rep.msg, "journal checksum mismatch: the file is corrupt"));
	assert_images(f, 4);
	assert_int_equal(truncate(jpath, 1000), 0);
	assert_int_equal(rec(jpath, RL_REC_ROLLBACK, 0, &rep), RL_EXIT_DAMAGED);
	assert_non_null(strstr(rep.msg, "journal truncated or extended"));
	assert_int_equal(rec("/nonexistent/j", RL_REC_ROLLBACK, 0, &rep), RL_EXIT_NODEV);
}

static void fault_env_parsing(void **state)
{
	struct rl_wcount c;

	(void)state;
	rl_wcount_init(&c, "7");
	assert_int_equal(c.fault_after, 7);
	rl_wcount_init(&c, "7x");
	assert_int_equal(c.fault_after, 0);
	rl_wcount_init(&c, "-1");
	assert_int_equal(c.fault_after, 0);
	rl_wcount_init(&c, "");
	assert_int_equal(c.fault_after, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(plan_order_is_phase_order, setup, teardown),
		cmocka_unit_test_setup_teardown(full_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(crash_after_every_write, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_drifted_device, setup, teardown),
		cmocka_unit_test_setup_teardown(rolls_back_after_failed_write, setup, teardown),
		cmocka_unit_test_setup_teardown(rolls_back_after_verify_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_can_be_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(recover_after_every_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(crash_during_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_completed, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_refused_after_change, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_wrong_device, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_wrong_size, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_wrong_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(corrupt_journal_refused, setup, teardown),
		cmocka_unit_test(fault_env_parsing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
