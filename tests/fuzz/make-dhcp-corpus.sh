#!/bin/bash
# Regenerates tests/fuzz/corpus/dhcp/ from real traffic: dnsmasq serves
# busybox udhcpc (DHCPv4) and dhclient -6 (DHCPv6) across a veth pair, each
# end in a network namespace this script creates; a small AF_PACKET capture
# (compiled here) saves every DHCP frame seen on the server's end, one file
# per frame, named by number, direction and message type.
#
# Usage (root): tests/fuzz/make-dhcp-corpus.sh [OUTDIR]
# Needs: cc, dnsmasq, busybox, dhclient (isc-dhcp-client), iproute2.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/fuzz/corpus/dhcp}

[ "$(id -u)" -eq 0 ] || { echo "make-dhcp-corpus: must run as root" >&2; exit 77; }
for t in cc dnsmasq busybox dhclient ip unshare nsenter; do
	command -v "$t" >/dev/null ||
		{ echo "make-dhcp-corpus: $t not found" >&2; exit 1; }
done

# Everything below runs in a private network and mount namespace.
if [ -z "${MAKE_DHCP_CORPUS_NS:-}" ]; then
	exec env MAKE_DHCP_CORPUS_NS=1 unshare --net --mount --fork \
	    bash "$0" "$out"
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
	if [ -n "${VERBOSE:-}" ]; then
		cat "$tmp"/*.log 2>/dev/null || true
	fi
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

cat >"$tmp/cap.c" <<'EOF'
/* Save each DHCP/DHCPv6 frame seen on an interface to OUTDIR/NNN-DIR-TYPE. */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *v4names[] = { "bootp", "discover", "offer", "request",
    "decline", "ack", "nak", "release", "inform" };
static const char *v6names[] = { "0", "solicit", "advertise", "request",
    "confirm", "renew", "rebind", "reply", "release", "decline",
    "reconfigure", "info-request" };

/* The message type of a DHCP frame, or NULL for anything else. */
static const char *
dhcp_type(const unsigned char *b, size_t n)
{
	size_t ihl, i;
	unsigned dport;

	if (n > 14 + 20 && b[12] == 0x08 && b[13] == 0x00 && b[23] == 17) {
		ihl = (b[14] & 15) * 4u;
		if (n < 14 + ihl + 8 + 241)
			return NULL;
		dport = b[14 + ihl + 2] << 8 | b[14 + ihl + 3];
		if (dport != 67 && dport != 68)
			return NULL;
		for (i = 14 + ihl + 8 + 240; i + 2 < n && b[i] != 255;
		    i += b[i] == 0 ? 1 : 2u + b[i + 1])
			if (b[i] == 53 && b[i + 2] <= 8)
				return v4names[b[i + 2]];
		return "bootp";
	}
	if (n > 14 + 48 && b[12] == 0x86 && b[13] == 0xdd && b[20] == 17) {
		dport = b[56] << 8 | b[57];
		if (dport != 546 && dport != 547)
			return NULL;
		return b[62] <= 11 ? v6names[b[62]] : "v6-other";
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned char buf[65536];
	socklen_t sl = sizeof sll;
	const char *type;
	char path[4096];
	int fd, count = 0;
	ssize_t n;
	FILE *f;

	if (argc != 3)
		return 2;
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int) if_nametoindex(argv[1]);
	if (fd < 0 || bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
		perror("cap");
		return 1;
	}
	fprintf(stderr, "cap: listening on %s\n", argv[1]);
	for (;;) {
		n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *) &sll,
		    &sl);
		if (n < 0 || (type = dhcp_type(buf, (size_t) n)) == NULL)
			continue;
		snprintf(path, sizeof path, "%s/real-%03d-%s-%s", argv[2],
		    ++count, sll.sll_pkttype == PACKET_OUTGOING ?
		    "to-client" : "from-client", type);
		if ((f = fopen(path, "wb")) != NULL) {
			fwrite(buf, 1, (size_t) n, f);
			fclose(f);
		}
	}
}
EOF
cc -O1 -o "$tmp/cap" "$tmp/cap.c"

