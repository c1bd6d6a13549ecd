/* relun-resign: give a cloned LUN (a XenServer/XCP-ng LVM SR, or any LVM VG)
 * a new identity in one journaled, verified transaction; undo or recover
 * one.  The work is in job.c (one transaction), recover.c and report.c;
 * this file parses options, groups the devices into VG copies, asks the
 * probe's judge which copy is the original, and runs the jobs. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "attach_run.h"
#include "batch_verify.h"
#include "discover.h"
#include "exitcodes.h"
#include "job.h"
#include "job_pool.h"
#include "judge_given.h"
#include "label_tmpl.h"
#include "journal.h"
#include "judge.h"
#include "lunfind.h"
#include "lun_read.h"
#include "recover.h"
#include "pool_aware.h"
#include "progress.h"
#include "sysfs.h"
#include "refuse.h"
#include "rl_json.h"
#include "summary.h"
#include "vgcopy.h"
#include "report.h"
#include "report_table.h"
#include "rl_cli.h"
#include "runlock.h"
#include "writer.h"

#define TOOL "relun-resign"

static const char usage_text[] =
"Usage: relun-resign [OPTIONS] DEV...\n"
"       relun-resign --undo JOURNAL [--force] [--dry-run] [--json]\n"
"       relun-resign --recover JOURNAL [--roll-forward] [--force] [--dry-run] [--json]\n"
"       relun-resign --attach-only --xe-script FILE DEV...\n"
"       (--undo/--recover also take --device OLD=NEW)\n"
"\n"
"Give the cloned LUN(s) DEV (every PV of one VG copy; several VG copies may be\n"
"given) a new identity in one journaled transaction: new PV and VG UUIDs, a new\n"
"VG name and, for a XenServer SR, a new SR uuid, new VDI uuids, MGT records and\n"
"VHD parent locators.  Prints the xe commands that attach the result.\n"
"\n"
"Options:\n"
"  -n, --dry-run          print the complete plan (every identity, every byte\n"
"                         range) and write nothing\n"
"      --scope SCOPE      full (SR default): everything; sr: new SR uuid, VDI\n"
"                         uuids kept; lvm (plain VGs): PV/VG UUIDs and name only\n"
"      --sr-uuid UUID     the new SR uuid (default: random)\n"
"      --vg-name NAME     the new name of a plain VG (default: <old>_clone)\n"
"      --name-label L     new SR name label, in MGT and for xe (default: kept);\n"
"                         a template: {label} the old label, {date} the date\n"
"                         (UTC), {short} 8 characters of the new SR uuid,\n"
"                         {index} the VG copy's place in the call; at most\n"
"                         487 bytes in MGT (& < > count 5, 4, 4)\n"
"      --vdi-name-label L every VDI's new name label, in MGT (xe reads it at\n"
"                         sr-scan), default kept; the same template, {label}\n"
"                         being the VDI's old label; it must fit the VDI's\n"
"                         MGT record beside its description\n"
"      --journal-dir DIR  where the undo journal goes (default\n"
"                         " RL_JOURNAL_DEFAULT_DIR ")\n"
"      --sysroot DIR      read DIR/sys instead of /sys (a copied or fake sysfs\n"
"                         tree); DEVs are opened as given\n"
"      --jobs N           resign up to N VG copies at once, each in its own\n"
"                         process, transaction and journal (default 1)\n"
"  -f, --force            resign even a LUN judged the original or a duplicate\n"
"                         without evidence, or one with LVs of an SR operation in\n"
"                         flight; with --undo/--recover: write even where the\n"
"                         device no longer matches the journal\n"
"      --original DEV     the original LUN is DEV (evidence for the judge;\n"
"                         refused when the recorded evidence says otherwise)\n"
"      --keep DEV         the original is absent (DR): DEV is the copy that\n"
"                         keeps the identity; the other copies are clones\n"
"      --json             machine-readable output (see relun-resign(8))\n"
"      --xe-script FILE   write the xe attach sequence as one bash script\n"
"      --attach-only      a DR site: write the attach script for LUNs that keep\n"
"                         their identity, write nothing to them; a LUN whose\n"
"                         identity is seen twice is refused (exit 9)\n"
"      --no-verify        skip LVM's own check of the result (liblvm2cmd)\n"
"      --progress, --no-progress\n"
"                         progress of a batch on stderr (default: when stderr\n"
"                         is a terminal and the output is not --json)\n"
"      --undo JOURNAL     restore the originals recorded in JOURNAL\n"
"      --recover JOURNAL  finish an interrupted resign: roll back (default)\n"
"      --roll-forward     with --recover: complete the resign instead\n"
"  -v, --verbose          the detailed view (every identity, the xe commands)\n"
"  -o, --options FIELD,... the table's columns (+FIELD,... adds to the default):\n"
"                         device, status, sr, sr_old, sr_new, vg_old, vg_new,\n"
"                         vdis, label, journal, exit, message\n"
"      --noheadings       no heading line (and no summary)\n"
"      --separator S      columns separated by S, not aligned (no summary)\n"
"      --device OLD=NEW   with --undo/--recover: the journal's device OLD is NEW\n"
"                         now (otherwise found by its recorded identity)\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"Exit codes: 0 ok, 1 a LUN failed, 2 usage, 3 not root, 4 no device or I/O\n"
"error, 5 busy, 6 damaged, 7 incomplete/exported VG, 8 SR operation in flight,\n"
"9 looks like the original, 10 journal problem, 11 verification failed (rolled\n"
"back), 12 device does not match the journal, 13 unsupported layout.\n";

struct opts {
	int dry_run, force, json, verify, roll_forward, jobs, attach_only, progress, verbose;
	struct rl_table_opts table;
	const char *scope, *sr_uuid, *vg_name, *name_label, *journal_dir, *original;
	const char *vdi_name_label;
	const char *xe_script, *undo, *recover, *keep;
	struct rl_sysfs sys;
	struct rl_devmap devmap[64];
	size_t n_devmap;
	char **devs;
	int n_devs;
};

/* --device OLD=NEW (recovery: where a journal's device is now) */
static int parse_devmap(struct opts *o, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1] || o->n_devmap >= sizeof(o->devmap) / sizeof(o->devmap[0])) {
		fprintf(stderr, TOOL ": --device wants OLD=NEW, got '%s'\n", arg);
		return -1;
	}
	*eq = '\0';
	o->devmap[o->n_devmap].old_path = arg;
	o->devmap[o->n_devmap++].new_path = eq + 1;
	return 0;
}

