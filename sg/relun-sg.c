/* relun-sg: identify LUNs exactly as XenServer does.  Never writes. */
#include "config.h"

#include <getopt.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "rl_cli.h"
#include "rl_err.h"
#include "rl_json.h"
#include "scsi_id.h"
#include "sg_ident.h"
#include "sg_ident_json.h"
#include "sysfs.h"

static const char usage_text[] =
"Usage: relun-sg [OPTION]... DEV...\n"
"       relun-sg [OPTION]... --inhex FILE [--inhex FILE]...\n"
"Identify SCSI LUNs exactly as XenServer does: the SCSIid sm stores (scsi_id -g,\n"
"whitespace runs turned into '_'), the udev form (scsi_id -u), capacity, H:C:T:L,\n"
"transport (iSCSI target, port, IQN, tpgt; FC port names), multipath map and\n"
"paths, ALUA/RDAC state.  Nothing is ever written to a device.\n"
"\n"
"Options:\n"
"  -j, --json             print one JSON document {\"devices\":[...]}\n"
"  -x, --udev             print, per device, exactly what scsi_id -g -x prints\n"
"  -p, --profile NAME     scsi_id to reproduce: xs219 (default; XenServer and\n"
"                         XCP-ng, systemd 219) or systemd (v243 and later)\n"
"  -i, --inhex FILE       decode saved responses instead of a device: sg3_utils\n"
"                         ASCII hex or raw binary, one or more pages per file;\n"
"                         all FILEs describe one device\n"
"      --sysroot DIR      read DIR/sys instead of /sys (a copied or fake sysfs\n"
"                         tree); DEVs are opened as given (--sysfs-root DIR\n"
"                         is the same)\n"
"      --no-sgio          send no SCSI command; use the kernel's sysfs copies\n"
"      --no-alua          skip REPORT TARGET PORT GROUPS and RDAC page C9h\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"JSON keys (per device; unknown values are null):\n"
"  device vendor product revision serial SCSIid scsi_id_g scsi_id_u\n"
"  scsi_id_g_hex profile id_source id_type size_bytes logical_block_size hctl\n"
"  driver transport target port targetIQN tpgt iscsi_session\n"
"  fc{host_wwpn host_wwnn target_wwpn target_wwnn port_id rport port_state}\n"
"  multipath{map uuid dm paths[{device hctl state}]}\n"
"  alua{tpgs port_group relative_port state preferred dh_state access_state\n"
"       groups[{id state preferred ports}] rdac{mode owned preferred state}}\n"
"  udev{ID_SCSI ID_VENDOR ID_VENDOR_ENC ID_MODEL ID_MODEL_ENC ID_REVISION\n"
"       ID_TYPE ID_SERIAL ID_SERIAL_SHORT ID_WWN ID_WWN_VENDOR_EXTENSION\n"
"       ID_WWN_WITH_EXTENSION ID_TARGET_PORT ID_SCSI_SERIAL}\n"
"  warnings error\n"
"  target, port, targetIQN and SCSIid are the device-config keys of\n"
"  xe sr-probe type=lvmoiscsi.\n"
"\n"
"Exit status:\n"
"  0   every device identified (warnings allowed)\n"
"  1   mixed results: see each device's error\n"
"  2   bad options or arguments\n"
"  4   device or --inhex file missing or unreadable\n"
"  6   --inhex file is not valid hex or not INQUIRY data\n"
"  13  not a SCSI device (loop device, image file, NVMe, LV...)\n"
"  14  a SCSI command failed\n"
"\n"
"Examples:\n"
"  relun-sg /dev/sdb\n"
"  relun-sg --json /dev/sdb /dev/sdc /dev/dm-0\n"
"  relun-sg --profile systemd --udev /dev/sdb\n"
"  sg_vpd -p di -HHHH /dev/sdb > di.hex; relun-sg --inhex di.hex\n";

struct result {
	struct sg_ident *id;
	int ok;
	int exit_class;		/* RL_EXIT_* for a failure */
	char error[600];
};

static int exit_class(const struct rl_err *e, const struct sg_ident *id, int inhex)
{
	if (id->scsi_failed)
		return RL_EXIT_SCSI;
	switch (e->code) {
	case RL_E_UNSUPPORTED:
		return RL_EXIT_UNSUPPORTED;
	case RL_E_CORRUPT:
	case RL_E_TOOBIG:
		return inhex ? RL_EXIT_DAMAGED : RL_EXIT_NODEV;
	default:
		return RL_EXIT_NODEV;
	}
}

