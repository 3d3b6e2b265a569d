#!/bin/bash
# The seed's story as a test: eve attacks alice and bob on a bridge like
# network 'default' (192.168.122.1/24; alice .11 52:54:00:00:00:11, bob .22
# :22, eve .33 :33), each guest a network namespace behind a veth port
# vnic-NAME, while alice pings bob. Filters go on the ports through
# tests/attacks/port-filter-tool, which runs supervisor/port-filter as a
# supervisor does (the ports, not vigil's guests, so this needs no
# container; vigil's own start path adds only the wiring).
#
# Round "none": no filters. Attacks 1-3 must succeed here, or the test
# could not see them.
# Round "clean-traffic" (explicit IP parameters): every attack must fail,
# alice must lose no ping, and eve's drop counters must rise.
#   1 MAC spoofing and FDB poisoning (eve takes bob's MAC, sends a few
#     packets to an invented IP): eve captures alice's pings to bob
#   2 MAC and IP spoofing: eve, with bob's MAC and IP, receives alice's
#     pings and answers them
#   3 ARP spoofing: gratuitous ARP and forged replies claiming bob's IP:
#     alice's neighbour entry for bob changes to eve's MAC
#   4 IP spoofing with her own MAC: alice receives UDP "from bob"
#   5 a rogue DHCP server gx eve (udhcpd): bob gets a lease from it
#   8 hub mode (bridge ageing 0, everything flooded): eve captures
#     alice<->bob traffic
# Round "clean-traffic-ipv6": 6 eve's forged neighbour advertisement for
# bob's IPv6 address and a router advertisement: alice's neighbour entry
# for bob changes (6), alice takes eve's prefix (6r).
# Round "smtp": 7 eve with clean-traffic plus no-outbound-smtp reaches
# alice on TCP 80 but not on 25.
#
# Prints a table of what each attack achieved per round.
VIGIL_SRCDIR=${VIGIL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

TOOL=$VIGIL_BUILDDIR/tests/attacks/port-filter-tool
FRAMES="python3 $VIGIL_SRCDIR/tests/attacks/frames.py"
[ -x "$TOOL" ] || vg_fail "$TOOL is not built (make)"
command -v python3 >/dev/null || vg_skip "needs python3"
command -v busybox >/dev/null || vg_skip "needs busybox"
mkdir -p /run/netns
mount -t tmpfs netns /run/netns || vg_fail "tmpfs on /run/netns"

NET=192.168.122
declare -A MAC=([alice]=52:54:00:00:00:11 [bob]=52:54:00:00:00:22
    [eve]=52:54:00:00:00:33)
declare -A IP=([alice]=$NET.11 [bob]=$NET.22 [eve]=$NET.33)
declare -A IP6=([alice]=fd00::11 [bob]=fd00::22 [eve]=fd00::33)
declare -A RESULT
FAILED=0

# gx GUEST CMD...: run CMD in the guest. gxb: the same for a background
# job, so that $! is CMD's own pid.
gx() { local g=$1; shift; ip netns exec "$g" "$@"; }
gxb() { local g=$1; shift; exec ip netns exec "$g" "$@"; }

# topology FILTER [EXTRA-PARAM...]: bridge and three guests; FILTER none
# leaves the ports unfiltered.
topology() {
	local filter=$1 g; shift
	ip link add br0 type bridge stp_state 0 forward_delay 0
	ip addr add "$NET.1/24" dev br0
	ip link set br0 up
	for g in alice bob eve; do
		ip netns add "$g"
		ip link add "vnic-$g" type veth peer name eth0 netns "$g"
		gx "$g" ip link set eth0 address "${MAC[$g]}"
		gx "$g" ip addr add "${IP[$g]}/24" dev eth0
		gx "$g" ip addr add "${IP6[$g]}/64" dev eth0 nodad
		gx "$g" ip link set lo up
		gx "$g" ip link set eth0 up
		ip link set "vnic-$g" master br0
		if [ "$filter" != none ]; then
			"$TOOL" install "vnic-$g" "${MAC[$g]}" "$filter" \
			    "IP=${IP[$g]}" "IPV6=${IP6[$g]}" "$@" ||
			    vg_fail "install $filter on vnic-$g"
		fi
		ip link set "vnic-$g" up
	done
	# alice and bob know each other before the attacks
	vg_wait 5 gx alice busybox ping -c 1 -W 1 "${IP[bob]}" ||
	    vg_fail "$filter: alice cannot ping bob"
}

teardown() {
	local g
	for g in alice bob eve; do
		ip netns pids "$g" 2>/dev/null | xargs -r kill -9
		ip netns del "$g" 2>/dev/null
		"$TOOL" remove "vnic-$g" >/dev/null 2>&1
	done
	ip link del br0 2>/dev/null
	wait 2>/dev/null
}
vg_on_exit teardown

# pings_ok FILE COUNT: the ping output in FILE got all COUNT replies
pings_ok() { grep -q "$2 packets transmitted, $2 packets received" "$1"; }

drops() { "$TOOL" counters vnic-eve | awk -v k="$1" '$1 == k { print $2 }'; }

record() { RESULT[$1,$2]=$3; }

# 1: eve takes bob's MAC and sends to an invented address, so the bridge
# learns bob's MAC on her port; alice's pings to bob then go to eve.
attack_mac() {
	local round=$1
	gxb alice busybox ping -c 30 -i 0.1 -W 2 "${IP[bob]}" >"$T/1.ping" &
	local ping=$!
	gxb eve $FRAMES count eth0 4 --src "${IP[alice]}" \
	    --dst "${IP[bob]}" --icmp 8 >"$T/1.eve" &
	local sniff=$!
	sleep 0.3
	gx eve ip link set eth0 address "${MAC[bob]}"
	gx eve busybox ping -c 15 -i 0.2 -W 1 "$NET.99" >/dev/null 2>&1
	wait $ping $sniff
	gx eve ip link set eth0 address "${MAC[eve]}"
	if [ "$(cat "$T/1.eve")" -gt 0 ]; then
		record 1 "$round" "eve captured $(cat "$T/1.eve") pings"
	elif ! pings_ok "$T/1.ping" 30; then
		record 1 "$round" "alice lost replies"
	else
		record 1 "$round" blocked
	fi
}

# 2: eve takes bob's MAC and IP and answers alice.
attack_mac_ip() {
	local round=$1
	gx eve ip link set eth0 address "${MAC[bob]}"
	gx eve ip addr add "${IP[bob]}/24" dev eth0
	gx eve busybox ping -c 5 -i 0.2 -W 1 "$NET.99" >/dev/null 2>&1
	gxb eve $FRAMES count eth0 3 --src "${IP[alice]}" \
	    --dst "${IP[bob]}" --icmp 8 >"$T/2.eve" &
	local sniff=$!
	sleep 0.3
	# keep the bridge's entry for bob's MAC on eve's port while alice
	# pings (bob's own frames would teach it back)
	gxb eve busybox ping -c 20 -i 0.1 -W 1 "$NET.99" >/dev/null 2>&1 &
	local poison=$!
	gx alice busybox ping -c 20 -i 0.1 -W 2 "${IP[bob]}" >/dev/null 2>&1
	wait $sniff $poison
	gx eve ip addr del "${IP[bob]}/24" dev eth0
	gx eve ip link set eth0 address "${MAC[eve]}"
	if [ "$(cat "$T/2.eve")" -gt 0 ]; then
		record 2 "$round" "eve got $(cat "$T/2.eve") of alice's pings"
	else
		record 2 "$round" blocked
	fi
}

# 3: gratuitous ARP and forged replies saying bob's IP is at eve's MAC.
attack_arp() {
	local round=$1 entry
	gx alice busybox ping -c 1 -W 1 "${IP[bob]}" >/dev/null
	gxb eve $FRAMES garp eth0 "${MAC[eve]}" "${IP[bob]}" 20 &
	gx eve $FRAMES arpreply eth0 "${MAC[eve]}" "${IP[bob]}" \
	    "${MAC[alice]}" "${IP[alice]}" 20
	wait
	entry=$(gx alice ip neigh show "${IP[bob]}" dev eth0)
	case $entry in
	*"${MAC[eve]}"*) record 3 "$round" "alice's entry for bob: eve's MAC" ;;
	*"${MAC[bob]}"*) record 3 "$round" blocked ;;
	*) record 3 "$round" "alice's entry for bob: '$entry'" ;;
	esac
}

