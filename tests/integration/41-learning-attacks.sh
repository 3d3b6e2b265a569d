#!/bin/bash
# Learning the guest IP under attack (issue 7), on the seed's default
# network, every guest with clean-traffic and no IP parameter:
# - eve runs a rogue DHCP server (busybox udhcpd): bob's udhcpc gets his
#   lease from dnsmasq and no reply of eve's reaches him; nothing is
#   learned from eve's replies, on her port or his.
# - eve forges a DHCPACK for bob's MAC "from" the network's server: it never
#   reaches bob, and its address is not learned.
# - dave (CTRL_IP_LEARNING=any) sets .66 by hand: his first packets teach
#   it, and he reaches the host.
# - erin (CTRL_IP_LEARNING=none): only DHCP leaves her port. Her DHCP is
#   answered, but the address is not learned and she reaches no one.
# - bob floods 100,000 DHCP requests: vigil info keeps answering (the
#   slowest answer is printed), the excess is counted, and the
#   supervisor's memory stays flat.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'
command -v python3 >/dev/null || vg_skip "needs python3"
FRAMES="python3 $VIGIL_SRCDIR/tests/attacks/frames.py"
NET=192.168.122

# guest NAME MAC FILTERPARAMS INIT-SCRIPT: started. udhcpc runs from the
# host in the guest's network namespace, with the root's /bin/dhcp.sh.
guest() {
	vg_net_guest "$1" "$2" "<filterref filter='clean-traffic'>$3</filterref>" \
		/bin/sh -c "$4"
	out=$(vigil start "$T/$1.xml" 2>&1) || vg_fail "start $1: $out"
}
learned() { vigil --json info "$1" | grep -q "\"ip\": *\"$2\""; }
addresses() { vigil --json info "$1" | grep -o '"ip": *"[^"]*"' | tr '\n' ' '; }

vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null || vg_fail "net-define"
vigil net-start default >/dev/null 2>&1 || vg_fail "net-start"
STATIC='ip addr add %s/24 dev eth0; exec sleep 100000'
# shellcheck disable=SC2059
guest eve 52:54:00:00:00:33 "" "$(printf "$STATIC" $NET.33)"
guest bob 52:54:00:00:00:22 "" 'exec sleep 100000'
# shellcheck disable=SC2059
guest dave 52:54:00:00:00:66 "<parameter name='CTRL_IP_LEARNING' value='any'/>" \
	"$(printf "$STATIC" $NET.66)"
guest erin 52:54:00:00:00:77 "<parameter name='CTRL_IP_LEARNING' value='none'/>" \
	'exec sleep 100000'

# eve's rogue server, and bob asking for a lease; a new port forwards
# once STP has moved it to forwarding (about 4 s): udhcpc keeps asking.
vg_rogue_dhcpd_conf "$T/udhcpd.conf" $NET
vg_in_net_bg eve busybox udhcpd -f "$T/udhcpd.conf" >/dev/null 2>&1 &
rogue=$!
vg_on_exit "kill $rogue"
vg_in_net bob $FRAMES count eth0 12 --src-mac 52:54:00:00:00:33 --udp-dport 68 >"$T/bob.rogue" &
sniff=$!
LEASE=$T/bob.lease vg_in_net bob busybox udhcpc -i eth0 -f -q -t 10 -T 1 -s "$T/bob/bin/dhcp.sh" >"$T/bob.udhcpc" 2>&1 ||
	vg_fail "bob got no lease: $(cat "$T/bob.udhcpc")"
wait $sniff
read -r ip server <"$T/bob.lease"
[ "$ip $server" = "$NET.22 $NET.1" ] || vg_fail "bob's lease: $ip from $server"
[ "$(cat "$T/bob.rogue")" = 0 ] || vg_fail "$(cat "$T/bob.rogue") DHCP replies of eve's reached bob"
vg_wait 5 learned bob $NET.22 || vg_fail "bob's lease not learned: $(addresses bob)"
for g in bob eve; do
	addresses "$g" | grep -q "$NET\.2[01][0-9]" && vg_fail "learned from eve's replies on $g's port: $(addresses "$g")"
done
kill $rogue
vg_ok "eve's rogue DHCP server reaches no one (bob's lease $ip from $server; learned: bob $(addresses bob), eve $(addresses eve))"

