#!/bin/bash
# Networks (issue 5): net-define/start/list/destroy/undefine of the seed's
# default network, its bridge, dnsmasq and nftables table, and the errors:
# starting twice, destroying a network in use, dnsmasq missing or failing, a
# bridge name that is taken. Everything happens in the test's own network
# namespace; the "uplink" is a veth pair, so nothing can leave the machine.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup

EX=$VIGIL_SRCDIR/conf/examples
ip link add uplink0 type veth peer name uplink0p
ip link set uplink0 up
ip link set uplink0p up
ip addr add 10.99.0.2/24 dev uplink0
ip route add default via 10.99.0.1

expect_fail() {	# expect_fail PATTERN CMD...: exit 1 and PATTERN on stderr
	local pat=$1 out rc
	shift
	out=$("$@" 2>&1) && vg_fail "$* succeeded: $out"
	rc=$?
	[ "$rc" -eq 1 ] || vg_fail "$*: exit $rc, want 1: $out"
	grep -q -- "$pat" <<<"$out" || vg_fail "$*: '$out' lacks '$pat'"
	[ "$(wc -l <<<"$out")" -eq 1 ] || vg_fail "$*: not one line: $out"
}

no_leftovers() {
	ip link show virbr0 >/dev/null 2>&1 && vg_fail "$1: virbr0 left"
	nft list tables | grep -q vigil-net && vg_fail "$1: nft table left"
	pgrep -f "conf-file=$VIGIL_ROOT/" >/dev/null &&
		vg_fail "$1: dnsmasq left running"
	[ ! -e "$VIGIL_ROOT/run/vigil/networks/default" ] ||
		vg_fail "$1: run dir left"
	return 0
}
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'

# define, list inactive
vigil net-define "$EX/default.xml" | grep -q "Network default defined" ||
	vg_fail "net-define"
[ -f "$VIGIL_ROOT/etc/vigil/networks/default.xml" ] || vg_fail "not stored"
vigil net-list | grep -Eq '^ default +inactive +virbr0 +192.168.122.1/24' ||
	vg_fail "net-list inactive: $(vigil net-list)"

# errors before start leave nothing
expect_fail "install dnsmasq-base" env VIGIL_DNSMASQ=/nonexistent/dnsmasq \
	"$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT" net-start default
no_leftovers "dnsmasq missing"
printf '#!/bin/sh\necho "dnsmasq: failed to bind DHCP server socket" >&2\nexit 2\n' \
	>"$T/fake-dnsmasq"
chmod +x "$T/fake-dnsmasq"
expect_fail "dnsmasq failed (status 2): dnsmasq: failed to bind" \
	env VIGIL_DNSMASQ="$T/fake-dnsmasq" \
	"$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT" net-start default
no_leftovers "dnsmasq failing"
ip link add virbr0 type veth peer name virbr0p
expect_fail "bridge virbr0: an interface of that name already exists" \
	vigil net-start default
ip link show virbr0p >/dev/null || vg_fail "clash: the other link was touched"
ip link del virbr0
no_leftovers "bridge clash"
vg_ok "failed starts unwind"

# start
vigil net-start default | grep -q "Network default started" ||
	vg_fail "net-start"
d=$(ip -d link show virbr0)
grep -q "stp_state 1" <<<"$d" || vg_fail "stp off: $d"
grep -q "link/ether 52:54:00:0a:7e:01" <<<"$d" || vg_fail "bridge mac: $d"
grep -q "state UP\|,UP" <<<"$d" || vg_fail "bridge down: $d"
ip -4 addr show virbr0 | grep -q "inet 192.168.122.1/24 brd 192.168.122.255" ||
	vg_fail "bridge address: $(ip addr show virbr0)"
conf=$VIGIL_ROOT/run/vigil/networks/default/dnsmasq.conf
grep -qx "interface=virbr0" "$conf" || vg_fail "dnsmasq conf interface"
grep -qx "dhcp-host=52:54:00:00:00:22,192.168.122.22,bob" "$conf" ||
	vg_fail "dnsmasq conf host"