enum { O_SCOPE = 256, O_SR, O_VGN, O_LABEL, O_VDILABEL, O_JDIR, O_ORIG, O_JSON, O_XE, O_NOVERIFY,
       O_UNDO, O_RECOVER, O_FWD, O_JOBS, O_KEEP, O_ATTACH_ONLY, O_PROGRESS,
       O_NOPROGRESS, O_NOHEAD, O_SEP, O_DEVMAP, O_SYSROOT };
static const struct option lo[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ "scope", required_argument, NULL, O_SCOPE },
	{ "sr-uuid", required_argument, NULL, O_SR },
	{ "vg-name", required_argument, NULL, O_VGN },
	{ "name-label", required_argument, NULL, O_LABEL },
	{ "vdi-name-label", required_argument, NULL, O_VDILABEL },
	{ "journal-dir", required_argument, NULL, O_JDIR },
	{ "jobs", required_argument, NULL, O_JOBS },
	{ "force", no_argument, NULL, 'f' },
	{ "original", required_argument, NULL, O_ORIG },
	{ "keep", required_argument, NULL, O_KEEP },
	{ "json", no_argument, NULL, O_JSON },
	{ "xe-script", required_argument, NULL, O_XE },
	{ "no-verify", no_argument, NULL, O_NOVERIFY },
	{ "undo", required_argument, NULL, O_UNDO },
	{ "recover", required_argument, NULL, O_RECOVER },
	{ "roll-forward", no_argument, NULL, O_FWD },
	{ "attach-only", no_argument, NULL, O_ATTACH_ONLY },
	{ "progress", no_argument, NULL, O_PROGRESS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "options", required_argument, NULL, 'o' },
	{ "noheadings", no_argument, NULL, O_NOHEAD },
	{ "separator", required_argument, NULL, O_SEP },
	{ "no-progress", no_argument, NULL, O_NOPROGRESS },
	{ "device", required_argument, NULL, O_DEVMAP },
	{ "sysroot", required_argument, NULL, O_SYSROOT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};
static const struct rl_cli cli = { TOOL, usage_text, "nfhVvo:", lo };

