#!/bin/bash
# <bandwidth> (issue 5): a guest on a bridge limited to 1 MiB/s inbound and
# outbound moves 4 MiB each way at 0.8-1.2 MiB/s, while an unlimited guest
# on the same bridge runs far faster. The transfers stay inside the test's
# network namespace (bridge br0 with 10.0.0.1).
. "$VIGIL_SRCDIR/tests/lib/helpers.sh"
vg_setup
vg_on_exit vg_kill_supervisors
command -v busybox >/dev/null || vg_skip "needs busybox"

ip link add br0 type bridge
ip addr add 10.0.0.1/24 dev br0
ip link set br0 up

guest() {	# guest NAME MAC BANDWIDTH-XML
	vg_busybox_root "$T/$1"
	VG_DEVICES="<filesystem type='mount'><source dir='$T/$1'/><target dir='/'/></filesystem>
<interface type='bridge'>
  <mac address='$2'/>
  <source bridge='br0'/>
  <target dev='vnic-$1'/>
  $3
</interface>" vg_domain "$T/$1.xml" "$1" /bin/sleep 100000
	vigil start "$T/$1.xml" >/dev/null || vg_fail "start $1"
}
guest slow 52:54:00:00:01:01 "<bandwidth><inbound average='1024'/><outbound average='1024'/></bandwidth>"
guest fast 52:54:00:00:01:02 ""
slow=$(vg_state slow init_pid)
fast=$(vg_state fast init_pid)
nsenter --net --target "$slow" ip addr add 10.0.0.2/24 dev eth0
nsenter --net --target "$fast" ip addr add 10.0.0.3/24 dev eth0

tc qdisc show dev vnic-slow root | grep -q "tbf .* rate 8388Kbit" ||
	vg_fail "no tbf on vnic-slow: $(tc qdisc show dev vnic-slow)"
tc -d filter show dev vnic-slow parent ffff: | grep -q "Egress Redirect to device vgb" ||
	vg_fail "no ingress redirect: $(tc filter show dev vnic-slow parent ffff:)"

MIB=4
# xfer FROM-PID|host TO-PID|host ADDR PORT: seconds to move $MIB MiB
xfer() {
	local from=$1 to=$2 addr=$3 port=$4 run_to=() run_from=() t0 t1
	[ "$to" = host ] || run_to=(nsenter --net --target "$to")
	[ "$from" = host ] || run_from=(nsenter --net --target "$from")
	rm -f "$T/end"
	("${run_to[@]}" busybox nc -l -p "$port" >/dev/null
	 date +%s.%N >"$T/end") &
	sleep 0.3
	t0=$(date +%s.%N)
	"${run_from[@]}" bash -c "dd if=/dev/zero bs=64k count=$((MIB * 16)) 2>/dev/null >/dev/tcp/$addr/$port" ||
		vg_fail "transfer to $addr:$port"
	wait
	t1=$(cat "$T/end")
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}
rate() { echo "$1" | awk -v m="$MIB" '{ printf "%.2f\n", m / $1 }'; }
within() { echo "$1" | awk '{ exit !($1 >= 0.8 && $1 <= 1.2) }'; }

t=$(xfer host "$slow" 10.0.0.2 5000)
in_rate=$(rate "$t")
within "$in_rate" || vg_fail "inbound: $MIB MiB in $t s = $in_rate MiB/s"
t=$(xfer "$slow" host 10.0.0.1 5001)
out_rate=$(rate "$t")
within "$out_rate" || vg_fail "outbound: $MIB MiB in $t s = $out_rate MiB/s"
t=$(xfer host "$fast" 10.0.0.3 5002)
fast_rate=$(rate "$t")
echo "$fast_rate" | awk '{ exit !($1 > 5) }' ||
	vg_fail "the unlimited guest is slow too: $fast_rate MiB/s"
vg_ok "limited to 1 MiB/s: inbound $in_rate MiB/s, outbound $out_rate MiB/s (unlimited: $fast_rate MiB/s)"

ifb=$(ip -o link show | grep -o 'vgb[0-9]*' | head -1)
[ -n "$ifb" ] || vg_fail "no ifb device while the limited guest runs"
vigil destroy slow >/dev/null || vg_fail "destroy slow"
ip link show "$ifb" >/dev/null 2>&1 && vg_fail "$ifb left after destroy"
ip link show vnic-slow >/dev/null 2>&1 && vg_fail "vnic-slow left after destroy"
vigil destroy fast >/dev/null || vg_fail "destroy fast"
vg_ok "limits go with the port"
exit 0
