#!/bin/bash
# The seed's story as a test. Network 'default' (conf/examples/default.xml:
# bridge virbr0, 192.168.122.1/24, dnsmasq) and three vigil containers on
# it with the seed's MACs and port names: alice .11 52:54:00:00:00:11 on
# vnic-alice, bob .22 :22, eve .33 :33. Each guest's init sets its address
# and sleeps; eve's attacks are run in her network namespace (as root in
# her container would), and so are alice's and bob's probes.
#
# Round "none": no filterref. Attacks 1-3, 8, 6 and 6r must succeed here, or
# the test could not see them.
# Round "clean-traffic" (the seed's filterref with the IP parameter):
# every attack must fail while alice pings bob throughout without losing
# a reply, eve's drop counters in `vigil info eve` must rise, and after
# `nft flush ruleset` the rules must be back within a second.
#   1 MAC spoofing and FDB poisoning (eve takes bob's MAC, sends a few
#     packets to an invented IP): eve captures alice's pings to bob
#   2 MAC and IP spoofing: eve, with bob's MAC and IP, receives alice's
#     pings and answers them
#   3 ARP spoofing: gratuitous ARP and forged replies claiming bob's IP:
#     alice's neighbour entry for bob changes to eve's MAC
#   4 IP spoofing with her own MAC: alice receives UDP "from bob"
#   5 a rogue DHCP server in eve (busybox udhcpd): bob receives its offers
#   8 hub mode (bridge ageing 0, everything flooded): eve captures
#     alice<->bob traffic
# Round "clean-traffic-ipv6": 6 eve's forged neighbour advertisement for
# bob's IPv6 address: alice's neighbour entry for bob changes; 6r a router
# advertisement: alice takes eve's prefix.
# Round "smtp" (clean-traffic plus the no-outbound-smtp example): 7 eve
# reaches alice on TCP 80 but not on 25.
#
# Prints a table of what each attack achieved per round.
VIGIL_SRCDIR=${VIGIL_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup "$@"
set -u

FRAMES="python3 $VIGIL_SRCDIR/tests/attacks/frames.py"
command -v python3 >/dev/null || vg_skip "needs python3"
command -v busybox >/dev/null || vg_skip "needs busybox"
command -v dnsmasq >/dev/null || vg_skip "needs dnsmasq"
command -v nft >/dev/null || vg_skip "needs nft"

NET=192.168.122
GUESTS="alice bob eve"
declare -A MAC=([alice]=52:54:00:00:00:11 [bob]=52:54:00:00:00:22
    [eve]=52:54:00:00:00:33)
declare -A IP=([alice]=$NET.11 [bob]=$NET.22 [eve]=$NET.33)
declare -A IP6=([alice]=fd00::11 [bob]=fd00::22 [eve]=fd00::33)
declare -A RESULT
FAILED=()

vg_on_exit vg_kill_supervisors
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'
vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null &&
    vigil net-start default >/dev/null || vg_fail "network default"
# gx GUEST CMD...: CMD in the guest's network namespace; gxb for a
# background job whose $! is CMD's own pid (tests/lib/helpers.sh)
gx() { vg_in_net "$@"; }
gxb() { vg_in_net_bg "$@"; }

# start_guests FILTER: alice, bob and eve, each with FILTER (none: no
# filterref) and its IP (and IPV6) parameter; alice and bob know each
# other before the attacks.
start_guests() {
	local filter=$1 g ref
	for g in $GUESTS; do
		case $filter in
		none) ref= ;;
		*) ref="<filterref filter='$filter'>
    <parameter name='IP' value='${IP[$g]}'/>
    <parameter name='IPV6' value='${IP6[$g]}'/>
  </filterref>" ;;
		esac
		vg_net_guest "$g" "${MAC[$g]}" "$ref" /bin/sh -c \
		    "ip addr add ${IP[$g]}/24 dev eth0 && exec sleep 1000000"
		vigil start "$T/$g.xml" >/dev/null || vg_fail "$filter: start $g"
		gx "$g" ip addr add "${IP6[$g]}/64" dev eth0 nodad
	done
	vg_wait 5 gx alice busybox ping -c 1 -W 1 "${IP[bob]}" ||
	    vg_fail "$filter: alice cannot ping bob"
}