static int parse(int argc, char **argv, struct opts *o)
{
	int c;
	char *end;
	const char *fields = NULL;

	memset(o, 0, sizeof(*o));
	o->verify = 1;
	o->jobs = 1;
	o->progress = -1;
	o->journal_dir = RL_JOURNAL_DEFAULT_DIR;
	while ((c = rl_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'n': o->dry_run = 1; break;
		case O_SCOPE: o->scope = optarg; break;
		case O_SR: o->sr_uuid = optarg; break;
		case O_VGN: o->vg_name = optarg; break;
		case O_LABEL: o->name_label = optarg; break;
		case O_VDILABEL: o->vdi_name_label = optarg; break;
		case O_JDIR: o->journal_dir = optarg; break;
		case O_JOBS:
			errno = 0;
			o->jobs = (int)strtol(optarg, &end, 10);
			if (errno || *end || o->jobs < 1 || o->jobs > 1024) {
				fprintf(stderr, TOOL ": --jobs wants a number from 1 to 1024\n");
				return -1;
			}
			break;
		case 'f': o->force = 1; break;
		case O_ORIG: o->original = optarg; break;
		case O_KEEP: o->keep = optarg; break;
		case O_JSON: o->json = 1; break;
		case O_XE: o->xe_script = optarg; break;
		case O_NOVERIFY: o->verify = 0; break;
		case O_UNDO: o->undo = optarg; break;
		case O_RECOVER: o->recover = optarg; break;
		case O_FWD: o->roll_forward = 1; break;
		case O_ATTACH_ONLY: o->attach_only = 1; break;
		case O_PROGRESS: o->progress = 1; break;
		case 'v': o->verbose = 1; break;
		case 'o': fields = optarg; break;
		case O_NOHEAD: o->table.noheadings = 1; break;
		case O_SEP: o->table.separator = optarg; break;
		case O_NOPROGRESS: o->progress = 0; break;
		case O_DEVMAP:
			if (parse_devmap(o, optarg) < 0)
				return -1;
			break;
		case O_SYSROOT:
			if (rl_sysfs_init(&o->sys, optarg) < 0) {
				fprintf(stderr, TOOL ": --sysroot: path too long\n");
				return -1;
			}
			break;
		case RL_CLI_EXIT_OK: exit(RL_EXIT_OK);
		default: return -1;
		}
	}
	if (o->dry_run)
		o->verbose = 1; /* the plan is the point of a dry run */
	if (rl_table_parse_fields(fields, &o->table) < 0)
		return -1;
	o->devs = argv + optind;
	o->n_devs = argc - optind;
	if (o->undo && o->recover) {
		fprintf(stderr, TOOL ": --undo and --recover exclude each other\n");
		return -1;
	}
	if (o->n_devmap && !o->undo && !o->recover) {
		fprintf(stderr, TOOL ": --device goes with --undo or --recover\n");
		return -1;
	}
	if ((o->undo || o->recover) && o->n_devs) {
		fprintf(stderr, TOOL ": --undo/--recover take a journal, not devices\n");
		return -1;
	}
	if (o->roll_forward && !o->recover) {
		fprintf(stderr, TOOL ": --roll-forward goes with --recover\n");
		return -1;
	}
	if (o->attach_only && (o->undo || o->recover || o->force || o->scope || o->sr_uuid ||
				o->vg_name || o->name_label || o->vdi_name_label)) {
		fprintf(stderr, TOOL ": --attach-only keeps every identity: it goes without --undo, "
			"--recover, --force, --scope, --sr-uuid, --vg-name, --name-label and "
			"--vdi-name-label\n");
		return -1;
	}
	if (o->name_label || o->vdi_name_label) {
		struct rl_err e;
		char buf[800];

		rl_err_init(&e, NULL);
		if (o->name_label && rl_label_template_check(o->name_label, &e) < 0) {
			fprintf(stderr, TOOL ": --name-label: %s\n", rl_err_str(&e, buf, sizeof(buf)));
			return -1;
		}
		if (o->vdi_name_label && rl_label_template_check(o->vdi_name_label, &e) < 0) {
			fprintf(stderr, TOOL ": --vdi-name-label: %s\n", rl_err_str(&e, buf, sizeof(buf)));
			return -1;
		}
	}
	if (!o->undo && !o->recover && !o->n_devs) {
		fprintf(stderr, TOOL ": no device given\n");
		return -1;
	}
	if (o->scope && strcmp(o->scope, "full") && strcmp(o->scope, "sr") && strcmp(o->scope, "lvm")) {
		fprintf(stderr, TOOL ": --scope is full, sr or lvm\n");
		return -1;
	}
	return 0;
}

