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
#include "journal.h"
#include "judge.h"
#include "report.h"
#include "report_table.h"

struct probe_ctl {
	int json, verbose, no_xe, noheadings;
	const char *output, *separator;
	const char *original;
	const char *journal_dir;
	const char *sysroot;
};

static void usage(FILE *f)
{
	fputs("Usage: relun-probe [options] [DEVICE|IMAGE...]\n"
	      "\n"
	      "Find LVM physical volumes and judge each LUN: original, clone, duplicate,\n"
	      "path, interrupted, damaged, not-lvm or unreadable, with the reason and\n"
	      "whether relun-resign can give it a new identity.  Reads only; activates\n"
	      "nothing.  Without arguments, every whole disk, loop device and multipath\n"
	      "map on the host is probed.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json              machine-readable output (keys in relun-probe(8))\n"
	      "  -v, --verbose           the detailed view of each LUN; -vv also dumps the\n"
	      "                          label and metadata area headers\n"
	      "      --output FIELD,...  the table's columns (+FIELD,... adds to the\n"
	      "                          default): device, verdict, sr, vg, vdis, resign,\n"
	      "                          identity, reason\n"
	      "      --noheadings        no heading line (and no summary)\n"
	      "      --separator S       columns separated by S, not aligned (no summary)\n"
	      "  -o, --original DEV      DEV is the original; other copies are clones\n"
	      "      --journal-dir DIR   where relun-resign journals live\n"
	      "                          (default " RL_JOURNAL_DEFAULT_DIR ")\n"
	      "      --no-xe             do not ask xe for the pool's record of an SR\n"
	      "  -h, --help              show this help\n"
	      "  -V, --version           show the version\n"
	      "\n"
	      "Exit status: 0 every LUN read and sound; 6 some LUN damaged (label,\n"
	      "metadata, MGT or VHD headers); 4 some device missing or unreadable;\n"
	      "2 usage error.\n", f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "original", required_argument, NULL, 'o' },
		{ "journal-dir", required_argument, NULL, 'J' },
		{ "no-xe", no_argument, NULL, 'X' },
		{ "sysroot", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "output", required_argument, NULL, 'O' },
		{ "noheadings", no_argument, NULL, 'N' },
		{ "separator", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct probe_ctl ctl = { .journal_dir = RL_JOURNAL_DEFAULT_DIR, .sysroot = "" };
	struct judge_opts jo;
	struct pdev_recs devs = { NULL, 0, 0 };
	struct judge j;
	struct report_json rj;
	struct probe_table tbl;
	struct rl_err e;
	char msg[800];
	int c, rc = RL_EXIT_OK, i;
	unsigned k;

	rl_raise_fd_limit();
	while ((c = getopt_long(argc, argv, "jvo:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j': ctl.json = 1; break;
		case 'v': ctl.verbose++; break;
		case 'O': ctl.output = optarg; break;
		case 'N': ctl.noheadings = 1; break;
		case 'P': ctl.separator = optarg; break;
		case 'o': ctl.original = optarg; break;
		case 'J': ctl.journal_dir = optarg; break;
		case 'X': ctl.no_xe = 1; break;
		case 'S': ctl.sysroot = optarg; break;
		case 'h': usage(stdout); return RL_EXIT_OK;
		case 'V': printf("relun-probe %s\n", PACKAGE_VERSION); return RL_EXIT_OK;
		default: usage(stderr); return RL_EXIT_USAGE;
		}
	}
	/* the table unless -v or --json (report_table.c): its fields checked
	 * before any work */
	if (probe_table_init(&tbl, ctl.output) < 0)
		return RL_EXIT_USAGE;
	probe_table_free(&tbl);
	rl_err_init(&e, NULL);
	if (optind == argc) {
		if (pdev_discover_recs(ctl.sysroot, &devs, &e) < 0) {
			fprintf(stderr, "relun-probe: %s\n", rl_err_str(&e, msg, sizeof(msg)));
			return RL_EXIT_NODEV;
		}
	} else {
		/* one struct pdev (18 KiB) to fill in, each device kept packed */
		struct pdev *scratch = malloc(sizeof(*scratch));

		devs.cap = (unsigned)(argc - optind);
		devs.v = calloc(devs.cap, sizeof(*devs.v));
		if (!devs.v || !scratch) {
			fprintf(stderr, "relun-probe: out of memory\n");
			return RL_EXIT_FAIL;
		}
		for (i = optind; i < argc; i++) {
			if (pdev_from_path(ctl.sysroot, argv[i], scratch, &e) < 0) {
				fprintf(stderr, "relun-probe: %s\n", rl_err_str(&e, msg, sizeof(msg)));
				rc = RL_EXIT_NODEV;
				continue;
			}
			if (pdev_recs_add(&devs, scratch) < 0) {
				fprintf(stderr, "relun-probe: out of memory\n");
				return RL_EXIT_FAIL;
			}
		}
		free(scratch);
	}
	memset(&jo, 0, sizeof(jo));
	jo.sysroot = ctl.sysroot;
	jo.original = ctl.original;
	jo.journal_dir = ctl.journal_dir;
	jo.use_xe = !ctl.no_xe;
	jo.lazy_content = 1;
	if (judge_run_recs(&devs, &jo, NULL, &j, &e) < 0) {
		fprintf(stderr, "relun-probe: %s\n", rl_err_str(&e, msg, sizeof(msg)));
		return RL_EXIT_FAIL;
	}
	probe_table_init(&tbl, ctl.output);
	tbl.noheadings = ctl.noheadings;
	tbl.separator = ctl.separator;
	/* LUN by LUN: each copy's contents are read for its first LUN's
	 * report and let go after its last one's */
	if (ctl.json)
		report_json_begin(&rj, stdout);
	for (k = 0; k < j.n; k++) {
		const struct plun *l = &j.luns[k];
		int copy_damaged;

		judge_lun_open(&j, k);
		if (ctl.json)
			report_json_lun(&rj, &j, k);
		else if (ctl.verbose)
			report_text_lun(&j, k, ctl.verbose > 1, stdout);
		else {
			struct json_object *lo = report_json_lun_object(&j, k);

			probe_table_lun(&tbl, lo);
			json_object_put(lo);
		}
		copy_damaged = l->copy >= 0 && j.copies[l->copy].damaged;
		if (l->verdict == V_UNREADABLE)
			rc = RL_EXIT_NODEV;
		else if ((l->verdict == V_DAMAGED || copy_damaged) && rc == RL_EXIT_OK)
			rc = RL_EXIT_DAMAGED;
		judge_lun_close(&j, k);
	}
	if (ctl.json)
		report_json_end(&rj);
	if (!ctl.json && !ctl.verbose)
		probe_table_end(&tbl, stdout);
	probe_table_free(&tbl);
	judge_free(&j);
	return rc;
}