pid=$(cat "$VIGIL_ROOT/run/vigil/networks/default/dnsmasq.pid")
grep -q "conf-file=$conf" "/proc/$pid/cmdline" || vg_fail "dnsmasq not running"
t=$(nft list table ip vigil-net-default)
grep -q 'oifname "uplink0" ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 masquerade' <<<"$t" ||
	vg_fail "no masquerade rule: $t"
grep -q 'iifname "virbr0" oifname "uplink0" ip saddr 192.168.122.0/24 accept' <<<"$t" ||
	vg_fail "no forward rule: $t"
grep -q 'iifname "virbr0" drop' <<<"$t" || vg_fail "no drop rule: $t"
[ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] || vg_fail "ip_forward off"
vigil net-list | grep -Eq '^ default +active +virbr0 +192.168.122.1/24' ||
	vg_fail "net-list active: $(vigil net-list)"
[ "$(vigil --json net-list | jq -r '.[0].state + " " + .[0].bridge')" = \
	"active virbr0" ] || vg_fail "net-list --json: $(vigil --json net-list)"
vg_ok "net-start: bridge, address, dnsmasq, nftables table"

expect_fail "network default: already started" vigil net-start default
expect_fail "network default is active: net-destroy it first" \
	vigil net-undefine default

# a running guest that uses the network (state as its supervisor writes it)
mkdir -p "$VIGIL_ROOT/run/vigil/guests/alice" "$VIGIL_ROOT/run/vigil/guests/gone"
echo "{\"state\":\"running\",\"supervisor_pid\":$$,\"networks\":[\"default\"]}" \
	>"$VIGIL_ROOT/run/vigil/guests/alice/state.json"
echo '{"state":"running","supervisor_pid":2147483000,"networks":["default"]}' \
	>"$VIGIL_ROOT/run/vigil/guests/gone/state.json"
expect_fail "network default is in use by alice (use --force)" \
	vigil net-destroy default
ip link show virbr0 >/dev/null || vg_fail "refused destroy removed the bridge"
vigil net-destroy --force default | grep -q "Network default destroyed" ||
	vg_fail "net-destroy --force"
no_leftovers "net-destroy"
kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ] &&
	vg_fail "dnsmasq $pid still alive"
rm -rf "$VIGIL_ROOT/run/vigil/guests"
expect_fail "network default is not started" vigil net-destroy default
vg_ok "net-destroy: in-use refusal, --force, everything removed"

# route mode: forwarding without masquerade, through <forward dev>
sed -e "s/<forward mode='nat'\/>/<forward mode='route' dev='uplink0'\/>/" \
	-e 's/>default</>routed</' -e 's/virbr0/virbr1/' \
	-e 's/192\.168\.122\./10.77.0./g' -e 's/0a:7e:01/0a:7e:02/' \
	"$EX/default.xml" >"$T/routed.xml"
vigil net-define "$T/routed.xml" >/dev/null || vg_fail "define routed"
vigil net-start routed >/dev/null || vg_fail "start routed"
t=$(nft list table ip vigil-net-routed)
grep -q masquerade <<<"$t" && vg_fail "route mode masquerades: $t"
grep -q 'iifname "uplink0" oifname "virbr1" ip daddr 10.77.0.0/24 accept' <<<"$t" ||
	vg_fail "route mode rules: $t"
vigil net-destroy routed >/dev/null || vg_fail "destroy routed"
nft list tables | grep -q vigil-net && vg_fail "routed table left"
vg_ok "route mode"

# a second network may not take a defined network's bridge
sed -e 's/>default</>other</' -e 's/192\.168\.122\./10.88.0./g' \
	"$EX/default.xml" >"$T/other.xml"
expect_fail "bridge virbr0 is already used by network default" \
	vigil net-define "$T/other.xml"
expect_fail "range-outside.xml:6: <range start='10.0.0.2'>: outside the subnet" \
	vigil net-define "$VIGIL_SRCDIR/tests/data/bad/network-range-outside.xml"
vigil net-undefine default | grep -q "Network default has been undefined" ||
	vg_fail "net-undefine"
[ ! -e "$VIGIL_ROOT/etc/vigil/networks/default.xml" ] || vg_fail "config left"
expect_fail "network default is not defined" vigil net-start default
expect_fail "invalid name '../x'" vigil net-start ../x
vg_ok "define/undefine errors"
exit 0