/* Fault injection (RELUN_FAULT_AFTER_WRITES, RELUN_FAULT_LVM_REJECT)
 * exists only in the test build (relun-resign-test, -DRELUN_TEST_HOOKS),
 * never in the installed tool: there the variables are ignored. */
static const char *test_hook(const char *name)
{
#ifdef RELUN_TEST_HOOKS
	return getenv(name);
#else
	(void)name;
	return NULL;
#endif
}

static int do_recover(const struct opts *o)
{
	struct rl_recover_opts ro;
	struct rl_recover_outcome out;
	struct rl_wcount c;
	const char *j = o->undo ? o->undo : o->recover;
	int code;

	memset(&ro, 0, sizeof(ro));
	memset(&out, 0, sizeof(out));
	rl_wcount_init(&c, test_hook(RL_FAULT_ENV));
	ro.mode = o->undo ? RL_REC_UNDO : o->roll_forward ? RL_REC_FORWARD : RL_REC_ROLLBACK;
	ro.force = o->force;
	ro.dry_run = o->dry_run;
	ro.ident = rl_job_ident;
	ro.ident_arg = (void *)&o->sys;
	ro.sys = &o->sys;
	ro.count = &c;
	/* the pool first: an undo must not pull an attached SR away (pool_aware.c) */
	if (o->undo && (code = rl_pool_guard_undo(j, o->journal_dir, &o->sys,
							   TOOL " " PACKAGE_VERSION, stderr)))
		return code;
	ro.devmap = o->devmap;
	ro.n_devmap = o->n_devmap;
	code = rl_recover(j, &ro, &out.rep);
	out.journal = j;
	out.mode = ro.mode;
	if (!code && ro.mode == RL_REC_FORWARD && !o->dry_run)
		rl_recover_attach(o->journal_dir, &o->sys, o->xe_script, TOOL " " PACKAGE_VERSION, &out);
	if (o->json) {
		json_object *obj = rl_report_recover_json(&out);

		rl_print_json(stdout, obj);
		json_object_put(obj);
	} else {
		rl_report_recover_text(&out, code ? stderr : stdout);
	}
	return code;
}

/* RELUN_TIMING set: when each stage of a run ended, on stderr (bench/). */
static void phase(const struct timespec *t0, const char *what)
{
	struct timespec ts;

	if (!t0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, TOOL ": timing: %-10s %8.3f s\n", what,
		(double)(ts.tv_sec - t0->tv_sec) + (double)(ts.tv_nsec - t0->tv_nsec) / 1e9);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct rl_job_opts jo;
	struct rl_refusal r = { 0, "" };
	struct rl_wcount count;
	struct rl_vgcopy *jobs;
	struct rl_judge_given_opts jg;
	struct rl_job_pool pool;
	struct rl_job_result *res;
	int *codes, code = RL_EXIT_OK;
	char **taken = NULL;
	struct rl_blkindex *blkix = NULL;
	struct timespec t0, *timing = NULL;
	struct rl_jscan jscan, *scan = NULL;
	struct rl_progress pg;
	struct rl_err jerr;
	struct rl_runlock lock;
	char skip_tag[32];
	size_t n_taken = 0, t;
	unsigned nj, k;
	int ng;

	if (parse(argc, argv, &o) < 0)
		return rl_cli_fail(&cli);
	rl_raise_fd_limit();
	if (rl_refuse_not_root(geteuid(), &r)) {
		fprintf(stderr, TOOL ": %s\n", r.msg);
		return r.code;
	}
	if (o.undo || o.recover)
		return do_recover(&o);
	/* every LUN locked before it is judged, until the run's end (exit) */
	rl_runlock_init(&lock);
	if (!o.dry_run && rl_runlock_run(&lock, o.journal_dir, o.devs, (size_t)o.n_devs, &r)) {
		fprintf(stderr, TOOL ": %s\n", r.msg);
		rl_runlock_release(&lock);
		return r.code;
	}

	if (getenv("RELUN_TIMING")) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		timing = &t0;
	}
	/* the journal directory once for the whole run; each job's journal is
	 * tagged p<pid>.<k>, so no job opens another's */
	if (rl_jscan_build(o.journal_dir, &jscan, &jerr) == 0)
		scan = &jscan;
	snprintf(skip_tag, sizeof(skip_tag), "p%ld.", (long)getpid());
	if (rl_vgcopy_dedupe(&o.sys, o.devs, &o.n_devs) < 0) {
		if (scan)
			rl_jscan_free(scan);
		rl_runlock_release(&lock);
		return RL_EXIT_USAGE;
	}
	ng = rl_vgcopy_group(o.devs, o.n_devs, &jobs);
	if (ng < 0) {
		fprintf(stderr, TOOL ": out of memory\n");
		exit(RL_EXIT_FAIL);
	}
	nj = (unsigned)ng;
	phase(timing, "group");
	if (nj > 1 && (o.sr_uuid || o.vg_name)) {
		fprintf(stderr, TOOL ": --sr-uuid and --vg-name need exactly one VG copy; %u given\n", nj);
		rl_vgcopies_free(jobs, nj);
		rl_runlock_release(&lock);
		return RL_EXIT_USAGE;
	}
	memset(&jg, 0, sizeof(jg));
	jg.original = o.original;
	jg.keep = o.keep;
	jg.journal_dir = o.journal_dir;
	jg.force = o.force;
	jg.sys = &o.sys;
	code = rl_judge_given(&jg, scan, jobs, nj, &taken, &n_taken);
	if (code < 0)
		fprintf(stderr, TOOL ": warning: could not compare with the other LUNs of this host\n");
	if (code > 0) {
		for (t = 0; t < n_taken; t++)
			free(taken[t]);
		free(taken);
		rl_vgcopies_free(jobs, nj);
		if (scan)
			rl_jscan_free(scan);
		rl_runlock_release(&lock);
		return code;
	}
	code = RL_EXIT_OK;
