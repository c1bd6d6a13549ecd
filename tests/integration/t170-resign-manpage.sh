#!/usr/bin/env bash
# relun-resign(8) matches --help: every option and every exit code of the
# help text is documented in the man page, and the man page renders without
# warnings.
. "$(dirname "$0")/../lib/tap.sh"
plan 55
relun_tools
MAN=$TOP/man/relun-resign.8
help=$("$RESIGN" --help)
is "$?" 0 "--help exits 0"
like "$("$RESIGN" --version)" '^relun-resign [0-9]' "--version prints the version"
text=$(MANWIDTH=200 man -l "$MAN" 2>/dev/null | col -b)
opts=$(sed -n '/^Options:/,/^Exit codes/p' <<<"$help" | grep -oE -- '(^|[ ,])--[a-z][a-z-]+|(^| )-[a-zA-Z],' | tr -d ' ,' | sort -u)
ok "$([ "$(wc -w <<<"$opts")" -ge 18 ]; echo $?)" "--help lists its options ($(wc -w <<<"$opts"))"
for opt in $opts; do
	grep -qE -- "(^|[ ,])$opt([ ,=]|$)" <<<"$text"
	ok $? "man page documents $opt"
done
for code in $(grep -oE '[0-9]+ [A-Za-z]' <<<"$(sed -n '/^Exit codes/,$p' <<<"$help")" | cut -d' ' -f1); do
	grep -qE "^\.B $code\$" "$MAN"
	ok $? "man page documents exit code $code"
done
if command -v man >/dev/null; then
	w=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
	is "$w" "" "man page renders without warnings"
else
	fail "man page renders: man is not installed"
fi
"$RESIGN" --bogus >/dev/null 2>&1
is "$?" 2 "unknown option: exit 2"
"$RESIGN" >/dev/null 2>&1
is "$?" 2 "no device: exit 2"
"$RESIGN" --recover a --undo b >/dev/null 2>&1
is "$?" 2 "--recover with --undo: exit 2"
done_testing