# 4: UDP "from bob" with eve's own MAC.
attack_ip() {
	local round=$1
	gxb alice $FRAMES count eth0 2 --src "${IP[bob]}" --udp-dport 5353 \
	    >"$T/4.alice" &
	sleep 0.3
	gx eve $FRAMES udp eth0 "${MAC[eve]}" "${IP[bob]}" "${MAC[alice]}" \
	    "${IP[alice]}" 5353 10
	wait
	if [ "$(cat "$T/4.alice")" -gt 0 ]; then
		record 4 "$round" "alice got $(cat "$T/4.alice") spoofed packets"
	else
		record 4 "$round" blocked
	fi
}

# 5: a DHCP server in eve; bob asks for a lease.
attack_dhcp() {
	local round=$1
	cat >"$T/udhcpd.conf" <<EOF
start $NET.200
end $NET.210
interface eth0
lease_file $T/udhcpd.leases
opt router $NET.33
EOF
	touch "$T/udhcpd.leases"
	gxb eve busybox udhcpd -f "$T/udhcpd.conf" >/dev/null 2>&1 &
	local server=$!
	sleep 0.5
	if gx bob busybox udhcpc -f -q -n -i eth0 -t 3 -T 1 -s /bin/true \
	    >"$T/5.bob" 2>&1; then
		record 5 "$round" "bob got a lease from eve"
	else
		record 5 "$round" blocked
	fi
	kill $server 2>/dev/null
	wait $server 2>/dev/null
}

