/* Protocol elements and their attributes, as libvirt's nwfilter defines
 * them, plus three vigil extensions (documented in nwf-parse.c):
 * arp/rarp hwlen= and protolen=, ip dhcpchaddr=, ipv6 ndtarget=. */
#include <string.h>

#include "filters/nwf-attr.h"

static const struct nwf_attr_def mac_hdr[] = {
	{ "srcmacaddr", NWF_A_SRCMACADDR, NWF_V_MAC },
	{ "srcmacmask", NWF_A_SRCMACMASK, NWF_V_MACMASK },
	{ "dstmacaddr", NWF_A_DSTMACADDR, NWF_V_MAC },
	{ "dstmacmask", NWF_A_DSTMACMASK, NWF_V_MACMASK },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def comment[] = {
	{ "comment", NWF_A_COMMENT, NWF_V_STRING },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def mac_only[] = {
	{ "protocolid", NWF_A_PROTOCOLID, NWF_V_ETHERTYPE },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def vlan_only[] = {
	{ "vlanid", NWF_A_VLANID, NWF_V_VLANID },
	{ "encap-protocol", NWF_A_ENCAP, NWF_V_VLANENCAP },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def stp_only[] = {
	{ "srcmacaddr", NWF_A_SRCMACADDR, NWF_V_MAC },
	{ "srcmacmask", NWF_A_SRCMACMASK, NWF_V_MACMASK },
	{ "type", NWF_A_STP_TYPE, NWF_V_U8 },
	{ "flags", NWF_A_STP_FLAGS, NWF_V_U8 },
	{ "root-priority", NWF_A_ROOT_PRIO, NWF_V_U16 },
	{ "root-priority-hi", NWF_A_ROOT_PRIO_HI, NWF_V_U16 },
	{ "root-address", NWF_A_ROOT_ADDR, NWF_V_MAC },
	{ "root-address-mask", NWF_A_ROOT_ADDR_MASK, NWF_V_MACMASK },
	{ "root-cost", NWF_A_ROOT_COST, NWF_V_U32 },
	{ "root-cost-hi", NWF_A_ROOT_COST_HI, NWF_V_U32 },
	{ "sender-priority", NWF_A_SENDER_PRIO, NWF_V_U16 },
	{ "sender-priority-hi", NWF_A_SENDER_PRIO_HI, NWF_V_U16 },
	{ "sender-address", NWF_A_SENDER_ADDR, NWF_V_MAC },
	{ "sender-address-mask", NWF_A_SENDER_ADDR_MASK, NWF_V_MACMASK },
	{ "port", NWF_A_PORT, NWF_V_U16 },
	{ "port-hi", NWF_A_PORT_HI, NWF_V_U16 },
	{ "age", NWF_A_AGE, NWF_V_U16 },
	{ "age-hi", NWF_A_AGE_HI, NWF_V_U16 },
	{ "max-age", NWF_A_MAX_AGE, NWF_V_U16 },
	{ "max-age-hi", NWF_A_MAX_AGE_HI, NWF_V_U16 },
	{ "hello-time", NWF_A_HELLO, NWF_V_U16 },
	{ "hello-time-hi", NWF_A_HELLO_HI, NWF_V_U16 },
	{ "forward-delay", NWF_A_FWD_DELAY, NWF_V_U16 },
	{ "forward-delay-hi", NWF_A_FWD_DELAY_HI, NWF_V_U16 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def arp_only[] = {
	{ "hwtype", NWF_A_HWTYPE, NWF_V_U16 },
	{ "protocoltype", NWF_A_PROTOCOLTYPE, NWF_V_U16 },
	{ "opcode", NWF_A_OPCODE, NWF_V_ARPOP },
	{ "arpsrcmacaddr", NWF_A_ARPSRCMACADDR, NWF_V_MAC },
	{ "arpdstmacaddr", NWF_A_ARPDSTMACADDR, NWF_V_MAC },
	{ "arpsrcipaddr", NWF_A_ARPSRCIPADDR, NWF_V_IP4 },
	{ "arpsrcipmask", NWF_A_ARPSRCIPMASK, NWF_V_IP4MASK },
	{ "arpdstipaddr", NWF_A_ARPDSTIPADDR, NWF_V_IP4 },
	{ "arpdstipmask", NWF_A_ARPDSTIPMASK, NWF_V_IP4MASK },
	{ "gratuitous", NWF_A_GRATUITOUS, NWF_V_BOOL },
	{ "hwlen", NWF_A_HWLEN, NWF_V_U8 },
	{ "protolen", NWF_A_PROTOLEN, NWF_V_U8 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def ports[] = {
	{ "srcportstart", NWF_A_SRCPORTSTART, NWF_V_U16 },
	{ "srcportend", NWF_A_SRCPORTEND, NWF_V_U16 },
	{ "dstportstart", NWF_A_DSTPORTSTART, NWF_V_U16 },
	{ "dstportend", NWF_A_DSTPORTEND, NWF_V_U16 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def ip_l2[] = {
	{ "srcipaddr", NWF_A_SRCIPADDR, NWF_V_IP4 },
	{ "srcipmask", NWF_A_SRCIPMASK, NWF_V_IP4MASK },
	{ "dstipaddr", NWF_A_DSTIPADDR, NWF_V_IP4 },
	{ "dstipmask", NWF_A_DSTIPMASK, NWF_V_IP4MASK },
	{ "protocol", NWF_A_PROTOCOL, NWF_V_IPPROTO },
	{ "dscp", NWF_A_DSCP, NWF_V_DSCP },
	{ "dhcpchaddr", NWF_A_DHCPCHADDR, NWF_V_MAC },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def ipv6_l2[] = {
	{ "srcipaddr", NWF_A_SRCIPADDR, NWF_V_IP6 },
	{ "srcipmask", NWF_A_SRCIPMASK, NWF_V_IP6MASK },
	{ "dstipaddr", NWF_A_DSTIPADDR, NWF_V_IP6 },
	{ "dstipmask", NWF_A_DSTIPMASK, NWF_V_IP6MASK },
	{ "protocol", NWF_A_PROTOCOL, NWF_V_IPPROTO },
	{ "type", NWF_A_TYPE, NWF_V_U8 },
	{ "typeend", NWF_A_TYPEEND, NWF_V_U8 },
	{ "code", NWF_A_CODE, NWF_V_U8 },
	{ "codeend", NWF_A_CODEEND, NWF_V_U8 },
	{ "ndtarget", NWF_A_NDTARGET, NWF_V_IP6 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def l3_mac[] = {
	{ "srcmacaddr", NWF_A_SRCMACADDR, NWF_V_MAC },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def l3_ip4[] = {
	{ "srcipaddr", NWF_A_SRCIPADDR, NWF_V_IP4 },
	{ "srcipmask", NWF_A_SRCIPMASK, NWF_V_IP4MASK },
	{ "dstipaddr", NWF_A_DSTIPADDR, NWF_V_IP4 },
	{ "dstipmask", NWF_A_DSTIPMASK, NWF_V_IP4MASK },
	{ "srcipfrom", NWF_A_SRCIPFROM, NWF_V_IP4 },
	{ "srcipto", NWF_A_SRCIPTO, NWF_V_IP4 },
	{ "dstipfrom", NWF_A_DSTIPFROM, NWF_V_IP4 },
	{ "dstipto", NWF_A_DSTIPTO, NWF_V_IP4 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def l3_ip6[] = {
	{ "srcipaddr", NWF_A_SRCIPADDR, NWF_V_IP6 },
	{ "srcipmask", NWF_A_SRCIPMASK, NWF_V_IP6MASK },
	{ "dstipaddr", NWF_A_DSTIPADDR, NWF_V_IP6 },
	{ "dstipmask", NWF_A_DSTIPMASK, NWF_V_IP6MASK },
	{ "srcipfrom", NWF_A_SRCIPFROM, NWF_V_IP6 },
	{ "srcipto", NWF_A_SRCIPTO, NWF_V_IP6 },
	{ "dstipfrom", NWF_A_DSTIPFROM, NWF_V_IP6 },
	{ "dstipto", NWF_A_DSTIPTO, NWF_V_IP6 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def l3_common[] = {
	{ "dscp", NWF_A_DSCP, NWF_V_DSCP },
	{ "connlimit-above", NWF_A_CONNLIMIT, NWF_V_U16 },
	{ "state", NWF_A_STATE, NWF_V_STATE },
	{ "ipset", NWF_A_IPSET, NWF_V_IPSET },
	{ "ipsetflags", NWF_A_IPSETFLAGS, NWF_V_IPSETFLAGS },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def tcp_only[] = {
	{ "option", NWF_A_TCP_OPTION, NWF_V_U8 },
	{ "flags", NWF_A_TCP_FLAGS, NWF_V_TCPFLAGS },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def icmp_only[] = {
	{ "type", NWF_A_TYPE, NWF_V_U8 },
	{ "code", NWF_A_CODE, NWF_V_U8 },
	{ NULL, 0, 0 },
};

static const struct nwf_attr_def *const g_mac[] = {
	mac_hdr, mac_only, comment, NULL };
static const struct nwf_attr_def *const g_vlan[] = {
	mac_hdr, vlan_only, comment, NULL };
static const struct nwf_attr_def *const g_stp[] = {
	stp_only, comment, NULL };
static const struct nwf_attr_def *const g_arp[] = {
	mac_hdr, arp_only, comment, NULL };
static const struct nwf_attr_def *const g_ip[] = {
	mac_hdr, ip_l2, ports, comment, NULL };
static const struct nwf_attr_def *const g_ipv6[] = {
	mac_hdr, ipv6_l2, ports, comment, NULL };
static const struct nwf_attr_def *const g_tcp[] = {
	l3_mac, l3_ip4, l3_common, ports, tcp_only, comment, NULL };
static const struct nwf_attr_def *const g_ports4[] = {
	l3_mac, l3_ip4, l3_common, ports, comment, NULL };
static const struct nwf_attr_def *const g_plain4[] = {
	l3_mac, l3_ip4, l3_common, comment, NULL };
static const struct nwf_attr_def *const g_icmp[] = {
	l3_mac, l3_ip4, l3_common, icmp_only, comment, NULL };
static const struct nwf_attr_def *const g_tcp6[] = {
	l3_mac, l3_ip6, l3_common, ports, tcp_only, comment, NULL };
static const struct nwf_attr_def *const g_ports6[] = {
	l3_mac, l3_ip6, l3_common, ports, comment, NULL };
static const struct nwf_attr_def *const g_plain6[] = {
	l3_mac, l3_ip6, l3_common, comment, NULL };
static const struct nwf_attr_def *const g_icmp6[] = {
	l3_mac, l3_ip6, l3_common, icmp_only, comment, NULL };

static const struct nwf_proto_def protos[] = {
	{ "mac", NWF_PROTO_MAC, g_mac },
	{ "vlan", NWF_PROTO_VLAN, g_vlan },
	{ "stp", NWF_PROTO_STP, g_stp },
	{ "arp", NWF_PROTO_ARP, g_arp },
	{ "rarp", NWF_PROTO_RARP, g_arp },
	{ "ip", NWF_PROTO_IP, g_ip },
	{ "ipv6", NWF_PROTO_IPV6, g_ipv6 },
	{ "tcp", NWF_PROTO_TCP, g_tcp },
	{ "udp", NWF_PROTO_UDP, g_ports4 },
	{ "sctp", NWF_PROTO_SCTP, g_ports4 },
	{ "udplite", NWF_PROTO_UDPLITE, g_plain4 },
	{ "esp", NWF_PROTO_ESP, g_plain4 },
	{ "ah", NWF_PROTO_AH, g_plain4 },
	{ "icmp", NWF_PROTO_ICMP, g_icmp },
	{ "igmp", NWF_PROTO_IGMP, g_plain4 },
	{ "all", NWF_PROTO_ALL, g_plain4 },
	{ "tcp-ipv6", NWF_PROTO_TCP_IPV6, g_tcp6 },
	{ "udp-ipv6", NWF_PROTO_UDP_IPV6, g_ports6 },
	{ "sctp-ipv6", NWF_PROTO_SCTP_IPV6, g_ports6 },
	{ "udplite-ipv6", NWF_PROTO_UDPLITE_IPV6, g_plain6 },
	{ "esp-ipv6", NWF_PROTO_ESP_IPV6, g_plain6 },
	{ "ah-ipv6", NWF_PROTO_AH_IPV6, g_plain6 },
	{ "icmpv6", NWF_PROTO_ICMPV6, g_icmp6 },
	{ "all-ipv6", NWF_PROTO_ALL_IPV6, g_plain6 },
};

static const size_t nprotos = sizeof protos / sizeof protos[0];

const struct nwf_proto_def *
nwf_attr_proto_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < nprotos; i++)
		if (strcmp(protos[i].name, name) == 0)
			return &protos[i];
	return NULL;
}

const struct nwf_proto_def *
nwf_attr_proto(enum nwf_proto proto)
{
	size_t i;

	for (i = 0; i < nprotos; i++)
		if (protos[i].proto == proto)
			return &protos[i];
	return NULL;
}

const struct nwf_attr_def *
nwf_attr_find(const struct nwf_proto_def *p, const char *name)
{
	const struct nwf_attr_def *const *g;
	const struct nwf_attr_def *a;

	for (g = p->groups; *g != NULL; g++)
		for (a = *g; a->name != NULL; a++)
			if (strcmp(a->name, name) == 0)
				return a;
	return NULL;
}

const char *
nwf_attr_name(enum nwf_attr_id id)
{
	const struct nwf_attr_def *const *g;
	const struct nwf_attr_def *a;
	size_t i;

	for (i = 0; i < nprotos; i++)
		for (g = protos[i].groups; *g != NULL; g++)
			for (a = *g; a->name != NULL; a++)
				if (a->id == id)
					return a->name;
	return "?";
}

bool
nwf_attr_proto_is_l3(enum nwf_proto proto)
{
	return proto >= NWF_PROTO_TCP;
}