cat >"$tmp/udhcpc.script" <<'EOF'
#!/bin/sh
# udhcpc event script: put the leased address on the interface.
case "$1" in
bound|renew)
	busybox ip -4 addr flush dev "$interface"
	busybox ip addr add "$ip/${mask:-24}" dev "$interface" ;;
deconfig)
	busybox ip -4 addr flush dev "$interface" ;;
esac
EOF
chmod +x "$tmp/udhcpc.script"

mount -t tmpfs tmpfs /run
sysctl -qw net.ipv6.conf.default.accept_dad=0
sysctl -qw net.ipv6.conf.all.accept_dad=0

# The client's namespace: a sleeping process to enter.
unshare --net sleep 600 &
cns=$!
pids+=("$cns")
sleep 0.2
in_client() { nsenter --net --target "$cns" "$@"; }
in_client sysctl -qw net.ipv6.conf.default.accept_dad=0
in_client sysctl -qw net.ipv6.conf.all.accept_dad=0

ip link add srv0 type veth peer name cli0
ip link set cli0 netns "$cns"
ip link set lo up
ip link set srv0 up
ip addr add 10.77.0.1/24 dev srv0
ip -6 addr add fd77::1/64 dev srv0 nodad
in_client ip link set lo up
in_client ip link set cli0 up

mkdir -p "$out"
rm -f "$out"/real-*
"$tmp/cap" srv0 "$out" &
pids+=("$!")

dnsmasq_start() {	# RANGE4 [RANGE6]
	local args=(--keep-in-foreground --conf-file=/dev/null --port=0
	    --interface=srv0 --bind-interfaces --user=root
	    --dhcp-leasefile="$tmp/leases.$1" --pid-file="$tmp/dnsmasq.pid"
	    --dhcp-authoritative --no-ping --log-facility=- --log-dhcp
	    --dhcp-range="$1,255.255.255.0,3m")
	[ $# -gt 1 ] && args+=(--dhcp-range="$2,64,3m")
	dnsmasq "${args[@]}" 2>>"$tmp/dnsmasq.log" &
	dns=$!
	pids+=("$dns")
	sleep 0.5
}

# DHCPv4: discover, offer, request, ack; renew; release; discover again.
dnsmasq_start 10.77.0.50,10.77.0.60 fd77::50,fd77::60
# (nsenter directly, not a function: $! must be udhcpc itself)
nsenter --net --target "$cns" busybox udhcpc -f -a -i cli0 -s "$tmp/udhcpc.script" \
    -t 5 -T 1 -x hostname:corpus >>"$tmp/udhcpc.log" 2>&1 &
udhcpc=$!
pids+=("$udhcpc")
sleep 3
kill -USR1 "$udhcpc"; sleep 1		# renew: unicast request, ack
kill -USR2 "$udhcpc"; sleep 1		# release
kill -USR1 "$udhcpc"; sleep 3		# discover again

# DHCPv6: solicit, advertise, request, reply; then release, reply.
in_client dhclient -6 -1 -v -lf "$tmp/dhclient6.leases" \
    -pf "$tmp/dhclient6.pid" -sf /bin/true cli0 >>"$tmp/dhclient.log" 2>&1 ||
    { echo "make-dhcp-corpus: dhclient -6 failed (VERBOSE=1 shows why)" >&2; exit 1; }
sleep 1
in_client dhclient -6 -r -v -lf "$tmp/dhclient6.leases" \
    -pf "$tmp/dhclient6.pid" -sf /bin/true cli0 >>"$tmp/dhclient.log" 2>&1
sleep 1

# A server that no longer has the client's address: renew gets a NAK; the
# one address it offers is in use (answered to ARP), so the client declines.
kill "$dns"; wait "$dns" 2>/dev/null || true
ip addr add 10.77.0.100/32 dev lo
dnsmasq_start 10.77.0.100,10.77.0.100
kill -USR1 "$udhcpc"; sleep 4
kill "$udhcpc"; sleep 0.5

echo "make-dhcp-corpus: $(ls "$out"/real-* 2>/dev/null | wc -l) frames in $out:"
ls "$out" | sed 's/^/  /'