# 8: the bridge floods everything; eve listens.
attack_hub() {
	local round=$1
	ip link set br0 type bridge ageing_time 0
	gxb eve $FRAMES count eth0 3 --src "${IP[alice]}" --dst "${IP[bob]}" \
	    --icmp 8 >"$T/8.eve" &
	local sniff=$!
	gx alice busybox ping -c 20 -i 0.1 -W 2 "${IP[bob]}" >"$T/8.ping"
	wait $sniff
	ip link set br0 type bridge ageing_time 30000
	if [ "$(cat "$T/8.eve")" -gt 0 ]; then
		record 8 "$round" "eve captured $(cat "$T/8.eve") pings"
	elif ! pings_ok "$T/8.ping" 20; then
		record 8 "$round" "alice lost replies"
	else
		record 8 "$round" blocked
	fi
}

# 6: neighbour advertisement for bob's address (6), router
# advertisement with a prefix (6r).
attack_ipv6() {
	local round=$1 entry
	gx alice busybox ping -6 -c 1 -W 1 "${IP6[bob]}" >/dev/null
	gxb eve $FRAMES na eth0 "${MAC[eve]}" fe80::5054:ff:fe00:33 \
	    "${IP6[bob]}" 20 &
	gx eve $FRAMES ra eth0 "${MAC[eve]}" fe80::5054:ff:fe00:33 \
	    fd66:6666:: 5
	wait
	sleep 0.3
	entry=$(gx alice ip -6 neigh show "${IP6[bob]}" dev eth0)
	case $entry in
	*"${MAC[eve]}"*) record 6 "$round" "alice's entry for bob: eve's MAC" ;;
	*"${MAC[bob]}"*) record 6 "$round" blocked ;;
	*) record 6 "$round" "alice's entry for bob: '$entry'" ;;
	esac
	if gx alice ip -6 addr show dev eth0 | grep -q fd66:6666; then
		record 6r "$round" "alice took eve's prefix"
	else
		record 6r "$round" blocked
	fi
}

