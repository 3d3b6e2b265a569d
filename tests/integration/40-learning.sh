#!/bin/bash
# Learning the guest IP (issue 7) through the whole stack: the seed's default
# network, guests with clean-traffic and no IP parameter.
# - alice and bob run udhcpc: each learns its fixed address from dnsmasq's
#   DHCPACK, `vigil info` shows it, and alice pings bob.
# - carol (CTRL_IP_LEARNING=dhcp) sets an address by hand without DHCP: she
#   cannot reach bob and nothing is learned.
# - alice's supervisor is SIGKILLed; started again with an init that sets
#   .11 by hand (no DHCP at all), she reaches bob at once: her lease came
#   back from leases.json before the port came up.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'

# guest NAME MAC FILTERPARAMS INIT-SCRIPT (a fixed uuid: leases.json is
# keyed by it)
guest() {
	VG_EXTRA="<uuid>$(printf '%08d' "${2##*:}")-0000-4000-8000-000000000000</uuid>" \
		vg_net_guest "$1" "$2" "<filterref filter='clean-traffic'>$3</filterref>" \
		/bin/sh -c "$4"
}
guest alice 52:54:00:00:00:11 "" "$VG_DHCP_INIT"
guest bob 52:54:00:00:00:22 "" "$VG_DHCP_INIT"
guest carol 52:54:00:00:00:44 "<parameter name='CTRL_IP_LEARNING' value='dhcp'/>" \
	'ip addr add 192.168.122.44/24 dev eth0; exec sleep 100000'

vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null || vg_fail "net-define"
vigil net-start default >/dev/null 2>&1 || vg_fail "net-start"
for g in alice bob carol; do
	out=$(vigil start "$T/$g.xml" 2>&1) || vg_fail "start $g: $out"
done
has_lease() { [ -s "$T/$1/tmp/lease" ]; }
for g in alice bob; do
	vg_wait 60 has_lease "$g" || vg_fail "$g got no lease: $(cat "$T/$g/tmp/udhcpc.log")"
done
learned() { vigil --json info "$1" | grep -q "$2"; }
vg_wait 5 learned alice 192.168.122.11 || vg_fail "alice's address not learned: $(vigil info alice)"
vg_wait 5 learned bob 192.168.122.22 || vg_fail "bob's address not learned: $(vigil info bob)"
vg_ok "alice and bob learned .11 and .22 from dnsmasq's DHCPACK"

ping_from() { nsenter --net --target "$(vg_state "$1" init_pid)" busybox ping -c 3 -i 0.2 -W 1 "$2"; }
out=$(ping_from alice 192.168.122.22) || vg_fail "alice cannot ping bob: $out"
grep -q " 0% packet loss" <<<"$out" || vg_fail "alice -> bob: $out"
vg_ok "alice pings bob with 0% loss"

ping_from carol 192.168.122.22 >/dev/null 2>&1 && vg_fail "carol reached bob from a hand-set address"
learned carol 192.168.122.44 && vg_fail "carol's hand-set address was learned with CTRL_IP_LEARNING=dhcp"
vg_ok "carol's hand-set address (no DHCP, learning=dhcp) reaches no one and is not learned"

[ -s "$VIGIL_ROOT/var/lib/vigil/guests/alice/leases.json" ] || vg_fail "no leases.json for alice"
kill -9 "$(vg_state alice supervisor_pid)"
gone() { ! ip link show vnic-alice >/dev/null 2>&1; }
vg_wait 5 gone || vg_fail "alice's port outlived her supervisor"
# learning=dhcp: no first-packet learning, only leases.json can allow .11
guest alice 52:54:00:00:00:11 "<parameter name='CTRL_IP_LEARNING' value='dhcp'/>" \
	'ip addr add 192.168.122.11/24 dev eth0; exec sleep 100000'
out=$(vigil start "$T/alice.xml" 2>&1) || vg_fail "start alice again: $out"
learned alice 192.168.122.11 || vg_fail "alice's lease not back after restart: $(vigil info alice)"
# (a new port forwards once STP has moved it to forwarding, about 4 s)
reach() { nsenter --net --target "$(vg_state alice init_pid)" busybox ping -c 1 -W 1 192.168.122.22; }
vg_wait 15 reach || vg_fail "restarted alice cannot ping bob: $(vigil info alice)"
vg_ok "after SIGKILL and start, alice's learned .11 is allowed before any DHCP"

for g in alice bob carol; do vigil destroy "$g" >/dev/null || vg_fail "destroy $g"; done
vigil net-destroy default >/dev/null || vg_fail "net-destroy"
nft list tables bridge 2>/dev/null | grep -q . && nft list ruleset bridge | grep -q 'vnic-' &&
	vg_fail "filter rules left: $(nft list ruleset bridge)"
vg_ok "filters gone with the guests"
