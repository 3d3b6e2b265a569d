#!/bin/bash
# Guest interfaces on a network (issue 5): the seed's default network with
# alice, bob and eve as busybox containers whose init runs udhcpc and then
# sleeps. Each gets its fixed address from dnsmasq, alice pings bob, the
# bridge learns each MAC on its vnic-NAME port, and the ports go with the
# guests. Errors: the network stopped, a clashing target dev, destroying
# the network while guests use it.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'

# guest NAME MAC: a busybox root and a config with one interface on default
guest() { vg_net_guest "$1" "$2" "" /bin/sh -c "$VG_DHCP_INIT"; }
guest alice 52:54:00:00:00:11
guest bob 52:54:00:00:00:22
guest eve 52:54:00:00:00:33

vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null ||
	vg_fail "net-define"

# the network is not started: a clear error, nothing left behind
out=$(vigil start "$T/alice.xml" 2>&1) && vg_fail "started without its network"
grep -q "interface eth0: network default is not started" <<<"$out" ||
	vg_fail "network stopped: $out"
ip link show vnic-alice >/dev/null 2>&1 && vg_fail "vnic-alice left"
vg_gone alice || vg_fail "run dir left"
vg_ok "start with the network stopped fails: $out"

vigil net-start default >/dev/null 2>&1 || vg_fail "net-start"
for g in alice bob eve; do
	vigil start "$T/$g.xml" >/dev/null || vg_fail "start $g"
done
for g in alice bob eve; do
	ip -o link show "vnic-$g" | grep -q "master virbr0 state UP" ||
		vg_fail "vnic-$g: $(ip -o link show "vnic-$g" 2>&1)"
done
lease_of() { cut -d' ' -f1 "$T/$1/tmp/lease" 2>/dev/null; }
has_lease() { [ -n "$(lease_of "$1")" ]; }
for g in alice bob eve; do
	vg_wait 60 has_lease "$g" ||
		vg_fail "$g got no lease: $(cat "$T/$g/tmp/udhcpc.log")"
done
[ "$(lease_of alice)" = 192.168.122.11 ] || vg_fail "alice: $(lease_of alice)"
[ "$(lease_of bob)" = 192.168.122.22 ] || vg_fail "bob: $(lease_of bob)"
[ "$(lease_of eve)" = 192.168.122.33 ] || vg_fail "eve: $(lease_of eve)"
vg_ok "alice .11, bob .22, eve .33 from dnsmasq"

alice=$(vg_state alice init_pid)
nsenter --net --target "$alice" ip -o link show eth0 |
	grep -q "link/ether 52:54:00:00:00:11" || vg_fail "alice's eth0 MAC"
out=$(nsenter --net --target "$alice" busybox ping -c 5 -i 0.2 -W 2 192.168.122.22) ||
	vg_fail "alice cannot ping bob: $out"
grep -q " 0% packet loss" <<<"$out" || vg_fail "ping: $out"
fdb=$(bridge fdb show br virbr0)
for m in alice:11 bob:22 eve:33; do
	grep -q "52:54:00:00:00:${m#*:} dev vnic-${m%:*} " <<<"$fdb" ||
		vg_fail "fdb lacks ${m%:*}: $fdb"
done
vg_ok "alice pings bob with 0% loss; the bridge learned each MAC on its port"

# a guest's state names its networks: the network cannot go
out=$(vigil net-destroy default 2>&1) && vg_fail "net-destroy with guests"
[ "$out" = "vigil: error: network default is in use by alice, bob, eve (use --force)" ] ||
	vg_fail "net-destroy in use: $out"
vg_ok "destroying the network in use is refused"

# a target dev that is taken
vigil destroy eve >/dev/null || vg_fail "destroy eve"
ip link show vnic-eve >/dev/null 2>&1 && vg_fail "vnic-eve left after destroy"
ip link add vnic-eve type veth peer name vnic-evep
out=$(vigil start "$T/eve.xml" 2>&1) && vg_fail "started on a taken target dev"
grep -q "interface eth0: target dev vnic-eve is already in use" <<<"$out" ||
	vg_fail "clash: $out"
ip link show vnic-evep >/dev/null || vg_fail "the clashing link was touched"
vg_gone eve || vg_fail "eve's run dir left"
ip link del vnic-eve
vg_ok "a clashing target dev is refused: $out"

for g in alice bob; do
	vigil destroy "$g" >/dev/null || vg_fail "destroy $g"
	ip link show "vnic-$g" >/dev/null 2>&1 && vg_fail "vnic-$g left"
done
vigil net-destroy default >/dev/null || vg_fail "net-destroy after the guests"
vg_ok "ports gone with the guests, then the network"
exit 0
