#!/usr/bin/env bash
# make dist: a release tarball with a generated configure that builds with
# only a C compiler, make, pkg-config and the -devel packages.  It is
# unpacked and built with every autotools program taken out of PATH, as on
# a XenServer dom0, and the user's build carries no -Werror.
. "$(dirname "$0")/../lib/tap.sh"
plan 14
ver=$(sed -n 's/^AC_INIT(\[relun\], \[\([^]]*\)\].*/\1/p' "$TOP/configure.ac")
tgz=relun-$ver.tar.gz

make -C "$TOP" --no-print-directory B="$TMPD/b" dist >"$TMPD/dist.log" 2>&1
is "$?" 0 "make dist exits 0"
mv "$TOP/$tgz" "$TMPD/" 2>/dev/null
ok $? "make dist wrote $tgz"
tar -tzf "$TMPD/$tgz" | sed "s|^relun-$ver/||" | grep -v '^$' | sort >"$TMPD/list"
(cd "$TOP" && git ls-files | sort) >"$TMPD/tracked"
is "$(comm -13 "$TMPD/list" "$TMPD/tracked" | tr '\n' ' ')" "" "every tracked file is in the tarball"
is "$(comm -23 "$TMPD/list" "$TMPD/tracked" | grep -v '/$' | grep -vxE 'aclocal.m4|configure|config.h.in' |
	tr '\n' ' ')" "" "beyond them only configure, config.h.in and aclocal.m4 (no config.mk, no build/)"
is "$(sed -n 's/^Version: *//p' "$TOP/relun.spec")" "$ver" "relun.spec's Version is configure.ac's"

# PATH without autotools: every other program of the usual directories
mkdir -p "$TMPD/bin"
for d in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
	for f in "$d"/*; do
		n=${f##*/}
		case $n in
		autoconf|autoreconf|autoheader|autom4te|autoscan|autoupdate|automake|automake-*|\
		aclocal|aclocal-*|ifnames|libtoolize|m4) continue ;;
		esac
		[ -x "$f" ] && [ ! -e "$TMPD/bin/$n" ] && ln -s "$f" "$TMPD/bin/$n"
	done
done
noauto=$TMPD/bin
PATH=$noauto command -v autoreconf >/dev/null
is "$?" 1 "no autoreconf in the build's PATH"

tar -xzf "$TMPD/$tgz" -C "$TMPD"
src=$TMPD/relun-$ver
sum_before=$(sha "$src/configure")
(cd "$src" && PATH=$noauto ./configure >"$TMPD/configure.log" 2>&1)
is "$?" 0 "./configure exits 0 without autotools"
(cd "$src" && PATH=$noauto nice -n 10 make -j2 >"$TMPD/make.log" 2>&1)
is "$?" 0 "make exits 0 without autotools"
is "$(ls "$src"/build/relun-sg "$src"/build/relun-probe "$src"/build/relun-resign 2>/dev/null | wc -l)" 3 \
	"the three tools are built"
is "$(sha "$src/configure" 2>/dev/null):${#sum_before}" "$sum_before:64" "configure is the shipped one (not regenerated)"
ok "$([ -f "$src/config.mk" ] && [ ! -e "$src/autom4te.cache" ]; echo $?)" "autoreconf never ran (no autom4te.cache)"
n_cc=$(grep -cE '^(gcc|cc) ' "$TMPD/make.log" 2>/dev/null)
n_we=$(grep -E '^(gcc|cc) ' "$TMPD/make.log" 2>/dev/null | grep -c -- '-Werror')
is "${n_cc:-0}>0:${n_we:-0}" "$([ "${n_cc:-0}" -gt 0 ] && echo "$n_cc")>0:0" "a user's build has no -Werror"
"$src/build/relun-sg" --help >/dev/null 2>&1
is "$?" 0 "the built relun-sg runs"
(cd "$src" && PATH=$noauto make >"$TMPD/make2.log" 2>&1)
like "$(cat "$TMPD/make2.log")" "Nothing to be done|is up to date" "a second make does nothing (no configure loop)"
done_testing