/* Print s quoted, with \, " and unprintable bytes escaped. */
static void print_quoted(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void line(const char *key, const char *val)
{
	if (val && val[0])
		printf("  %-15s%s\n", key, val);
}

static void print_human(const struct result *r)
{
	const struct sg_ident *id = r->id;
	char buf[256];
	unsigned k;

	printf("%s\n", id->device);
	if (!r->ok) {
		printf("  %-15s%s\n", "error:", r->error);
		for (k = 0; k < id->n_warn; k++)
			printf("  %-15s%s\n", "warning:", id->warn[k]);
		return;
	}
	line("vendor:", id->vendor);
	line("product:", id->product);
	line("revision:", id->revision);
	line("serial:", id->serial);
	printf("  %-15s%s\n", "SCSIid:", id->has_id && id->scsiid[0] ? id->scsiid : "(none)");
	if (id->has_id) {
		printf("  %-15s", "scsi_id -g:");
		print_quoted(id->id.g);
		printf("\n  %-15s%s\n", "scsi_id -u:", id->id.u);
	}
	snprintf(buf, sizeof(buf), "%s (%s)", sg_profile_name(id->id.profile), sg_via_name(id->via));
	line("profile:", buf);
	if (id->size_bytes) {
		snprintf(buf, sizeof(buf), "%llu bytes, %u-byte blocks", (unsigned long long)id->size_bytes,
			 id->logical_block_size);
		line("size:", buf);
	}
	line("hctl:", id->hctl);
	line("driver:", id->driver);
	line("transport:", id->transport);
	if (id->iscsi.present) {
		line("target:", id->iscsi.target);
		line("port:", id->iscsi.port);
		line("targetIQN:", id->iscsi.iqn);
		line("tpgt:", id->iscsi.tpgt);
		line("iscsi session:", id->iscsi.session);
	}
	if (id->fc.present) {
		snprintf(buf, sizeof(buf), "host %s, target %s (%s%s%s)", id->fc.host_wwpn,
			 id->fc.target_wwpn, id->fc.rport, id->fc.port_state[0] ? ", " : "",
			 id->fc.port_state);
		line("fc:", buf);
	}
	if (id->has_mpath) {
		snprintf(buf, sizeof(buf), "%s (%s)", id->mpath.name, id->mpath.dm);
		line("multipath:", buf);
		for (k = 0; k < id->mpath.n_paths; k++) {
			snprintf(buf, sizeof(buf), "%s %s %s", id->mpath.paths[k].device[0] ?
				 id->mpath.paths[k].device : id->mpath.paths[k].devnum,
				 id->mpath.paths[k].hctl[0] ? id->mpath.paths[k].hctl : "-",
				 id->mpath.paths[k].state);
			line("  path:", buf);
		}
	}
	if (id->alua.present) {
		size_t o = (size_t)snprintf(buf, sizeof(buf), "tpgs %s", alua_tpgs_name(id->alua.tpgs));

		if (id->alua.port_group >= 0 && o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, ", group %d", id->alua.port_group);
		if (id->alua.state && o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, " %s", id->alua.state);
		if (id->alua.preferred == 1 && o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, " (preferred)");
		if (id->alua.relative_port >= 0 && o < sizeof(buf))
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, ", relative port %d",
					      id->alua.relative_port);
		if (id->alua.rdac.valid && o < sizeof(buf))
			snprintf(buf + o, sizeof(buf) - o, ", rdac %s %s", id->alua.rdac.mode,
				 id->alua.rdac.owned ? "owned" : "not owned");
		line("alua:", buf);
	}
	for (k = 0; k < id->n_warn; k++)
		printf("  %-15s%s\n", "warning:", id->warn[k]);
}

static int print_json(struct result *res, size_t n)
{
	struct json_object *root = json_object_new_object(), *arr = json_object_new_array();
	size_t k;

	for (k = 0; k < n; k++)
		json_object_array_add(arr, sg_ident_json(res[k].id, res[k].ok ? NULL : res[k].error));
	json_object_object_add(root, "devices", arr);
	rl_json_print(stdout, root, JSON_C_TO_STRING_PRETTY, 1);
	json_object_put(root);
	return 0;
}

