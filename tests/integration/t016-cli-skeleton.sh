#!/usr/bin/env bash
# The three tools share one command line (core/rl_cli.c): --version prints
# "TOOL VERSION", --help the usage on stdout, and an unknown option or a
# missing argument prints getopt's message and "Try 'TOOL --help'.", exit 2,
# before any device is looked at.
. "$(dirname "$0")/../lib/tap.sh"
plan 15
relun_tools
ver=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$TOP/config.h")
for t in sg probe resign; do
	case $t in
	sg) bin=$SG name=relun-sg arg=--profile ;;
	probe) bin=$PROBE name=relun-probe arg=--journal-dir ;;
	resign) bin=$RESIGN_REAL name=relun-resign arg=--scope ;;
	esac
	out=$("$bin" --version 2>&1); rc=$?
	is "$rc:$out" "0:$name $ver" "$name --version"
	out=$("$bin" --help 2>/dev/null | head -1); rc=${PIPESTATUS[0]}
	like "$rc:$out" "^0:Usage: $name " "$name --help: the usage on stdout, exit 0"
	out=$("$bin" --bogus /dev/null 2>&1 >/dev/null); rc=$?
	is "$rc:$out" "2:$bin: unrecognized option '--bogus'
Try '$name --help'." "$name --bogus: usage error"
	out=$("$bin" -Z /dev/null 2>&1 >/dev/null); rc=$?
	is "$rc:$out" "2:$bin: invalid option -- 'Z'
Try '$name --help'." "$name -Z: usage error"
	out=$("$bin" "$arg" 2>&1 >/dev/null); rc=$?
	is "$rc:$out" "2:$bin: option '$arg' requires an argument
Try '$name --help'." "$name $arg without its argument: usage error"
done
done_testing
