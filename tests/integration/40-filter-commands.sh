#!/bin/bash
# vigil filter-list and filter-dump: built-in and users' filters (a user's
# overrides the built-in of its name), a filter's XML, the nftables text
# for a guest's interface, and the errors. Reads files only: no root, no
# namespaces.
set -u

VIGIL_SRCDIR=${VIGIL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
VIGIL_BUILDDIR=${VIGIL_BUILDDIR:-$PWD}
export VIGIL_FILTER_DIR=$VIGIL_SRCDIR/filters/builtin
T=$(mktemp -d "${TMPDIR:-/tmp}/vigil-filter.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
R=$T/root
V() { "$VIGIL_BUILDDIR/vigil" --root "$R" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$R/etc/vigil/filters" "$R/etc/vigil/guests" "$R/etc/vigil/networks"
cat >"$R/etc/vigil/filters/allow-arp.xml" <<'EOF'
<filter name='allow-arp' chain='arp-mine'>
  <rule action='drop' direction='inout'/>
</filter>
EOF
cat >"$R/etc/vigil/filters/broken.xml" <<'EOF'
<filter name='broken'><rule action='explode' direction='in'/></filter>
EOF
sed 's/guest-clean-traffic-ip/eve/' \
    "$VIGIL_SRCDIR/conf/examples/guest-clean-traffic-ip.xml" \
    >"$R/etc/vigil/guests/eve.xml"
cp "$VIGIL_SRCDIR/conf/examples/default.xml" "$R/etc/vigil/networks/"

out=$(V filter-list 2>"$T/err") || fail "filter-list"
grep -q "broken.xml:1: <rule action='explode'>" "$T/err" ||
    fail "filter-list does not say why broken is invalid"
echo "$out" | grep -Eq '^clean-traffic +root +built-in$' ||
    fail "clean-traffic not listed: $out"
echo "$out" | grep -Eq '^allow-arp +arp-mine +user$' ||
    fail "the user's allow-arp does not override: $out"
echo "$out" | grep -Eq '^broken +- +user \(invalid\)$' ||
    fail "broken filter: $out"
[ "$(echo "$out" | wc -l)" -ge 27 ] || fail "too few filters: $out"
V --json filter-list 2>/dev/null | python3 -c 'import json, sys
l = json.load(sys.stdin)
assert any(f["name"] == "no-outbound-smtp" and f["chain"] == "root"
    for f in l), l' || fail "filter-list --json"

V filter-dump clean-traffic | grep -q "<filter name='clean-traffic'" ||
    fail "filter-dump XML"
V filter-dump allow-arp | grep -q "chain='arp-mine'" ||
    fail "filter-dump shows the user's filter"
out=$(V filter-dump clean-traffic --guest eve) || fail "dump for eve"
for want in 'add element bridge vigil addr4 { "vnic-eve-ip" . 192.168.122.33 }' \
    'add element bridge vigil mac { "vnic-eve-ip" . 52:54:00:00:00:33 }' \
    'add element bridge vigil from-guest { "vnic-eve-ip" comment "vigil:eve" : jump f/' \
    'iifname . ip saddr @addr4 return' \
    'add chain bridge vigil prerouting { type filter hook prerouting priority -200; policy accept; }'; do
	echo "$out" | grep -qF "$want" || fail "dump lacks: $want"
done

err=$(V filter-dump nosuch 2>&1) && fail "nosuch dumped"
[ "$err" = "vigil: no filter called 'nosuch'" ] || fail "nosuch: $err"
err=$(V filter-dump no-mac-spoofing --guest eve 2>&1) && fail "no iface"
[ "$err" = "vigil: guest eve has no interface with filter no-mac-spoofing" ] ||
    fail "no interface: $err"
err=$(V filter-dump broken 2>&1) && fail "broken dumped"
echo "$err" | grep -q "broken.xml:1: <rule action='explode'>: unknown action" ||
    fail "broken: $err"
V filter-dump >/dev/null 2>&1
[ $? -eq 2 ] || fail "filter-dump without a name: not a usage error"
V filter-list --bogus >/dev/null 2>&1
[ $? -eq 2 ] || fail "filter-list --bogus: not a usage error"
echo "ok: filter-list, filter-dump"
