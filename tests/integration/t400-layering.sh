#!/usr/bin/env bash
# The layers hold (scripts/layers): no #include points up a layer (lib <
# core < the tools) or across to another tool's directory, relun-probe
# imports no call that writes, relun-sg does not need liblvm2cmd, and lib/
# does no I/O.  The check passes on the tree, and fails, naming file:line,
# on a copy of the tree given a wrong include of each kind; the binary
# checks fail on small programs built to break them.
. "$(dirname "$0")/../lib/tap.sh"
plan 21
relun_tools
L=$TOP/scripts/layers
BD=$(dirname "$PROBE")

# the tree as it is
"$L" --build "$BD" >"$TMPD/tree.out" 2>&1
is "$?" 0 "scripts/layers passes on the tree"
is "$(tail -1 "$TMPD/tree.out" | sed 's/[0-9]* include lines/N include lines/')" \
	"layers: N include lines, 0 problems" "the tree: 0 problems"
row() { awk -v r="$1" '$1 == r { print $2, $3, $4, $5, $6 }' "$TMPD/tree.out"; }
is "$(sed -n 2p "$TMPD/tree.out" | tr -s ' ')" "from\\to lib core sg probe resign config total" \
	"the table's columns: the layers, then config.h"
like "$(row lib)" '^[0-9]+ \. \. \. \.$' "lib/ includes lib/ headers only"
like "$(row core)" '^[0-9]+ [0-9]+ \. \. \.$' "core/ includes lib/ and core/ headers only"
like "$(row sg) / $(row probe) / $(row resign)" \
	'^[0-9.]+ [0-9.]+ [0-9.]+ \. \. / [0-9.]+ [0-9.]+ \. [0-9.]+ \. / [0-9.]+ [0-9.]+ \. \. [0-9.]+$' \
	"each tool includes lib/, core/ and its own headers only"
"$L" --no-build --verbose >"$TMPD/verbose.out" 2>&1
like "$(grep -F '  core/judge.c:1 -> ' "$TMPD/verbose.out")" '^  core/judge\.c:1 -> core/judge\.h \(core -> core\)$' \
	"--verbose lists every edge as file:line -> header (layers)"

# a copy of the tree, then a wrong include of each kind in it
C=$TMPD/tree
mkdir -p "$C/scripts"
cp -r "$TOP/lib" "$TOP/core" "$TOP/sg" "$TOP/probe" "$TOP/resign" "$C/"
cp "$L" "$C/scripts/"
"$C/scripts/layers" --no-build >"$TMPD/copy.out" 2>&1
is "$?" 0 "the copy passes before it is broken"
# add_include FILE HEADER: a new include line after FILE's first include; prints its line number
add_include() {
	local n; n=$(grep -n '^#include' "$C/$1" | head -1 | cut -d: -f1)
	sed -i "${n}a #include \"$2\"" "$C/$1"
	echo $((n + 1))
}
lj=$(add_include core/judge.c journal.h)
lm=$(add_include lib/mgt.c rl_blockio.h)
ls=$(add_include sg/sg_ident_json.c report.h)
lr=$(add_include resign/summary.c ../probe/report.h)
# an include the compiler never sees (in a comment) is no edge
printf '/*\n#include "journal.h"\n */\n' >>"$C/core/locate.c"
"$C/scripts/layers" --no-build >"$TMPD/broken.out" 2>&1
is "$?" 1 "the broken copy fails (exit 1)"
has() { grep -qxF -- "$1" "$TMPD/broken.out" && echo yes || { echo no; diag "wanted: $1"; }; }
is "$(has "FAIL core/judge.c:$lj: includes resign/journal.h: resign/ is above core/ (arrows point down only)")" yes \
	"core/judge.c including journal.h: resign/ is above core/, at its file:line"
is "$(has "FAIL lib/mgt.c:$lm: includes core/rl_blockio.h: core/ is above lib/ (arrows point down only)")" yes \
	"lib/mgt.c including rl_blockio.h: core/ is above lib/, at its file:line"
is "$(has "FAIL sg/sg_ident_json.c:$ls: includes probe/report.h: sg/ may not use another tool's probe/")" yes \
	"sg/ including probe's report.h: another tool, at its file:line"
is "$(has "FAIL resign/summary.c:$lr: includes probe/report.h: resign/ may not use another tool's probe/")" yes \
	"resign/ including ../probe/report.h by path: another tool, at its file:line"
is "$(grep -c '^FAIL' "$TMPD/broken.out") $(tail -1 "$TMPD/broken.out" | sed 's/[0-9]* include lines/N include lines/')" \
	"4 layers: N include lines, 4 problems" "those four, nothing else (not the include in a comment)"

# binaries that break the binary checks
F=$TMPD/fake
mkdir -p "$F"
cat >"$F/probe.c" <<'EOF'
#include <fcntl.h>
#include <unistd.h>
int main(void) { int fd = open("x", O_RDWR); pwrite(fd, "x", 1, 0); return fsync(fd); }
EOF
cat >"$F/sg.c" <<'EOF'
int main(void) { return 0; }
EOF
cat >"$F/io.c" <<'EOF'
#include <fcntl.h>
int fake_io(const char *p) { return open(p, O_RDONLY); }
EOF
cc -D_FILE_OFFSET_BITS=64 -o "$F/relun-probe" "$F/probe.c" &&
	cc -o "$F/relun-sg" "$F/sg.c" -Wl,--no-as-needed $(pkg-config --libs devmapper 2>/dev/null) -llvm2cmd &&
	cc -D_FILE_OFFSET_BITS=64 -c -o "$F/fake_io.o" "$F/io.c" && ar rcs "$F/librelun.a" "$F/fake_io.o"
is "$?" 0 "built a probe that writes, an sg that needs liblvm2cmd, a lib that opens a file"
"$L" --build "$F" >"$TMPD/fake.out" 2>&1
is "$?" 1 "the binary checks fail on them (exit 1)"
is "$(grep -E '^FAIL .*relun-probe imports' "$TMPD/fake.out" | sed "s|$F/||" | tr '\n' ';')" \
	"FAIL relun-probe imports fsync: relun-probe must not write;FAIL relun-probe imports pwrite64: relun-probe must not write;" \
	"relun-probe importing pwrite64 and fsync is named"
like "$(grep -E '^FAIL .*relun-sg needs' "$TMPD/fake.out" | sed "s|$F/||")" '^FAIL relun-sg needs liblvm2cmd\.so\.[0-9.]+$' \
	"relun-sg needing liblvm2cmd is named"
is "$(grep -E '^FAIL lib/' "$TMPD/fake.out")" "FAIL lib/fake_io.o imports open64: lib/ does no I/O" \
	"a lib/ object calling open is named"

# the same facts read directly from the real binaries
is "$(nm -D --undefined-only "$PROBE" | awk '{print $2}' | sed 's/@.*//' |
	grep -xE 'write|pwrite(64)?|fsync|fdatasync|unlink(at)?|mkdir(at)?|rename(at2?)?|link|flock|syscall' | tr '\n' ' ')" \
	"" "relun-probe imports no write, pwrite, fsync, unlink, mkdir, rename, link, flock (nm -D)"
is "$(readelf -d "$SG" | grep -c 'NEEDED.*liblvm2cmd')" 0 "relun-sg does not need liblvm2cmd (readelf -d)"
done_testing