#ifdef __GLIBC__
	/* the judge's memory is free now: give it back, so that each job's
	 * fork copies the page tables of a small process, not a large one */
	malloc_trim(0);
#endif
	phase(timing, "judge");

	memset(&jo, 0, sizeof(jo));
	rl_wcount_init(&count, test_hook(RL_FAULT_ENV));
	jo.fault_lvm_reject = test_hook(RL_FAULT_LVM_ENV);
	jo.dry_run = o.dry_run;
	jo.force = o.force;
	jo.verify = o.verify;
	jo.scope = o.scope;
	jo.sr_uuid = o.sr_uuid;
	jo.vg_name = o.vg_name;
	jo.name_label = o.name_label;
	jo.vdi_name_label = o.vdi_name_label;
	jo.journal_dir = o.journal_dir;
	jo.sys = &o.sys;
	jo.tool = TOOL " " PACKAGE_VERSION;
	jo.taken_vg_names = (const char *const *)taken;
	jo.n_taken = n_taken;
	jo.count = &count;
	if (rl_blkindex_build(&o.sys, &blkix) < 0)
		blkix = NULL; /* each check builds its own */
	jo.blkix = blkix;
	jo.jscan = scan;
	jo.skip_tag = skip_tag;

	res = calloc(nj, sizeof(*res));
	codes = calloc(nj, sizeof(*codes));
	if (!res || !codes) {
		rl_runlock_release(&lock);
		return RL_EXIT_FAIL;
	}
	rl_progress_init(&pg, o.progress, o.json, (unsigned)o.n_devs, stderr);
	if (o.attach_only)
		jo.dry_run = 1; /* nothing is written, whatever a job decides */
	pool.max_procs = o.jobs;
	pool.attach_only = o.attach_only;
	rl_job_pool_run(&pool, jobs, nj, &jo, res, codes, &pg);
	rl_progress_end(&pg);
	phase(timing, "jobs");
	rl_batch_verify(res, codes, nj, &jo);
	phase(timing, "lvm check");
	if (o.xe_script && !o.dry_run)
		rl_attach_write_or_warn(o.xe_script, res, codes, nj, TOOL " " PACKAGE_VERSION);
	code = rl_run_exit_code(codes, nj);
	if (o.json)
		rl_report_run_json(res, nj, o.dry_run, code, stdout);
	else
		rl_report_run_text(res, codes, nj, o.verbose, &o.table, stdout, stderr);
	for (k = 0; k < nj; k++)
		rl_job_result_free(&res[k]);
	for (t = 0; t < n_taken; t++)
		free(taken[t]);
	free(taken);
	free(res);
	free(codes);
	rl_vgcopies_free(jobs, nj);
	rl_blkindex_free(blkix);
	if (scan)
		rl_jscan_free(scan);
	rl_runlock_release(&lock);
	return code;
}

