#!/usr/bin/env python3
"""Raw frames for the attack tests: forge what an attacking guest would
send, and count what a guest receives, on one interface (AF_PACKET).

  frames.py count IFACE SECONDS [--src IP] [--dst IP] [--icmp TYPE]
            [--udp-dport N] [--src-mac MAC]
      print how many IPv4 frames matching all given conditions arrive
  frames.py garp IFACE MAC IP COUNT           gratuitous ARP requests
  frames.py arpreply IFACE MAC IP TOMAC TOIP COUNT
      unsolicited ARP replies saying IP is at MAC
  frames.py udp IFACE MAC SRCIP TOMAC DSTIP DPORT COUNT
  frames.py na IFACE MAC SRCIP6 TARGET6 COUNT
      unsolicited, overriding neighbour advertisements (to all nodes)
      saying TARGET6 is at MAC
  frames.py ra IFACE MAC SRCIP6 PREFIX6 COUNT
      router advertisements (to all nodes) with a /64 prefix
  frames.py dhcp IFACE MAC SRCIP TOMAC DSTIP TYPE CHADDR YIADDR COUNT GAP
      DHCP messages of TYPE (1 discover ... 5 ack), server id SRCIP, one
      hour's lease, every GAP seconds (0: as fast as the socket takes)
"""
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4(s):
    return socket.inet_aton(s)


def ip6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def send(iface, frame, count, gap=0.05):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for _ in range(count):
        while True:
            try:
                s.send(frame)
                break
            except BlockingIOError:
                time.sleep(0.001)
        if gap:
            time.sleep(gap)


def arp(op, smac, sip, tmac, tip, dst):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op)
    body += mac(smac) + ip4(sip) + mac(tmac) + ip4(tip)
    return mac(dst) + mac(smac) + b"\x08\x06" + body


def ipv4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0,
                      64, proto, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def dhcp(mtype, server, chaddr, yiaddr):
    """A BOOTP message with DHCP options: type, server id, lease time."""
    op = 1 if mtype in (1, 3, 4, 7, 8) else 2
    bootp = struct.pack("!BBBBIHH4s4s4s4s", op, 1, 6, 0, 0x5649474c, 0,
                        0x8000, b"\0" * 4, ip4(yiaddr), b"\0" * 4, b"\0" * 4)
    bootp += mac(chaddr) + b"\0" * 10 + b"\0" * 192
    bootp += b"\x63\x82\x53\x63" + bytes([53, 1, mtype, 54, 4]) + ip4(server)
    bootp += bytes([51, 4]) + struct.pack("!I", 3600) + b"\xff"
    sport, dport = (68, 67) if op == 1 else (67, 68)
    return struct.pack("!HHHH", sport, dport, 8 + len(bootp), 0) + bootp


def icmp6(src, dst, body):
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", len(body), 58)
    body = body[:2] + struct.pack("!H", csum(pseudo + body)) + body[4:]
    hdr = struct.pack("!IHBB", 6 << 28, len(body), 58, 255)
    return hdr + ip6(src) + ip6(dst) + body


def count(argv):
    iface, secs = argv[0], float(argv[1])
    want = {}
    i = 2
    while i < len(argv):
        want[argv[i]] = argv[i + 1]
        i += 2
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.1)
    end = time.time() + secs
    n = 0
    while time.time() < end:
        try:
            frame, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        if addr[2] == PACKET_OUTGOING or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        if "--src-mac" in want and frame[6:12] != mac(want["--src-mac"]):
            continue
        if "--src" in want and ip[12:16] != ip4(want["--src"]):
            continue
        if "--dst" in want and ip[16:20] != ip4(want["--dst"]):
            continue
        l4 = ip[(ip[0] & 15) * 4:]
        if "--icmp" in want and (ip[9] != 1 or l4[0] != int(want["--icmp"])):
            continue
        if "--udp-dport" in want and (
                ip[9] != 17 or l4[2:4] != struct.pack(
                    "!H", int(want["--udp-dport"]))):
            continue
        n += 1
    print(n)


def main(argv):
    cmd, a = argv[0], argv[1:]
    if cmd == "count":
        count(a)
    elif cmd == "garp":
        send(a[0], arp(1, a[1], a[2], "00:00:00:00:00:00", a[2],
                       "ff:ff:ff:ff:ff:ff"), int(a[3]))
    elif cmd == "arpreply":
        send(a[0], arp(2, a[1], a[2], a[3], a[4], a[3]), int(a[5]))
    elif cmd == "udp":
        payload = struct.pack("!HHHH", 4000, int(a[5]), 12, 0) + b"spam"
        frame = mac(a[3]) + mac(a[1]) + b"\x08\x00" + ipv4(a[2], a[4], 17,
                                                           payload)
        send(a[0], frame, int(a[6]))
    elif cmd == "na":
        # flags: override (0x20000000), TLLA option (type 2) = MAC
        body = struct.pack("!BBHI", 136, 0, 0, 0x20000000) + ip6(a[3])
        body += bytes([2, 1]) + mac(a[1])
        frame = mac("33:33:00:00:00:01") + mac(a[1]) + b"\x86\xdd"
        send(a[0], frame + icmp6(a[2], "ff02::1", body), int(a[4]))
    elif cmd == "ra":
        body = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
        body += bytes([1, 1]) + mac(a[1])
        body += struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0)
        body += ip6(a[3])
        frame = mac("33:33:00:00:00:01") + mac(a[1]) + b"\x86\xdd"
        send(a[0], frame + icmp6(a[2], "ff02::1", body), int(a[4]))
    elif cmd == "dhcp":
        payload = dhcp(int(a[5]), a[2], a[6], a[7])
        frame = mac(a[3]) + mac(a[1]) + b"\x08\x00" + ipv4(a[2], a[4], 17,
                                                           payload)
        send(a[0], frame, int(a[8]), float(a[9]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