# 7: TCP from eve to alice on 25 and on 80.
attack_smtp() {
	local round=$1 p25 p80
	gxb alice busybox nc -l -p 25 -e /bin/true &
	gxb alice busybox nc -l -p 80 -e /bin/true &
	sleep 0.3
	gx eve busybox timeout 3 busybox nc "${IP[alice]}" 25 </dev/null \
	    >/dev/null 2>&1 && p25=open || p25=closed
	gx eve busybox timeout 3 busybox nc "${IP[alice]}" 80 </dev/null \
	    >/dev/null 2>&1 && p80=open || p80=closed
	record 7 "$round" "25 $p25, 80 $p80"
}

round() {
	local name=$1 filter=$2; shift 2
	vg_log "round $name"
	topology "$filter" "$@"
	attack_mac "$name"
	attack_mac_ip "$name"
	# Unfiltered, bob's own frames race eve for the bridge's entry of his
	# MAC; on a loaded machine bob may win one try: give eve a second.
	if [ "$filter" = none ] && [ "${RESULT[2,$name]}" = blocked ]; then
		attack_mac_ip "$name"
	fi
	attack_arp "$name"
	attack_ip "$name"
	attack_dhcp "$name"
	attack_hub "$name"
	# without filters the attacks leave alice's view of bob broken
	if [ "$filter" != none ]; then
		gx alice busybox ping -c 10 -i 0.1 -W 2 "${IP[bob]}" \
		    >"$T/after.ping"
		pings_ok "$T/after.ping" 10 || FAILED=1
		EVE_DROPS="$("$TOOL" counters vnic-eve | tr '\n' ' ')"
	fi
	teardown
}

round none none
round clean-traffic clean-traffic
vg_log "round clean-traffic-ipv6"
topology none
attack_ipv6 none
teardown
topology clean-traffic-ipv6
attack_ipv6 clean-traffic-ipv6
teardown
mkdir -p "$VIGIL_ROOT/etc/vigil/filters"
cat >"$VIGIL_ROOT/etc/vigil/filters/guest-smtp.xml" <<'EOF'
<filter name='guest-smtp'>
  <filterref filter='clean-traffic'/>
  <filterref filter='no-outbound-smtp'/>
</filter>
EOF
vg_log "round smtp"
topology none
attack_smtp none
teardown
topology guest-smtp
attack_smtp guest-smtp
teardown

printf '\n%-4s %-34s %s\n' "" "without filters" "with filters"
for a in 1 2 3 4 5 8; do
	printf '%-4s %-34s %s\n' "$a" "${RESULT[$a,none]}" \
	    "${RESULT[$a,clean-traffic]}"
done
for a in 6 6r; do
	printf '%-4s %-34s %s\n' "$a" "${RESULT[$a,none]}" \
	    "${RESULT[$a,clean-traffic-ipv6]}"
done
printf '%-4s %-34s %s\n' 7 "${RESULT[7,none]}" "${RESULT[7,guest-smtp]}"
echo "eve's drop counters with clean-traffic: $EVE_DROPS"

for a in 1 2 3; do
	[ "${RESULT[$a,none]}" != blocked ] ||
	    vg_fail "attack $a did not work without filters: the test sees nothing"
done
for a in 1 2 3 4 5 8; do
	[ "${RESULT[$a,clean-traffic]}" = blocked ] ||
	    vg_fail "attack $a with clean-traffic: ${RESULT[$a,clean-traffic]}"
done
for a in 6 6r; do
	[ "${RESULT[$a,none]}" != blocked ] ||
	    vg_fail "attack $a did not work without filters"
	[ "${RESULT[$a,clean-traffic-ipv6]}" = blocked ] ||
	    vg_fail "attack $a with clean-traffic-ipv6: ${RESULT[$a,clean-traffic-ipv6]}"
done
[ "${RESULT[7,guest-smtp]}" = "25 closed, 80 open" ] ||
    vg_fail "no-outbound-smtp: ${RESULT[7,guest-smtp]}"
[ "${RESULT[7,none]}" = "25 open, 80 open" ] ||
    vg_fail "without filters: ${RESULT[7,none]}"
case $EVE_DROPS in
*"mac 0 "*) vg_fail "no MAC spoofing drops counted: $EVE_DROPS" ;;
esac
[ "$FAILED" = 0 ] || vg_fail "alice lost contact with bob"
vg_ok "every attack blocked by the filters, undisturbed traffic"