# eve's forged DHCPACK for bob, claiming to be the network's server
vg_in_net bob $FRAMES count eth0 3 --udp-dport 68 >"$T/bob.forged" &
sniff=$!
sleep 0.3
vg_in_net eve $FRAMES dhcp eth0 52:54:00:00:00:33 $NET.1 52:54:00:00:00:22 $NET.22 5 \
	52:54:00:00:00:22 $NET.99 10 0.1
wait $sniff
[ "$(cat "$T/bob.forged")" = 0 ] || vg_fail "eve's forged DHCPACK reached bob ($(cat "$T/bob.forged"))"
learned bob $NET.99 && vg_fail "the forged lease was learned: $(addresses bob)"
vg_ok "eve's forged DHCPACK for bob is dropped and teaches nothing"

# dave (any): his first packets teach his hand-set address
reach() { vg_in_net "$1" busybox ping -c 1 -W 1 "$2" >/dev/null 2>&1; }
vg_wait 15 reach dave $NET.1 || vg_fail "dave cannot reach the host: $(vigil info dave)"
learned dave $NET.66 || vg_fail "dave's address not learned: $(addresses dave)"
vg_ok "CTRL_IP_LEARNING=any: dave's hand-set .66 learned from his packets ($(addresses dave))"

# erin (none): DHCP is answered, nothing is learned, nothing else leaves
LEASE=$T/erin.lease vg_in_net erin busybox udhcpc -i eth0 -f -q -t 10 -T 1 -s "$T/erin/bin/dhcp.sh" >"$T/erin.udhcpc" 2>&1 ||
	vg_fail "erin's DHCP was not answered: $(cat "$T/erin.udhcpc")"
read -r ip server <"$T/erin.lease"
sleep 0.5
[ -z "$(addresses erin)" ] || vg_fail "CTRL_IP_LEARNING=none learned: $(addresses erin)"
reach erin $NET.1 && vg_fail "erin reached the host from $ip"
vg_ok "CTRL_IP_LEARNING=none: erin's DHCP answered ($ip), nothing learned, her packets dropped"

# bob floods 100,000 DHCP requests (for another MAC: the filter drops
# them, the snooper still sees every one)
sup=$(vg_state bob supervisor_pid)
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$sup/status"; }
vigil info bob >/dev/null
rss0=$(rss)
vg_in_net bob $FRAMES dhcp eth0 52:54:00:00:00:22 0.0.0.0 ff:ff:ff:ff:ff:ff 255.255.255.255 3 \
	52:54:00:00:00:99 0.0.0.0 100000 0 &
flood=$!
slowest=0 answers=0
while kill -0 $flood 2>/dev/null; do
	t0=$(date +%s%N)
	vigil info bob >/dev/null || vg_fail "vigil info bob failed during the flood"
	ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$ms" -gt "$slowest" ] && slowest=$ms
	answers=$((answers + 1))
done
wait $flood || vg_fail "the flood did not run"
rss1=$(rss)
snoop=$(vigil --json info bob | python3 -c 'import json, sys
s = json.load(sys.stdin)["interfaces"][0]["snoop"]
print(s["frames"] + s["kernel_drops"], s["frames"] - s["rate_dropped"])')
# the snooper reads at most 100 frames a second (and a burst): the rest is
# dropped by it or, while it does not read, by the kernel
read -r seen handled <<<"$snoop"
[ "$answers" -gt 0 ] || vg_fail "the flood ended before vigil info was asked"
# The target is 100 ms (the slowest answer is printed); what fails here
# is a supervisor that stops answering, not a slow or loaded machine.
[ "$slowest" -lt 2000 ] || vg_fail "vigil info took $slowest ms during the flood"
[ "$seen" -ge 99000 ] || vg_fail "only $seen of 100,000 frames counted"
[ "$handled" -lt 10000 ] || vg_fail "the snooper handled $handled frames of the flood"
# (AddressSanitizer holds freed memory in quarantine: RSS grows there)
grep -q libasan "/proc/$sup/maps" || [ $((rss1 - rss0)) -lt 1024 ] ||
	vg_fail "supervisor RSS grew from $rss0 to $rss1 KiB"
vg_ok "100,000 DHCP requests: vigil info answered $answers times, slowest $slowest ms; $seen frames counted, $handled handled; RSS $rss0 -> $rss1 KiB"

for g in bob eve dave erin; do vigil destroy "$g" >/dev/null || vg_fail "destroy $g"; done
vigil net-destroy default >/dev/null || vg_fail "net-destroy"
