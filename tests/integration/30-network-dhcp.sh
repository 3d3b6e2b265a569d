#!/bin/bash
# Networks (issue 5): dnsmasq started by net-start hands the seed's fixed
# addresses to alice, bob and eve by MAC, answers only on its bridge, and
# keeps its leases under var/lib. The clients are plain network namespaces
# with a veth into the bridge (no supervisor), running busybox udhcpc.
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
command -v busybox >/dev/null || vg_skip "needs busybox"
command -v nsenter >/dev/null || vg_skip "needs nsenter"
vg_on_exit 'pkill -f "conf-file=$VIGIL_ROOT/"'

vigil net-define "$VIGIL_SRCDIR/conf/examples/default.xml" >/dev/null ||
	vg_fail "net-define"
vigil net-start default >/dev/null 2>&1 || vg_fail "net-start"

cat >"$T/udhcpc.sh" <<'SCRIPT'
#!/bin/sh
[ "$1" = bound ] || exit 0
ip addr add "$ip/$mask" dev "$interface"
echo "$ip" >"/tmp/lease.$interface.$(cat /proc/sys/kernel/hostname 2>/dev/null)"
SCRIPT
chmod +x "$T/udhcpc.sh"

declare -A NSPID
client() {	# client NAME MAC: a namespace with eth0 on virbr0
	local name=$1 mac=$2 pid
	unshare --net sleep 600 &
	pid=$!
	NSPID[$name]=$pid
	vg_on_exit "kill $pid"
	# until unshare has made the namespace, the link would stay here
	vg_wait 5 sh -c "[ \$(readlink /proc/$pid/ns/net) != \$(readlink /proc/$$/ns/net) ]" ||
		vg_fail "$name: no network namespace"
	ip link add "h-$name" type veth peer name "g-$name"
	ip link set "g-$name" netns "$pid"
	ip link set "h-$name" master virbr0 up
	nsenter --net --target "$pid" sh -c "ip link set g-$name name eth0 &&
		ip link set eth0 address $mac && ip link set eth0 up &&
		ip link set lo up"
}
client alice 52:54:00:00:00:11
client bob 52:54:00:00:00:22
client eve 52:54:00:00:00:33
client stranger 52:54:00:00:00:99

leased() {	# leased NAME: the IPv4 address udhcpc configured
	nsenter --net --target "${NSPID[$1]}" ip -4 -o addr show dev eth0 |
		awk '{print $4}'
}
for n in alice bob eve stranger; do
	nsenter --net --target "${NSPID[$n]}" busybox udhcpc -i eth0 -f -q -n \
		-t 8 -T 3 -s "$T/udhcpc.sh" >"$T/udhcpc.$n.log" 2>&1 &
done
wait_lease() { [ -n "$(leased "$1")" ]; }
for n in alice bob eve stranger; do
	vg_wait 40 wait_lease "$n" ||
		vg_fail "$n got no lease: $(cat "$T/udhcpc.$n.log")"
done
[ "$(leased alice)" = 192.168.122.11/24 ] || vg_fail "alice: $(leased alice)"
[ "$(leased bob)" = 192.168.122.22/24 ] || vg_fail "bob: $(leased bob)"
[ "$(leased eve)" = 192.168.122.33/24 ] || vg_fail "eve: $(leased eve)"
s=$(leased stranger)
case $s in
192.168.122.11/*|192.168.122.22/*|192.168.122.33/*|192.168.122.1/*)
	vg_fail "stranger got a reserved address $s" ;;
192.168.122.*/24) ;;
*) vg_fail "stranger: $s" ;;
esac
vg_ok "fixed addresses by MAC, a range address for others ($s)"

leases=$VIGIL_ROOT/var/lib/vigil/networks/default/dnsmasq.leases
grep -q "52:54:00:00:00:11 192.168.122.11 alice" "$leases" ||
	vg_fail "lease file: $(cat "$leases")"
out=$(nsenter --net --target "${NSPID[alice]}" busybox ping -c 3 -i 0.2 -W 2 192.168.122.22) ||
	vg_fail "alice cannot ping bob: $out"
grep -q " 0% packet loss" <<<"$out" || vg_fail "loss: $out"
# dnsmasq listens on the bridge only: its address, or scoped to virbr0
socks=$(ss -H -lntup | grep '"dnsmasq"' | awk '{print $5}')
[ -n "$socks" ] || vg_fail "no dnsmasq sockets"
for s in $socks; do
	case $s in
	192.168.122.1:*|*%virbr0:*) ;;
	*) vg_fail "dnsmasq listens beyond the bridge: $s ($(echo $socks))" ;;
	esac
done
vg_ok "leases kept, alice pings bob, dnsmasq bound to the bridge: $(echo $socks)"

vigil net-destroy default >/dev/null || vg_fail "net-destroy"
ip link show virbr0 >/dev/null 2>&1 && vg_fail "bridge left"
exit 0