stop_guests() {
	local g
	for g in $GUESTS; do
		vigil destroy "$g" >/dev/null 2>&1
	done
	wait 2>/dev/null
}
vg_on_exit stop_guests

# pings_ok FILE COUNT: the ping output in FILE got all COUNT replies
pings_ok() { grep -q "$2 packets transmitted, $2 packets received" "$1"; }

# drops KIND: eve's drop counter of KIND, from vigil info.
drops() {
	vigil --json info eve | python3 -c 'import json, sys
print(json.load(sys.stdin)["interfaces"][0].get("drops", {}).get(sys.argv[1], 0))' "$1"
}

record() { RESULT[$1,$2]=$3; }

# sniffed FILE: GOT = the count frames.py printed there. A sniffer that
# failed must not read as "nothing captured": anything else fails the test.
sniffed() {
	GOT=$(cat "$1")
	[[ $GOT =~ ^[0-9]+$ ]] || vg_fail "sniffer $1 printed '$GOT'"
}

# judge_capture N ROUND SNIFFED PINGS COUNT: attack N captured what eve's
# sniffer counted, else cost alice replies (COUNT pings), else nothing.
judge_capture() {
	sniffed "$3"
	if [ "$GOT" -gt 0 ]; then
		record "$1" "$2" "eve captured $GOT pings"
	elif ! pings_ok "$4" "$5"; then
		record "$1" "$2" "alice lost replies"
	else
		record "$1" "$2" blocked
	fi
}

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
	judge_capture 1 "$round" "$T/1.eve" "$T/1.ping" 30
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
	sniffed "$T/2.eve"
	if [ "$GOT" -gt 0 ]; then
		record 2 "$round" "eve got $GOT of alice's pings"
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
	wait $!
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
	local sniff=$!
	sleep 0.3
	gx eve $FRAMES udp eth0 "${MAC[eve]}" "${IP[bob]}" "${MAC[alice]}" \
	    "${IP[alice]}" 5353 10
	wait $sniff
	sniffed "$T/4.alice"
	if [ "$GOT" -gt 0 ]; then
		record 4 "$round" "alice got $GOT spoofed packets"
	else
		record 4 "$round" blocked
	fi
}

# 5: a DHCP server in eve; bob asks for a lease (the network's dnsmasq
# answers too: what counts is whether eve's offers reach bob).
attack_dhcp() {
	local round=$1 server sniff offers
	vg_rogue_dhcpd_conf "$T/udhcpd.conf" $NET
	gxb eve busybox udhcpd -f "$T/udhcpd.conf" >/dev/null 2>&1 &
	server=$!
	gxb bob $FRAMES count eth0 4 --src "${IP[eve]}" --udp-dport 68 \
	    >"$T/5.bob" &
	sniff=$!
	sleep 0.5
	gx bob busybox udhcpc -f -q -n -i eth0 -t 3 -T 1 -s /bin/true \
	    >"$T/5.lease" 2>&1
	wait $sniff
	kill $server 2>/dev/null
	wait $server 2>/dev/null
	sniffed "$T/5.bob"
	offers=$GOT
	if [ "$offers" -gt 0 ]; then
		record 5 "$round" "bob got $offers DHCP replies from eve"
	else
		record 5 "$round" blocked
	fi
}