static void print_udev(const struct result *r, int first)
{
	char buf[8192];

	if (!first)
		putchar('\n');
	if (!r->ok) {
		fprintf(stderr, "relun-sg: %s: %s\n", r->id->device, r->error);
		return;
	}
	if (scsi_id_export_text(&r->id->id, buf, sizeof(buf)) > 0)
		fputs(buf, stdout);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "udev", no_argument, NULL, 'x' },
		{ "profile", required_argument, NULL, 'p' },
		{ "inhex", required_argument, NULL, 'i' },
		{ "sysroot", required_argument, NULL, 'S' },
		{ "sysfs-root", required_argument, NULL, 'S' },
		{ "no-sgio", no_argument, NULL, 'N' },
		{ "no-alua", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct rl_cli cli = { "relun-sg", usage_text, "jxp:i:hV", longopts };
	struct sg_opts o;
	struct rl_sysfs sys;
	const char **inhex = NULL;
	struct result *res = NULL;
	size_t n_inhex = 0, n_dev, k;
	int c, json = 0, udev = 0, ret, n_ok = 0, cls = -1, mixed = 0;
	struct rl_err e;

	sg_opts_init(&o);
	inhex = calloc((size_t)argc, sizeof(*inhex));
	if (!inhex)
		return RL_EXIT_FAIL;
	while ((c = rl_cli_next(&cli, argc, argv)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'x': udev = 1; break;
		case 'p':
			if (sg_profile_parse(optarg, &o.profile) < 0) {
				fprintf(stderr, "relun-sg: unknown profile '%s' (xs219 or systemd)\n", optarg);
				ret = RL_EXIT_USAGE;
				goto out_args;
			}
			break;
		case 'i': inhex[n_inhex++] = optarg; break;
		case 'S':
			if (rl_sysfs_init(&sys, optarg) < 0) {
				fprintf(stderr, "relun-sg: --sysroot: path too long\n");
				ret = RL_EXIT_USAGE;
				goto out_args;
			}
			o.sys = &sys;
			break;
		case 'N': o.no_sgio = 1; break;
		case 'A': o.no_alua = 1; break;
		case RL_CLI_EXIT_OK: ret = RL_EXIT_OK; goto out_args;
		default: ret = rl_cli_fail(&cli); goto out_args;
		}
	}
	n_dev = (size_t)(argc - optind);
	if (json && udev) {
		fprintf(stderr, "relun-sg: --json and --udev exclude each other\n");
		ret = RL_EXIT_USAGE;
		goto out_args;
	}
	if (n_inhex && n_dev) {
		fprintf(stderr, "relun-sg: give devices or --inhex files, not both\n");
		ret = RL_EXIT_USAGE;
		goto out_args;
	}
	if (!n_inhex && !n_dev) {
		fprintf(stderr, "relun-sg: no device given\n");
		ret = rl_cli_fail(&cli);
		goto out_args;
	}
	if (n_inhex)
		n_dev = 1;
	res = calloc(n_dev, sizeof(*res));
	if (!res)
		return RL_EXIT_FAIL;
	for (k = 0; k < n_dev; k++) {
		res[k].id = malloc(sizeof(*res[k].id));
		if (!res[k].id) {
			fprintf(stderr, "relun-sg: out of memory\n");
			return RL_EXIT_FAIL;
		}
		if (n_inhex)
			ret = sg_identify_inhex(inhex, n_inhex, &o, res[k].id, &e);
		else
			ret = sg_identify(argv[optind + (int)k], &o, res[k].id, &e);
		res[k].ok = ret == 0;
		if (ret == 0) {
			n_ok++;
			continue;
		}
		/* the device is named by its own key/line: keep the message */
		if (n_inhex && e.dev[0] && strcmp(e.dev, res[k].id->device)) {
			char full[900];

			rl_err_str(&e, full, sizeof(full));
			snprintf(res[k].error, sizeof(res[k].error), "%s", full);
		} else if (e.has_off) {
			snprintf(res[k].error, sizeof(res[k].error), "offset %llu: %s",
				 (unsigned long long)e.off, e.msg);
		} else {
			snprintf(res[k].error, sizeof(res[k].error), "%s",
				 e.msg[0] ? e.msg : rl_errcode_name(e.code));
		}
		res[k].exit_class = exit_class(&e, res[k].id, n_inhex > 0);
		if (cls >= 0 && cls != res[k].exit_class)
			mixed = 1;
		cls = res[k].exit_class;
	}

	if (json) {
		print_json(res, n_dev);
	} else {
		for (k = 0; k < n_dev; k++) {
			if (udev) {
				print_udev(&res[k], k == 0);
			} else {
				if (k)
					putchar('\n');
				print_human(&res[k]);
			}
		}
	}
	for (k = 0; k < n_dev; k++)
		free(res[k].id);
	free(res);
	free(inhex);
	if ((size_t)n_ok == n_dev)
		return RL_EXIT_OK;
	if (n_ok || mixed)
		return RL_EXIT_FAIL;
	return cls;
out_args: /* an option error, --help or --version: nothing identified */
	free(inhex);
	return ret;
}
