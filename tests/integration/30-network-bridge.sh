#!/bin/bash
# type='bridge' and type='direct' interfaces (issue 5): two guests on a
# bridge the test made reach each other through their vnetN ports; two
# guests with macvlans on one host device in bridge mode reach each other;
# a missing bridge, a link that is not a bridge and a missing source dev
# are clear errors that leave nothing behind.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
command -v busybox >/dev/null || vg_skip "needs busybox"

vg_busybox_root "$T/root"
guest() {	# guest NAME INTERFACE-XML
	VG_DEVICES="<filesystem type='mount'><source dir='$T/root'/><target dir='/'/><readonly/></filesystem>
$2" vg_domain "$T/$1.xml" "$1" /bin/sleep 100000
}
# ping_ok FROM-GUEST ADDR
ping_ok() {
	local out
	out=$(nsenter --net --target "$(vg_state "$1" init_pid)" \
		busybox ping -c 3 -i 0.2 -W 2 "$2") || vg_fail "$1 cannot ping $2: $out"
	grep -q " 0% packet loss" <<<"$out" || vg_fail "$1 -> $2: $out"
}
addr() { nsenter --net --target "$(vg_state "$1" init_pid)" ip addr add "$2" dev eth0; }

# type='bridge': ports named vnet0, vnet1 (no target dev given)
ip link add br0 type bridge
ip link set br0 up
for g in b1:21 b2:22; do
	guest "${g%:*}" "<interface type='bridge'><mac address='52:54:00:00:02:${g#*:}'/><source bridge='br0'/></interface>"
	vigil start "$T/${g%:*}.xml" >/dev/null || vg_fail "start ${g%:*}"
done
ip -o link show vnet0 | grep -q "master br0 state UP" || vg_fail "vnet0: $(ip -o link show vnet0)"
ip -o link show vnet1 | grep -q "master br0 state UP" || vg_fail "vnet1: $(ip -o link show vnet1)"
addr b1 10.2.0.1/24
addr b2 10.2.0.2/24
ping_ok b1 10.2.0.2
vigil destroy b1 >/dev/null && vigil destroy b2 >/dev/null || vg_fail "destroy b1/b2"
ip -o link | grep -q vnet && vg_fail "vnetN left: $(ip -o link | grep vnet)"
vg_ok "type='bridge': vnet0 and vnet1 on br0, b1 pings b2, ports gone after destroy"

# type='direct': macvlans in bridge mode on one host device
ip link add up0 type veth peer name up0p
ip link set up0p up
ip link set up0 up
for g in d1:31 d2:32; do
	guest "${g%:*}" "<interface type='direct'><mac address='52:54:00:00:03:${g#*:}'/><source dev='up0' mode='bridge'/></interface>"
	vigil start "$T/${g%:*}.xml" >/dev/null || vg_fail "start ${g%:*}"
done
d=$(nsenter --net --target "$(vg_state d1 init_pid)" ip -d -o link show eth0)
grep -q "macvlan mode bridge" <<<"$d" || vg_fail "d1's eth0: $d"
grep -q "52:54:00:00:03:31" <<<"$d" || vg_fail "d1's MAC: $d"
addr d1 10.3.0.1/24
addr d2 10.3.0.2/24
ping_ok d2 10.3.0.1
vigil destroy d1 >/dev/null && vigil destroy d2 >/dev/null || vg_fail "destroy d1/d2"
[ -z "$(ip -d -o link show type macvlan)" ] || vg_fail "macvlan left"
vg_ok "type='direct': macvlans in bridge mode, d2 pings d1"

# errors
expect_start_fail() {	# NAME INTERFACE-XML MESSAGE
	local out
	guest "$1" "$2"
	out=$(vigil start "$T/$1.xml" 2>&1) && vg_fail "$1 started"
	grep -qF "vigil: guest $1: $3" <<<"$out" || vg_fail "$1: $out"
	vg_gone "$1" || vg_fail "$1: run dir left"
	ip -o link | grep -q -e vnet -e vgp && vg_fail "$1: link left: $(ip -o link)"
	return 0
}
expect_start_fail e1 "<interface type='bridge'><source bridge='br9'/></interface>" \
	"interface eth0: bridge br9 does not exist"
expect_start_fail e2 "<interface type='bridge'><source bridge='up0'/></interface>" \
	"interface eth0: up0 is not a bridge"
expect_start_fail e3 "<interface type='direct'><source dev='eth9' mode='bridge'/></interface>" \
	"interface eth0: source dev eth9 does not exist"
expect_start_fail e4 "<interface type='bridge'><source bridge='br0'/></interface>
<interface type='bridge'><source bridge='br9'/></interface>" \
	"interface eth1: bridge br9 does not exist"
vg_ok "missing bridge, not a bridge, missing source dev; a failing second interface unwinds the first"
exit 0
