#!/bin/bash
# vigil validate: every example is valid, every bad file gives its message.
#
# Needs no root and no namespaces (it only reads files), so it does not call
# vg_setup.
#
# Format of tests/data/bad/ (domain-*, network-* and filter-* files alike):
#   NAME.xml     an invalid config
#   NAME.expect  one line: the exact line `vigil validate NAME.xml`, run from
#                inside tests/data/bad, must print on stderr, for example
#                  domain-name-slash.xml:2: invalid name 'a/b': character '/' not allowed
# The command must exit 1 and one of its stderr lines must equal the
# expected line (grep -F -x). A NAME.xml without its NAME.expect fails.
# Cases that cannot live in the tree (a 2 MiB file, a missing file) are
# generated below in a temporary directory, with their expected line here.
#
# Prints one line per case and exits 1 if any failed.

set -u

VIGIL_SRCDIR=${VIGIL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
VIGIL_BUILDDIR=${VIGIL_BUILDDIR:-$PWD}
V=$VIGIL_BUILDDIR/vigil
BAD=$VIGIL_SRCDIR/tests/data/bad
passed=0
failed=0

ok() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

if [ ! -x "$V" ]; then
	echo "FAIL $V is not built"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/vigil-validate.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# expect_fail DIR FILE LINE: `vigil validate FILE` run in DIR exits 1 and
# prints LINE on stderr.
expect_fail() {
	local dir=$1 file=$2 want=$3 rc
	(cd "$dir" && "$V" validate "$file") >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 1 ]; then
		fail "$file: exit status $rc, expected 1; stderr: $(head -c 300 "$T/err")"
	elif ! grep -F -x -q -e "$want" "$T/err"; then
		fail "$file: expected line: $want; got: $(head -c 300 "$T/err")"
	else
		ok "$file"
	fi
}

# The examples: all valid (warnings allowed).
n=0
for f in "$VIGIL_SRCDIR"/conf/examples/*.xml; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	if "$V" validate "$f" >"$T/out" 2>"$T/err"; then
		ok "example $(basename "$f")"
	else
		fail "example $(basename "$f"): exit status $?: $(head -c 300 "$T/err")"
	fi
done
[ "$n" -gt 0 ] || fail "no examples in $VIGIL_SRCDIR/conf/examples"

# The bad files.
n=0
for f in "$BAD"/*.xml; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f" .xml)
	if [ ! -f "$BAD/$name.expect" ]; then
		fail "$name.xml: no $name.expect"
		continue
	fi
	if [ "$(wc -l <"$BAD/$name.expect")" -gt 1 ]; then
		fail "$name.expect: more than one line"
		continue
	fi
	IFS= read -r want <"$BAD/$name.expect"
	if [ -z "$want" ]; then
		fail "$name.expect: empty"
		continue
	fi
	expect_fail "$BAD" "$name.xml" "$want"
done
[ "$n" -gt 0 ] || fail "no bad files in $BAD"
for f in "$BAD"/*.expect; do
	[ -e "$f" ] || continue
	[ -e "${f%.expect}.xml" ] || fail "$(basename "$f"): no matching .xml"
done

# Generated: a 2 MiB file (over the 1 MiB limit), a file one byte over the
# limit, a missing file and a directory.
{
	echo "<domain type='lxc'>"
	echo "  <!--"
	head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
	echo "  -->"
	echo "</domain>"
} >"$T/domain-2mib.xml"
size=$(stat -c %s "$T/domain-2mib.xml")
expect_fail "$T" domain-2mib.xml \
    "domain-2mib.xml: file is $size bytes, over the limit of 1048576"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$T/domain-1mib-plus-1.xml"
expect_fail "$T" domain-1mib-plus-1.xml \
    "domain-1mib-plus-1.xml: file is 1048577 bytes, over the limit of 1048576"
expect_fail "$T" domain-missing.xml \
    "domain-missing.xml: cannot open: No such file or directory"
mkdir "$T/domain-dir.xml"
expect_fail "$T" domain-dir.xml "domain-dir.xml: not a regular file"

# Several files: one bad among good ones still fails, and is named.
ex=$VIGIL_SRCDIR/conf/examples/helloworld.xml
if [ -e "$ex" ] && [ -e "$BAD/domain-name-slash.xml" ]; then
	(cd "$BAD" && "$V" validate "$ex" domain-name-slash.xml "$ex") \
	    >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "^domain-name-slash.xml:2: " "$T/err"; then
		ok "one bad file among good ones"
	else
		fail "one bad file among good ones: exit status $rc"
	fi
fi

# Usage errors exit 2.
"$V" validate >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" -eq 2 ] && grep -q "^usage: vigil validate" "$T/err"; then
	ok "usage: validate without FILE"
else
	fail "usage: validate without FILE: exit status $rc, expected 2"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
