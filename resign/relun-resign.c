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
#include "attach_only.h"
#include "attach_run.h"
#include "batch_verify.h"
#include "discover.h"
#include "exitcodes.h"
#include "job.h"
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
#include "report.h"
#include "report_table.h"
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

static int parse(int argc, char **argv, struct opts *o)
{
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
	int c;
	char *end;
	const char *fields = NULL;

	memset(o, 0, sizeof(*o));
	o->verify = 1;
	o->jobs = 1;
	o->progress = -1;
	o->journal_dir = RL_JOURNAL_DEFAULT_DIR;
	while ((c = getopt_long(argc, argv, "nfhVvo:", lo, NULL)) != -1) {
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
		case 'h': fputs(usage_text, stdout); exit(RL_EXIT_OK);
		case 'V': printf(TOOL " " PACKAGE_VERSION "\n"); exit(RL_EXIT_OK);
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

static void print_json(json_object *o)
{
	rl_json_print(stdout, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED, 1);
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
	struct rl_recover_report rep;
	struct rl_wcount c;
	json_object *obj;
	const char *j = o->undo ? o->undo : o->recover;
	int code;

	memset(&ro, 0, sizeof(ro));
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
	code = rl_recover(j, &ro, &rep);
	obj = rl_report_recover_json(j, ro.mode, &rep);
	if (!code && ro.mode == RL_REC_FORWARD && !o->dry_run)
		rl_recover_attach(j, o->journal_dir, &o->sys, o->xe_script, TOOL " " PACKAGE_VERSION, obj);
	if (o->json)
		print_json(obj);
	else
		rl_report_recover_text(obj, code ? stderr : stdout);
	json_object_put(obj);
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

/* ---- grouping the devices into VG copies ---- */

/* Sized to its devices: a DR batch holds a thousand of these, and every
 * job process inherits them. */
struct jobdef {
	const char **paths;
	struct rl_job_verdict *verdicts;
	int *pvidx;
	unsigned n, cap;
	unsigned need;            /* PVs of its VG (capped), 1 if unreadable */
	char vgid[33];
};

static int jobdef_add(struct jobdef *t, const char *path, int idx)
{
	if (t->n == t->cap) {
		unsigned nc = t->cap ? t->cap * 2 : 1;
		const char **np = realloc(t->paths, nc * sizeof(*np));
		struct rl_job_verdict *nv;
		int *ni;

		if (!np)
			return -1;
		t->paths = np;
		nv = realloc(t->verdicts, nc * sizeof(*nv));
		if (!nv)
			return -1;
		t->verdicts = nv;
		ni = realloc(t->pvidx, nc * sizeof(*ni));
		if (!ni)
			return -1;
		t->pvidx = ni;
		t->cap = nc;
	}
	memset(&t->verdicts[t->n], 0, sizeof(t->verdicts[t->n]));
	t->pvidx[t->n] = idx;
	t->paths[t->n++] = path;
	return 0;
}

static void jobs_free(struct jobdef *jobs, unsigned nj)
{
	unsigned k;

	for (k = 0; k < nj; k++) {
		free(jobs[k].paths);
		free(jobs[k].verdicts);
		free(jobs[k].pvidx);
	}
	free(jobs);
}

/* Devices into VG copies, in argument order.  Only copies still missing a
 * PV are searched ("open": a multi-PV VG being assembled), so a thousand
 * single-PV clones of one SR group in linear time. */
static unsigned group(const struct opts *o, struct jobdef *jobs)
{
	unsigned nj = 0, nopen = 0, k;
	unsigned *open = calloc((size_t)o->n_devs + 1, sizeof(*open));
	int i;

	if (!open) {
		fprintf(stderr, TOOL ": out of memory\n");
		exit(RL_EXIT_FAIL);
	}
	for (i = 0; i < o->n_devs; i++) {
		struct rl_dev d;
		struct lun_pv *pv = calloc(1, sizeof(*pv));
		struct rl_err e;
		char vgid[33] = "";
		int idx = -1;
		unsigned need = 1;
		struct jobdef *t = NULL;

		if (pv && rl_dev_open_ro(&d, o->devs[i], &e) == 0) {
			if (lun_read_pv(&d, pv, &e) == 0 && pv->state == LUN_PV_OK) {
				snprintf(vgid, sizeof(vgid), "%s", pv->vg->id);
				idx = pv->pv_index;
				need = pv->vg->n_pvs ? pv->vg->n_pvs : 1;
			}
			lun_pv_free(pv);
			rl_dev_close(&d);
		}
		free(pv);
		/* the first open copy of this VG that lacks this PV; unreadable
		 * devices go alone so their job reports why */
		for (k = 0; vgid[0] && k < nopen && !t; k++) {
			struct jobdef *c = &jobs[open[k]];
			unsigned m;
			int clash = 0;

			if (strcmp(c->vgid, vgid))
				continue;
			for (m = 0; m < c->n; m++)
				clash |= c->pvidx[m] == idx;
			if (!clash)
				t = c;
		}
		if (!t) {
			t = &jobs[nj++];
			memset(t, 0, sizeof(*t));
			snprintf(t->vgid, sizeof(t->vgid), "%s", vgid);
			t->need = need > RL_JOB_MAX_DEVS ? RL_JOB_MAX_DEVS : need;
			if (vgid[0] && t->need > 1)
				open[nopen++] = (unsigned)(t - jobs);
		}
		if (jobdef_add(t, o->devs[i], idx) < 0) {
			fprintf(stderr, TOOL ": out of memory\n");
			exit(RL_EXIT_FAIL);
		}
		if (t->n >= t->need)
			for (k = 0; k < nopen; k++)
				if (&jobs[open[k]] == t) {
					/* keep argument order: the first open copy wins */
					memmove(&open[k], &open[k + 1], (nopen - k - 1) * sizeof(*open));
					nopen--;
					break;
				}
	}
	free(open);
	return nj;
}

/* ---- the judge: which copy is the original ---- */

/* The judge's word on the given devices, or a refusal of the whole run
 * before anything is opened for writing: --original/--keep naming no LUN
 * judged (usage), contradicting the recorded evidence (exit 9 unless
 * --force), a device that is a path of another LUN (exit 5, naming it), a
 * LUN with a pending journal (exit 10, even when its label reads damaged).
 * -1: the host could not be compared (each job then refuses). */
static int judge_all(const struct opts *o, const struct rl_jscan *scan, struct jobdef *jobs,
		     unsigned nj, char ***taken, size_t *n_taken)
{
	struct pdev_recs list = { NULL, 0, 0 };
	struct judge_opts jo;
	struct judge j;
	struct rl_err e;
	const char **paths;
	unsigned k, m, np = 0, q, added = 0;
	int *where = NULL;   /* per given path, in job order, then --original, --keep */
	int code = 0, seen = 1;

	*taken = NULL;
	*n_taken = 0;
	rl_err_init(&e, NULL);
	for (k = 0; k < nj; k++)
		np += jobs[k].n;
	paths = malloc((np + 2) * sizeof(*paths));
	where = malloc((np + 2) * sizeof(*where));
	if (!paths || !where) {
		free(paths);
		free(where);
		return -1;
	}
	if (pdev_discover_recs(&o->sys, &list, &e) < 0) {
		pdev_recs_free(&list);
		memset(&list, 0, sizeof(list));
		seen = 0;   /* no sysfs: the given devices alone */
	}
	for (k = 0, q = 0; k < nj; k++)
		for (m = 0; m < jobs[k].n; m++)
			paths[q++] = jobs[k].paths[m];
	paths[np] = o->original ? o->original : "";
	paths[np + 1] = o->keep ? o->keep : "";
	if (pdev_recs_locate(&o->sys, &list, paths, np + 2, where, &added, &e) < 0) {
		free(paths);
		free(where);
		pdev_recs_free(&list);
		return -1;
	}
	memset(&jo, 0, sizeof(jo));
	jo.sys = &o->sys;
	jo.original = o->original;
	jo.keep = o->keep;
	jo.whole_host = seen && !added;
	jo.n_given = np;
	jo.n_host = list.n - added;
	jo.journal_dir = o->journal_dir;
	jo.use_xe = access("/etc/xensource-inventory", F_OK) == 0;
	jo.vg_only = 1; /* each job reads its own VG's contents itself */
	if (judge_run_recs(&list, &jo, scan, &j, &e) < 0) {
		free(paths);
		free(where);
		return -1;
	}
	if (o->original && j.original_idx < 0) {
		fprintf(stderr, TOOL ": --original %s: not a LUN among the %u judged (no such "
			"device, or not readable); nothing written\n", o->original, j.n);
		code = RL_EXIT_USAGE;
	} else if (o->keep && j.keep_idx < 0) {
		fprintf(stderr, TOOL ": --keep %s: not a LUN among the %u judged (no such device, "
			"or not readable); nothing written\n", o->keep, j.n);
		code = RL_EXIT_USAGE;
	} else if (j.conflict && !o->force) {
		fprintf(stderr, TOOL ": refused: %s. Check which LUN is the original; --force "
			"overrides; nothing written\n", j.conflict);
		code = RL_EXIT_ORIGINAL;
	}
	for (q = 0; !code && q < np; q++) {
		const struct plun *l;

		if (where[q] < 0 || (unsigned)where[q] >= j.n)
			continue;
		l = &j.luns[where[q]];
		if (l->verdict == V_INTERRUPTED) {
			/* before its label is read: a half-written one is the
			 * journal's to repair, not pvck's */
			fprintf(stderr, TOOL ": refused: a resign of %s was interrupted: journal %s "
				"is pending. Run relun-resign --recover %s first; nothing written\n",
				paths[q], l->journal, l->journal);
			code = RL_EXIT_JOURNAL;
		} else if (l->path_of >= 0) {
			const struct pdev_rec *to = &j.luns[l->path_of].dev;
			char use[300];

			/* a map by the name an admin types */
			if (to->kind != PDEV_MPATH ||
			    rl_sysfs_read_str(&o->sys, use + 12, sizeof(use) - 12, "block/%s/dm/name",
					      to->name) <= 0)
				snprintf(use, sizeof(use), "%s", to->path);
			else
				memcpy(use, "/dev/mapper/", 12);
			fprintf(stderr, TOOL ": refused: %s is %s; give %s instead (once); nothing "
				"written\n", paths[q], l->reason, use);
			code = RL_EXIT_BUSY;
		}
	}
	for (k = 0, q = 0; !code && k < nj; k++)
		for (m = 0; m < jobs[k].n; m++, q++) {
			struct rl_job_verdict *v = &jobs[k].verdicts[m];
			const struct plun *l;

			if (where[q] < 0 || (unsigned)where[q] >= j.n)
				continue;
			l = &j.luns[where[q]];
			v->found = 1;
			v->verdict = l->verdict;
			v->unique = l->unique;
			v->ev = l->ev;
			snprintf(v->reason, sizeof(v->reason), "%s", l->reason);
		}
	free(paths);
	free(where);
	/* VG names in use on this host: a derived name must avoid them */
	*taken = calloc(j.n_copies + 1, sizeof(**taken));
	for (k = 0; *taken && k < j.n_copies; k++)
		if (j.copies[k].read_ok && j.copies[k].vg->vg)
			(*taken)[(*n_taken)++] = strdup(j.copies[k].vg->vg->name);
	judge_free(&j);
	return code;
}

/* The same device named twice (a symlink, /dev/dm-N and /dev/mapper/X, the
 * same path again) is one device: later names are dropped, with a note. */
/* The file behind a loop device (stat'ed into st), so a loop device and
 * its own image given together are seen as one LUN; 0 if none. */
static int loop_backing(const struct rl_sysfs *sys, dev_t rdev, struct stat *st)
{
	char file[4096];

	return rl_sysfs_read_str(sys, file, sizeof(file), "dev/block/%u:%u/loop/backing_file",
				 major(rdev), minor(rdev)) > 0 && stat(file, st) == 0;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return !S_ISBLK(a->st_mode) && !S_ISBLK(b->st_mode) && a->st_dev == b->st_dev &&
	       a->st_ino == b->st_ino;
}

/* One LUN, one transaction: the same device (or file) given twice is run
 * once, with a note.  A loop device and its own image file are two ways
 * into one LUN that would be resigned twice, one on top of the other:
 * refused (-1) before anything is read. */
static int dedupe(struct opts *o)
{
	struct stat *st = calloc((size_t)o->n_devs + 1, sizeof(*st));
	struct stat *id = calloc((size_t)o->n_devs + 1, sizeof(*id));
	int *ok = calloc((size_t)o->n_devs + 1, sizeof(*ok));
	int i, k, n = 0, rc = 0;

	if (!st || !id || !ok) {
		free(st);
		free(id);
		free(ok);
		return 0;
	}
	for (i = 0; i < o->n_devs && !rc; i++) {
		int dup = -1;
		struct stat s, b;

		if (stat(o->devs[i], &s) == 0)
			for (k = 0; k < n && dup < 0; k++)
				if (ok[k] && (S_ISBLK(s.st_mode) ? S_ISBLK(st[k].st_mode) &&
					      st[k].st_rdev == s.st_rdev :
					      st[k].st_dev == s.st_dev && st[k].st_ino == s.st_ino))
					dup = k;
		if (dup >= 0) {
			fprintf(stderr, TOOL ": note: %s is %s, given already; one transaction\n",
				o->devs[i], o->devs[dup]);
			continue;
		}
		ok[n] = stat(o->devs[i], &st[n]) == 0;
		id[n] = st[n];
		if (ok[n] && S_ISBLK(st[n].st_mode) && loop_backing(&o->sys, st[n].st_rdev, &b))
			id[n] = b;
		/* a loop device and its image; two loop devices over one file
		 * are two paths of one LUN, which the judge refuses (exit 5) */
		for (k = 0; ok[n] && k < n; k++)
			if (ok[k] && S_ISBLK(st[k].st_mode) != S_ISBLK(st[n].st_mode) &&
			    same_file(&id[k], &id[n])) {
				fprintf(stderr, TOOL ": %s and %s are the same LUN (a loop device and "
					"its image file); give each LUN once; nothing written\n",
					o->devs[k], o->devs[i]);
				rc = -1;
				break;
			}
		o->devs[n++] = o->devs[i];
	}
	o->n_devs = n;
	free(st);
	free(id);
	free(ok);
	return rc;
}

/* ---- running the jobs ---- */

static json_object *run_one(const struct jobdef *jd, const struct rl_job_opts *jo, int *code)
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
static void run_parallel(struct jobdef *jobs, unsigned nj, const struct rl_job_opts *jo, int maxp,
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

int main(int argc, char **argv)
{
	struct opts o;
	struct rl_job_opts jo;
	struct rl_refusal r = { 0, "" };
	struct rl_wcount count;
	struct jobdef *jobs;
	json_object **res;
	int *codes, code = RL_EXIT_OK;
	char **taken = NULL;
	struct rl_blkindex *blkix = NULL;
	struct timespec t0, *timing = NULL;
	struct rl_jscan jscan, *scan = NULL;
	struct rl_progress pg;
	struct rl_err jerr;
	struct rl_runlock lock;
	char skip_tag[32], tag[64];
	size_t n_taken = 0, t;
	unsigned nj, k;

	if (parse(argc, argv, &o) < 0) {
		fprintf(stderr, "Try '" TOOL " --help'.\n");
		return RL_EXIT_USAGE;
	}
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

	jobs = calloc((size_t)o.n_devs, sizeof(*jobs));
	if (!jobs) {
		rl_runlock_release(&lock);
		return RL_EXIT_FAIL;
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
	if (dedupe(&o) < 0) {
		free(jobs);
		if (scan)
			rl_jscan_free(scan);
		rl_runlock_release(&lock);
		return RL_EXIT_USAGE;
	}
	nj = group(&o, jobs);
	phase(timing, "group");
	if (nj > 1 && (o.sr_uuid || o.vg_name)) {
		fprintf(stderr, TOOL ": --sr-uuid and --vg-name need exactly one VG copy; %u given\n", nj);
		jobs_free(jobs, nj);
		rl_runlock_release(&lock);
		return RL_EXIT_USAGE;
	}
	code = judge_all(&o, scan, jobs, nj, &taken, &n_taken);
	if (code < 0)
		fprintf(stderr, TOOL ": warning: could not compare with the other LUNs of this host\n");
	if (code > 0) {
		for (t = 0; t < n_taken; t++)
			free(taken[t]);
		free(taken);
		jobs_free(jobs, nj);
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
	jo.want_text = !o.json;
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
	if (o.jobs > 1 && nj > 1 && !o.attach_only) {
		run_parallel(jobs, nj, &jo, o.jobs, res, codes, &pg);
	} else {
		for (k = 0; k < nj; k++) {
			snprintf(tag, sizeof(tag), "%s%u", skip_tag, k + 1);
			jo.journal_tag = tag;
			jo.batch_index = k + 1;
			if (!o.attach_only || !(res[k] = rl_attach_only_refusal(jobs[k].paths, jobs[k].n,
										  jobs[k].verdicts, &codes[k])))
				res[k] = run_one(&jobs[k], &jo, &codes[k]);
			rl_progress_step(&pg, jobs[k].n, codes[k] ? jobs[k].n : 0);
		}
	}
	rl_progress_end(&pg);
	phase(timing, "jobs");
	rl_batch_verify((void **)res, codes, nj, &jo);
	phase(timing, "lvm check");
	if (o.xe_script && !o.dry_run)
		rl_attach_write_or_warn(o.xe_script, (void *const *)res, codes, nj, TOOL " " PACKAGE_VERSION);
	if (o.json) {
		json_object *top = json_object_new_object(), *arr = json_object_new_array();

		json_object_object_add(top, "tool", json_object_new_string(TOOL));
		json_object_object_add(top, "version", json_object_new_string(PACKAGE_VERSION));
		json_object_object_add(top, "dry_run", json_object_new_boolean(o.dry_run));
		for (k = 0; k < nj; k++)
			json_object_array_add(arr, json_object_get(res[k]));
		json_object_object_add(top, "results", arr);
		json_object_object_add(top, "summary", rl_summary_json((void *const *)res, nj));
		for (k = 0; k < nj; k++)
			if (codes[k])
				code = nj == 1 ? codes[k] : RL_EXIT_FAIL;
		json_object_object_add(top, "exit_code", json_object_new_int(code));
		print_json(top);
		json_object_put(top);
	} else {
		for (k = 0; k < nj && !o.verbose; k++)
			if (codes[k])
				code = nj == 1 ? codes[k] : RL_EXIT_FAIL;
		if (!o.verbose)
			rl_report_table((void *const *)res, nj, &o.table, stdout);
		for (k = 0; k < nj && o.verbose; k++) {
			/* failures to stderr, in argument order with the rest */
			fflush(stdout);
			rl_report_job_text(res[k], codes[k] ? stderr : stdout);
			if (codes[k])
				code = nj == 1 ? codes[k] : RL_EXIT_FAIL;
		}
		if (nj > 1 && o.verbose) {
			json_object *sum = rl_summary_json((void *const *)res, nj);

			rl_summary_text(sum, stdout);
			json_object_put(sum);
		}
	}
	for (k = 0; k < nj; k++)
		json_object_put(res[k]);
	for (t = 0; t < n_taken; t++)
		free(taken[t]);
	free(taken);
	free(res);
	free(codes);
	jobs_free(jobs, nj);
	rl_blkindex_free(blkix);
	if (scan)
		rl_jscan_free(scan);
	rl_runlock_release(&lock);
	return code;
}
