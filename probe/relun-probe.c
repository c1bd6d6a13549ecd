/* relun-probe: find LVM PVs, read every identity a cloned SR carries, group
 * paths and copies, and give each LUN a verdict with its reason.  Never
 * writes, never opens O_EXCL, activates nothing. */
#include "config.h"

#include <getopt.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"
#include "exitcodes.h"
#include "journal_name.h"
#include "judge.h"
#include "report.h"
#include "report_table.h"
#include "rl_cli.h"
#include "sysfs.h"

struct probe_ctl {
	int json, verbose, no_xe, noheadings;
	const char *output, *separator;
	const char *original, *keep;
	const char *journal_dir;
	struct rl_sysfs sys;
};

static const char usage_text[] =
	      "Usage: relun-probe [options] [DEVICE|IMAGE...]\n"
	      "\n"
	      "Find LVM physical volumes and judge each LUN: original, clone, duplicate,\n"
	      "path, interrupted, damaged, not-lvm or unreadable, with the reason and\n"
	      "whether relun-resign can give it a new identity.  Reads only; activates\n"
	      "nothing.  Without arguments, every whole disk, loop device and multipath\n"
	      "map on the host is probed; with arguments, every LUN of the host is still\n"
	      "weighed and the named ones are reported.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json              machine-readable output (keys in relun-probe(8))\n"
	      "  -v, --verbose           the detailed view of each LUN; -vv also dumps the\n"
	      "                          label and metadata area headers\n"
	      "  -o, --options FIELD,... the table's columns (+FIELD,... adds to the\n"
	      "                          default): device, verdict, sr, vg, vdis, resign,\n"
	      "                          identity, reason (--output is the same)\n"
	      "      --noheadings        no heading line (and no summary)\n"
	      "      --separator S       columns separated by S, not aligned (no summary)\n"
	      "      --original DEV      DEV is the original; other copies are clones\n"
	      "                          (exit 9 when the recorded evidence says otherwise)\n"
	      "      --keep DEV          the original is absent: DEV keeps the identity,\n"
	      "                          the other copies are clones\n"
	      "      --journal-dir DIR   where relun-resign journals live\n"
	      "                          (default " RL_JOURNAL_DEFAULT_DIR ")\n"
	      "      --no-xe             do not ask xe for the pool's record of an SR\n"
	      "      --sysroot DIR       read DIR/sys instead of /sys (a copied or fake\n"
	      "                          sysfs tree); devices found there are named\n"
	      "                          /dev/NAME, given ones are opened as given\n"
	      "  -h, --help              show this help\n"
	      "  -V, --version           show the version\n"
	      "\n"
	      "Exit status: 0 every LUN read and sound; 6 some LUN damaged (label,\n"
	      "metadata, MGT or VHD headers); 4 some device missing or unreadable;\n"
	      "9 --original/--keep contradicts the recorded evidence; 2 usage error.\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "original", required_argument, NULL, 'R' },
		{ "keep", required_argument, NULL, 'k' },
		{ "journal-dir", required_argument, NULL, 'J' },
		{ "no-xe", no_argument, NULL, 'X' },
		{ "sysroot", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "options", required_argument, NULL, 'O' },
		{ "output", required_argument, NULL, 'O' },
		{ "noheadings", no_argument, NULL, 'N' },
		{ "separator", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct rl_cli cli = { "relun-probe", usage_text, "jvo:hV", opts };
	struct probe_ctl ctl = { .journal_dir = RL_JOURNAL_DEFAULT_DIR };
	struct judge_opts jo;
	struct pdev_recs devs = { NULL, 0, 0 };
	struct judge j;
	struct report_json rj;
	struct probe_table tbl;
	struct rl_err e;
	char msg[800];
	int c, rc = RL_EXIT_OK, i, seen = 1, *where;
	unsigned k, added = 0, n_given, n_unreadable = 0, n_denied = 0, n_reported = 0;
	char *report;
	unsigned *order, n_order = 0, r;

	rl_raise_fd_limit();
	while ((c = rl_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'j': ctl.json = 1; break;
		case 'v': ctl.verbose++; break;
		case 'o':
		case 'O': ctl.output = optarg; break;
		case 'N': ctl.noheadings = 1; break;
		case 'P': ctl.separator = optarg; break;
		case 'R': ctl.original = optarg; break;
		case 'k': ctl.keep = optarg; break;
		case 'J': ctl.journal_dir = optarg; break;
		case 'X': ctl.no_xe = 1; break;
		case 'S':
			if (rl_sysfs_init(&ctl.sys, optarg) < 0) {
				fprintf(stderr, "relun-probe: --sysroot: path too long\n");
				return RL_EXIT_USAGE;
			}
			break;
		case RL_CLI_EXIT_OK: return RL_EXIT_OK;
		default: return rl_cli_fail(&cli);
		}
	}
	/* the table unless -v or --json (report_table.c): its fields checked
	 * before any work */
	if (probe_table_init(&tbl, ctl.output) < 0)
		return RL_EXIT_USAGE;
	probe_table_free(&tbl);
	rl_err_init(&e, NULL);
	/* one host, one judgement: every LUN of the host is weighed whatever
	 * is named; the named ones are reported */
	if (pdev_discover_recs(&ctl.sys, &devs, &e) < 0) {
		if (optind == argc) {
			fprintf(stderr, "relun-probe: %s\n", rl_err_str(&e, msg, sizeof(msg)));
			return RL_EXIT_NODEV;
		}
		pdev_recs_free(&devs);
		memset(&devs, 0, sizeof(devs));
		seen = 0;
	}
	{
		unsigned ng = (unsigned)(argc - optind);
		const char **paths = calloc(ng + 2, sizeof(*paths));

		where = calloc(ng + 2, sizeof(*where));
		if (!paths || !where) {
			fprintf(stderr, "relun-probe: out of memory\n");
			return RL_EXIT_FAIL;
		}
		for (i = optind; i < argc; i++)
			paths[i - optind] = argv[i];
		paths[ng] = ctl.original ? ctl.original : "";
		paths[ng + 1] = ctl.keep ? ctl.keep : "";
		if (pdev_recs_locate(&ctl.sys, &devs, paths, ng + 2, where, &added, &e) < 0) {
			fprintf(stderr, "relun-probe: out of memory\n");
			return RL_EXIT_FAIL;
		}
		for (k = 0; k < ng; k++)
			if (where[k] < 0) {
				struct pdev scratch;

				/* say why, as pdev_from_path does */
				rl_err_init(&e, NULL);
				if (pdev_from_path(&ctl.sys, paths[k], &scratch, &e) < 0)
					fprintf(stderr, "relun-probe: %s\n",
						rl_err_str(&e, msg, sizeof(msg)));
				else
					fprintf(stderr, "relun-probe: %s: cannot be found\n", paths[k]);
				rc = RL_EXIT_NODEV;
			}
		n_given = ng;
		free(paths);
	}
	memset(&jo, 0, sizeof(jo));
	jo.sys = &ctl.sys;
	jo.original = ctl.original;
	jo.keep = ctl.keep;
	jo.whole_host = seen && !added;
	jo.n_given = n_given;
	jo.n_host = devs.n - added;
	jo.journal_dir = ctl.journal_dir;
	jo.use_xe = !ctl.no_xe;
	jo.lazy_content = 1;
	if (judge_run_recs(&devs, &jo, NULL, &j, &e) < 0) {
		fprintf(stderr, "relun-probe: %s\n", rl_err_str(&e, msg, sizeof(msg)));
		return RL_EXIT_FAIL;
	}
	if ((ctl.original && j.original_idx < 0) || (ctl.keep && j.keep_idx < 0)) {
		fprintf(stderr, "relun-probe: %s %s: not a LUN among the %u judged\n",
			ctl.original && j.original_idx < 0 ? "--original" : "--keep",
			ctl.original && j.original_idx < 0 ? ctl.original : ctl.keep, j.n);
		judge_free(&j);
		free(where);
		return RL_EXIT_USAGE;
	}
	/* the named LUNs in the order given (each once), else every LUN */
	report = calloc(j.n ? j.n : 1, 1);
	order = calloc(j.n ? j.n : 1, sizeof(*order));
	if (!report || !order) {
		fprintf(stderr, "relun-probe: out of memory\n");
		return RL_EXIT_FAIL;
	}
	for (k = 0; k < n_given; k++)
		if (where[k] >= 0 && (unsigned)where[k] < j.n && !report[where[k]]) {
			report[where[k]] = 1;
			order[n_order++] = (unsigned)where[k];
		}
	for (k = 0; !n_given && k < j.n; k++)
		order[n_order++] = k;
	free(where);
	/* the copies of the next LUNs are read while this one is reported */
	(void)judge_set_order(&j, order, n_order);
	probe_table_init(&tbl, ctl.output);
	tbl.noheadings = ctl.noheadings;
	tbl.separator = ctl.separator;
	/* LUN by LUN: each copy's contents are read for its first LUN's
	 * report and let go after its last one's (read again if a LUN of it
	 * is named after that) */
	if (ctl.json)
		report_json_begin(&rj, stdout);
	for (r = 0; r < n_order; r++) {
		const struct plun *l = &j.luns[order[r]];
		int copy_damaged;

		k = order[r];
		if (judge_lun_open(&j, k) < 0 && !l->pv) {
			fprintf(stderr, "relun-probe: out of memory\n");
			return RL_EXIT_FAIL;
		}
		if (active_dm_on(&ctl.sys, l->dev.name, &j.luns[k].active, &j.luns[k].n_active) < 0)
			j.luns[k].n_active = 0;
		if (l->verdict == V_CLONE && l->pv->vg &&
		    active_dm_has_vg(l->active, l->n_active, l->pv->vg->id))
			fprintf(stderr, "relun-probe: WARNING: LVs of VG %s are ACTIVE on %s, which the "
				"evidence calls a clone (%s): data is being served from the copy. "
				"Deactivate them (vgchange -an with a filter on this device) and "
				"activate the VG on the original\n", l->pv->vg->name, l->dev.path,
				l->active[0].name);
		if (ctl.json)
			report_json_lun(&rj, &j, k);
		else if (ctl.verbose)
			report_text_lun(&j, k, !n_reported, ctl.verbose > 1, stdout);
		else {
			struct json_object *lo = report_json_lun_object(&j, k);

			probe_table_lun(&tbl, lo);
			json_object_put(lo);
		}
		n_reported++;
		copy_damaged = l->copy >= 0 && j.copies[l->copy].damaged;
		if (l->verdict == V_UNREADABLE) {
			rc = RL_EXIT_NODEV;
			n_unreadable++;
			n_denied += l->denied;
		}
		else if ((l->verdict == V_DAMAGED || copy_damaged) && rc == RL_EXIT_OK)
			rc = RL_EXIT_DAMAGED;
		judge_lun_close(&j, k);
	}
	if (ctl.json)
		report_json_end(&rj);
	if (!ctl.json && !ctl.verbose)
		probe_table_end(&tbl, stdout);
	probe_table_free(&tbl);
	if (n_unreadable && n_denied == n_unreadable && geteuid() != 0) {
		fprintf(stderr, "relun-probe: permission denied opening %u device(s): run as root\n",
			n_denied);
		rc = RL_EXIT_NOTROOT;
	}
	if (j.conflict) {
		fprintf(stderr, "relun-probe: %s; the verdicts follow the recorded evidence\n",
			j.conflict);
		rc = RL_EXIT_ORIGINAL;
	}
	free(report);
	free(order);
	judge_free(&j);
	return rc;
}