# 8: the bridge floods everything; eve listens. Ageing 0 is the seed's
# hub mode; the kernel still forwards by entries it has not yet aged out,
# so bob's port also stops learning: every frame to bob is flooded.
attack_hub() {
	local round=$1
	ip link set virbr0 type bridge ageing_time 0
	ip link set vnic-bob type bridge_slave learning off
	bridge fdb del "${MAC[bob]}" dev vnic-bob master 2>/dev/null
	gxb eve $FRAMES count eth0 3 --src "${IP[alice]}" --dst "${IP[bob]}" \
	    --icmp 8 >"$T/8.eve" &
	local sniff=$!
	gx alice busybox ping -c 20 -i 0.1 -W 2 "${IP[bob]}" >"$T/8.ping"
	wait $sniff
	ip link set vnic-bob type bridge_slave learning on
	ip link set virbr0 type bridge ageing_time 30000
	judge_capture 8 "$round" "$T/8.eve" "$T/8.ping" 20
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
	wait $!
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
	local l25=$!
	gxb alice busybox nc -l -p 80 -e /bin/true &
	local l80=$!
	sleep 0.3
	gx eve busybox timeout 3 busybox nc "${IP[alice]}" 25 </dev/null \
	    >/dev/null 2>&1 && p25=open || p25=closed
	gx eve busybox timeout 3 busybox nc "${IP[alice]}" 80 </dev/null \
	    >/dev/null 2>&1 && p80=open || p80=closed
	kill $l25 $l80 2>/dev/null
	record 7 "$round" "25 $p25, 80 $p80"
}

# The ports' rules are in the kernel (their dispatch elements name them).
rules_back() {
	local rules g
	rules=$(nft list table bridge vigil 2>/dev/null) || return 1
	for g in $GUESTS; do
		case $rules in *"\"vnic-$g\""*) ;; *) return 1 ;; esac
	done
}

vg_log "round none (${SECONDS} s)"
start_guests none
attack_mac none
attack_mac_ip none
# Unfiltered, bob's own frames race eve for the bridge's entry of his MAC;
# on a loaded machine bob may win a try: give eve two more.
for try in 2 3; do
	[ "${RESULT[2,none]}" = blocked ] || break
	vg_log "attack 2 without filters: try $try"
	attack_mac_ip none
done
attack_arp none
attack_ip none
attack_dhcp none
attack_hub none
attack_smtp none
attack_ipv6 none
stop_guests

