# Shared helpers for integration tests (sourced). Each test runs inside its own
# network and mount namespaces under a temporary --root and a unique cgroup
# parent, and cleans up on every exit path.
#
#   . "$VIGIL_SRCDIR/tests/lib/helpers.sh"
#   vg_setup                # re-execs the test inside new namespaces
#   vg_busybox_root "$T/root1"
#   vigil start ...         # runs the built launcher with --root
#   vg_ok "what"  / vg_fail "what"

VIGIL_SRCDIR=${VIGIL_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VIGIL_BUILDDIR=${VIGIL_BUILDDIR:-$VIGIL_SRCDIR/build/dev}
VG_CLEANUPS=()

vg_log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
vg_fail() { vg_log "FAIL: $*"; exit 1; }
vg_ok() { vg_log "ok: $*"; }
vg_skip() { vg_log "SKIP: $*"; exit 77; }

# Run a command when the test exits (last registered runs first).
vg_on_exit() { VG_CLEANUPS=("$*" "${VG_CLEANUPS[@]}"); }

vg_cleanup() {
	local c
	set +e
	for c in "${VG_CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
	vg_kill_supervisors
	vg_cgroup_purge
	[ -n "${T:-}" ] && [ -d "$T" ] && umount -R "$T" 2>/dev/null; 
	[ -n "${T:-}" ] && rm -rf "$T"
}

# Kill and remove everything under this test's cgroup parent.
vg_cgroup_purge() {
	local d
	[ -n "${VIGIL_CGROUP_PARENT:-}" ] || return 0
	for d in /sys/fs/cgroup/*/"$VIGIL_CGROUP_PARENT" /sys/fs/cgroup/"$VIGIL_CGROUP_PARENT"; do
		[ -d "$d" ] || continue
		find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -9 2>/dev/null
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
}

# Re-exec the calling test inside new network + mount namespaces, then set up
# T (temporary dir), VIGIL_ROOT and VIGIL_CGROUP_PARENT.
vg_setup() {
	[ "$(id -u)" -eq 0 ] || vg_skip "needs root"
	command -v unshare >/dev/null || vg_skip "needs unshare"
	if [ -z "${VG_IN_NS:-}" ]; then
		export VG_IN_NS=1
		exec unshare --net --mount --propagation private -- bash "$0" "$@"
	fi
	ip link set lo up
	T=$(mktemp -d /tmp/vigil-test.XXXXXX)
	export VIGIL_ROOT=$T/root
	export VIGIL_CGROUP_PARENT=vigil-test-$$-$RANDOM
	export VIGIL_FILTER_DIR=$VIGIL_SRCDIR/filters/builtin
	mkdir -p "$VIGIL_ROOT"
	trap vg_cleanup EXIT
	trap 'exit 1' INT TERM
}

# The launcher as built, always under the test's root.
vigil() { "$VIGIL_BUILDDIR/vigil" --root "$VIGIL_ROOT" "$@"; }

# A minimal busybox root filesystem at $1.
vg_busybox_root() {
	local dir=$1 bb
	bb=$(command -v busybox || echo /bin/busybox)
	[ -x "$bb" ] || vg_skip "needs busybox (busybox-static)"
	mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,var/www,etc/httpd,run}
	cp "$bb" "$dir/bin/busybox"
	# one process for the ~400 links (ln for each took 2 s)
	"$bb" --list | D=$dir/bin perl -ne 'chomp;
		-e "$ENV{D}/$_" or symlink("busybox", "$ENV{D}/$_") or
		    die "$ENV{D}/$_: $!\n"' || vg_fail "busybox links in $dir"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
	echo 'root:x:0:' >"$dir/etc/group"
}

# vg_wait SECONDS CMD...: retry CMD every 50 ms until it succeeds.
vg_wait() {
	local limit=$1 i=0; shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge $((limit * 20)) ] && return 1
		sleep 0.05
	done
}

# Write a guest XML: vg_guest NAME FILE <<'EOF' ... (body inside <devices>)
vg_write() { cat >"$1"; }

# --- guests (vigil start & co) ---

# vg_xml TEXT: TEXT escaped for XML element content or a quoted attribute.
vg_xml() {
	local s=$1
	# Quoted replacements: bash 5.2 expands a bare & to the match.
	s=${s//&/"&amp;"}; s=${s//</"&lt;"}; s=${s//>/"&gt;"}
	s=${s//\'/"&apos;"}; s=${s//\"/"&quot;"}
	printf '%s' "$s"
}

# vg_domain FILE NAME INIT [ARG...]: a container guest config. $VG_DEVICES
# goes inside <devices>, $VG_EXTRA after <os> (<features>...), and
# $VG_MEMORY_KIB is the memory limit (default 65536).
vg_domain() {
	local file=$1 name=$2 init=$3 a args=
	shift 3
	for a in "$@"; do
		args+="    <initarg>$(vg_xml "$a")</initarg>"$'\n'
	done
	cat >"$file" <<XML
<domain type='lxc'>
  <name>$name</name>
  <memory>${VG_MEMORY_KIB:-65536}</memory>
  <os>
    <type>exe</type>
    <init>$(vg_xml "$init")</init>
$args  </os>
${VG_EXTRA:-}
  <devices>
    <console type='pty'/>
${VG_DEVICES:-}
  </devices>
</domain>
XML
}

# vg_net_guest NAME MAC EXTRA INIT [ARG...]: $T/NAME.xml, a container with
# its own busybox root at $T/NAME (made if missing) and one interface on
# network 'default' with MAC and host port vnic-NAME; EXTRA goes inside
# <interface> (a <filterref>, a <bandwidth>). The root's /bin/dhcp.sh is a
# udhcpc script that sets the address and writes "IP SERVER" to $LEASE
# (default /tmp/lease); VG_DHCP_INIT is an init script that runs it.
VG_DHCP_INIT='udhcpc -i eth0 -f -q -t 20 -T 2 -s /bin/dhcp.sh >/tmp/udhcpc.log 2>&1; exec sleep 100000'
vg_net_guest() {
	local name=$1 mac=$2 extra=$3
	shift 3
	if [ ! -d "$T/$name" ]; then
		vg_busybox_root "$T/$name"
		cat >"$T/$name/bin/dhcp.sh" <<'SCRIPT'
#!/bin/sh
[ "$1" = bound ] || exit 0
ip addr add "$ip/$mask" dev "$interface"
echo "$ip $serverid" >"${LEASE:-/tmp/lease}"
SCRIPT
		chmod +x "$T/$name/bin/dhcp.sh"
	fi
	VG_DEVICES="<filesystem type='mount'><source dir='$T/$name'/><target dir='/'/></filesystem>
<interface type='network'>
  <mac address='$mac'/>
  <source network='default'/>
  <target dev='vnic-$name'/>
  $extra
</interface>" vg_domain "$T/$name.xml" "$name" "$@"
}

# vg_in_net GUEST CMD...: run CMD in GUEST's network namespace, as root in
# the guest could. vg_in_net_bg: the same for `vg_in_net_bg ... &`, whose
# $! is then CMD's own pid.
vg_in_net() {
	local g=$1
	shift
	nsenter --net --target "$(vg_state "$g" init_pid)" "$@"
}
vg_in_net_bg() {
	local g=$1
	shift
	exec nsenter --net --target "$(vg_state "$g" init_pid)" "$@"
}

# vg_rogue_dhcpd_conf FILE NET: a busybox udhcpd config for a guest's eth0
# handing out NET.200-210 with NET.33 (eve) as the router.
vg_rogue_dhcpd_conf() {
	cat >"$1" <<CONF
start $2.200
end $2.210
interface eth0
lease_file $1.leases
opt router $2.33
CONF
	touch "$1.leases"
}

# vg_state NAME FIELD: a field of NAME's state.json (numbers and strings).
vg_state() {
	sed -n "s/^ *\"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" \
		"$VIGIL_ROOT/run/vigil/guests/$1/state.json" 2>/dev/null
}

# vg_ctl NAME LINE...: send each LINE to NAME's control socket, close our
# sending side, print every answer line.
vg_ctl() {
	local sock=$VIGIL_ROOT/run/vigil/guests/$1/control.sock
	shift
	perl -MIO::Socket::UNIX -MSocket -e '
		my $p = shift;
		my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $p)
			or die "connect $p: $!\n";
		print $s "$_\n" for @ARGV;
		shutdown($s, 1);
		print while <$s>;' "$sock" "$@"
}

# vg_gone NAME: true once NAME's run dir has been removed.
vg_gone() { [ ! -e "$VIGIL_ROOT/run/vigil/guests/$1" ]; }

# vg_cgroups NAME: NAME's cgroup directories that exist (none: no output).
vg_cgroups() {
	local d
	for d in /sys/fs/cgroup/*/"$VIGIL_CGROUP_PARENT/$1" \
	    /sys/fs/cgroup/"$VIGIL_CGROUP_PARENT/$1"; do
		[ -d "$d" ] && echo "$d"
	done
	return 0
}

# vg_kill_supervisors: SIGKILL the supervisors of this root (on exit).
vg_kill_supervisors() {
	local f pid
	[ -n "${VIGIL_ROOT:-}" ] || return 0
	for f in "$VIGIL_ROOT"/run/vigil/guests/*/state.json; do
		[ -f "$f" ] || continue
		pid=$(sed -n 's/^ *"supervisor_pid": \([0-9]*\),$/\1/p' "$f" 2>/dev/null)
		[ -n "$pid" ] && grep -qs vigil-supervisor "/proc/$pid/cmdline" &&
			kill -9 "$pid"
	done
	return 0
}
