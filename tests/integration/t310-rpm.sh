#!/usr/bin/env bash
# make rpm: relun.spec built with Debian's rpm (rpmbuild --nodeps, since the
# BuildRequires are CentOS 7 / XCP-ng names).  The package holds what a dom0
# install needs, named as the issue and the FHS say: the tools in /usr/sbin,
# the man pages, the journal directory with mode 0700; it requires the
# CentOS 7 runtime packages, and the source RPM the -devel ones.
. "$(dirname "$0")/../lib/tap.sh"
plan 8
ver=$(sed -n 's/^AC_INIT(\[relun\], \[\([^]]*\)\].*/\1/p' "$TOP/configure.ac")

nice -n 10 make -C "$TOP" --no-print-directory B="$TMPD/b" rpm >"$TMPD/rpm.log" 2>&1
is "$?" 0 "make rpm exits 0"
rpmf=$(ls "$TOP"/relun-"$ver"-*.x86_64.rpm 2>/dev/null | head -1)
srpm=$(ls "$TOP"/relun-"$ver"-*.src.rpm 2>/dev/null | head -1)
mv "$rpmf" "$srpm" "$TOP/relun-$ver.tar.gz" "$TMPD/" 2>/dev/null
rpmf=$TMPD/${rpmf##*/}
srpm=$TMPD/${srpm##*/}
ok "$([ -f "$rpmf" ] && [ -f "$srpm" ]; echo $?)" "a binary and a source RPM"

rpm -qlp "$rpmf" 2>/dev/null | grep -v '^/usr/lib/.build-id' | sed 's/\.gz$//' >"$TMPD/files"
is "$(tr '\n' ' ' <"$TMPD/files")" "/usr/sbin/relun-probe /usr/sbin/relun-resign /usr/sbin/relun-sg \
/usr/share/doc/relun-$ver /usr/share/doc/relun-$ver/README.md /usr/share/man/man7/relun.7 \
/usr/share/man/man8/relun-probe.8 /usr/share/man/man8/relun-resign.8 /usr/share/man/man8/relun-sg.8 \
/var/lib/relun /var/lib/relun/journal " "rpm -qlp: tools, man pages, journal directory"
is "$(rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME} %{FILENAMES}\n]' "$rpmf" 2>/dev/null |
	grep ' /var/lib/relun/journal$')" "drwx------ root /var/lib/relun/journal" "the journal directory is 0700, root's"
is "$(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpmf" 2>/dev/null | grep -c '^-rwxr-xr-x /usr/sbin/relun-')" 3 \
	"three executables in /usr/sbin"
is "$(rpm -qp --requires "$rpmf" 2>/dev/null | grep -vE '\.so|^rpmlib|^rtld|^/' | sort | tr '\n' ' ')" \
	"device-mapper-libs json-c libblkid lvm2-libs sg3_utils-libs " "Requires: the CentOS 7 runtime packages"
is "$(rpm -qp --requires "$srpm" 2>/dev/null | grep -- '-devel' | sort | tr '\n' ' ')" \
	"device-mapper-devel json-c-devel libblkid-devel lvm2-devel sg3_utils-devel " \
	"BuildRequires: the CentOS 7 -devel packages"
mkdir -p "$TMPD/x" && (cd "$TMPD/x" && rpm2cpio "$rpmf" | cpio -id --quiet 2>/dev/null)
"$TMPD/x/usr/sbin/relun-sg" --help >/dev/null 2>&1
is "$?" 0 "the packaged relun-sg runs"
done_testing