vg_log "round clean-traffic (${SECONDS} s)"
start_guests clean-traffic
gxb alice busybox ping -i 0.2 "${IP[bob]}" >"$T/throughout.ping" 2>&1 &
THROUGHOUT=$!
mac0=$(drops mac)
attack_mac clean-traffic
attack_mac_ip clean-traffic
attack_arp clean-traffic
attack_ip clean-traffic
attack_dhcp clean-traffic
attack_hub clean-traffic
mac1=$(drops mac)
stats_mac=$(vg_ctl eve '{"cmd":"stats"}' | python3 -c 'import json, sys
print(json.load(sys.stdin)["drops"]["vnic-eve"]["mac"])')
vigil info eve >"$T/eve.info"
rules_back || vg_fail "no rules for the ports in table bridge vigil"
t0=$(date +%s%N)
nft flush ruleset
vg_wait 3 rules_back || vg_fail "rules not back 3 s after nft flush ruleset"
FLUSH_MS=$((($(date +%s%N) - t0) / 1000000))
attack_mac after-flush
# the admin sees both in eve's supervisor log
grep -q "port vnic-eve: filter .* removed by someone else" \
    "$VIGIL_ROOT/var/log/vigil/eve.log" ||
    FAILED+=("eve.log does not tell of the reinstalled filter")
grep -q "port vnic-eve: dropped .* MAC" "$VIGIL_ROOT/var/log/vigil/eve.log" ||
    FAILED+=("eve.log does not tell of MAC spoofing drops: $(grep vnic-eve "$VIGIL_ROOT/var/log/vigil/eve.log")")
kill -INT $THROUGHOUT
wait $THROUGHOUT
stop_guests

vg_log "round clean-traffic-ipv6 (${SECONDS} s)"
start_guests clean-traffic-ipv6
attack_ipv6 clean-traffic-ipv6
stop_guests

vg_log "round smtp (${SECONDS} s)"
mkdir -p "$VIGIL_ROOT/etc/vigil/filters"
cat >"$VIGIL_ROOT/etc/vigil/filters/guest-smtp.xml" <<'EOF'
<filter name='guest-smtp'>
  <filterref filter='clean-traffic'/>
  <filterref filter='no-outbound-smtp'/>
</filter>
EOF
start_guests guest-smtp
attack_smtp guest-smtp
stop_guests

declare -A WHAT=([1]="MAC spoofing, FDB poisoning" [2]="MAC and IP spoofing"
    [3]="ARP spoofing" [4]="IP spoofing" [5]="rogue DHCP server"
    [8]="hub mode (flooding)" [6]="IPv6 neighbour advert."
    [6r]="IPv6 router advert." [7]="TCP 25 and 80 to alice")
row() { printf '%-3s %-28s %-34s %s\n' "$1" "${WHAT[$1]}" "$2" "$3"; }
printf '\n%-3s %-28s %-34s %s\n' "" "eve's attack" "without filters" "with filters"
for a in 1 2 3 4 5 8; do
	row "$a" "${RESULT[$a,none]}" "${RESULT[$a,clean-traffic]}"
done
for a in 6 6r; do
	row "$a" "${RESULT[$a,none]}" "${RESULT[$a,clean-traffic-ipv6]}"
done
row 7 "${RESULT[7,none]}" "${RESULT[7,guest-smtp]} (no-outbound-smtp)"
echo "attack 1 again after 'nft flush ruleset' (rules back in $FLUSH_MS ms): ${RESULT[1,after-flush]}"
echo "alice pinging bob throughout the clean-traffic round: $(grep 'packets transmitted' "$T/throughout.ping")"
echo "vigil info eve (clean-traffic round): eve's MAC-spoofing drops went from $mac0 to $mac1"
sed -n '/^Interface:/,$p' "$T/eve.info"

for a in 1 2 3 8; do
	[ "${RESULT[$a,none]}" != blocked ] ||
	    FAILED+=("attack $a did not work without filters: the test sees nothing")
done
for a in 1 2 3 4 5 8; do
	[ "${RESULT[$a,clean-traffic]}" = blocked ] ||
	    FAILED+=("attack $a with clean-traffic: ${RESULT[$a,clean-traffic]}")
done
[ "${RESULT[1,after-flush]}" = blocked ] ||
    FAILED+=("attack 1 after nft flush ruleset: ${RESULT[1,after-flush]}")
[ "$FLUSH_MS" -le 1000 ] ||
    FAILED+=("rules back only $FLUSH_MS ms after nft flush ruleset")
for a in 6 6r; do
	[ "${RESULT[$a,none]}" != blocked ] ||
	    FAILED+=("attack $a did not work without filters")
	[ "${RESULT[$a,clean-traffic-ipv6]}" = blocked ] ||
	    FAILED+=("attack $a with clean-traffic-ipv6: ${RESULT[$a,clean-traffic-ipv6]}")
done
[ "${RESULT[7,guest-smtp]}" = "25 closed, 80 open" ] ||
    FAILED+=("no-outbound-smtp: ${RESULT[7,guest-smtp]}")
[ "${RESULT[7,none]}" = "25 open, 80 open" ] ||
    FAILED+=("without filters: ${RESULT[7,none]}")
[ "${stats_mac:-0}" -ge "$mac1" ] ||
    FAILED+=("control stats: vnic-eve's MAC drops '$stats_mac', vigil info said $mac1")
[ "$mac1" -gt "$mac0" ] ||
    FAILED+=("eve's MAC-spoofing drops did not rise: $mac0, then $mac1")
# ping's summary: "N packets transmitted, M packets received"; the last
# request may still be in flight when it is stopped.
read -r sent got < <(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) packets received.*/\1 \2/p' "$T/throughout.ping")
[ -n "${sent:-}" ] && [ "$got" -ge $((sent - 1)) ] ||
    FAILED+=("alice lost replies from bob during the attacks: $(grep transmitted "$T/throughout.ping")")
for f in "${FAILED[@]}"; do vg_log "FAIL: $f"; done
[ ${#FAILED[@]} = 0 ] || exit 1
vg_ok "every attack blocked by the filters, undisturbed traffic"
