/* The filter model: one libvirt nwfilter definition as parsed from XML
 * (nwf-parse.c), read by the compiler (nwf-compile.c). Values are kept as
 * written (already checked) or as a variable reference, because variables
 * are only bound when a filter is compiled for one port. */
#ifndef VIGIL_NWF_MODEL_H
#define VIGIL_NWF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/config-domain.h"

#define NWF_PRIORITY_MIN (-1000)
#define NWF_PRIORITY_MAX 1000
#define NWF_RULE_PRIORITY_DEFAULT 500
#define NWF_CHAIN_NAME_MAX 20	/* as libvirt's MAX_CHAIN_SUFFIX_SIZE */

/* The protocol a filter's chain is for; "PREFIX-anything" has the kind of
 * its prefix. */
enum nwf_chain_kind {
	NWF_CHAIN_ROOT,
	NWF_CHAIN_MAC,
	NWF_CHAIN_VLAN,
	NWF_CHAIN_STP,
	NWF_CHAIN_ARP,
	NWF_CHAIN_RARP,
	NWF_CHAIN_IPV4,
	NWF_CHAIN_IPV6,
};

enum nwf_action {
	NWF_ACTION_ACCEPT,
	NWF_ACTION_DROP,
	NWF_ACTION_REJECT,
	NWF_ACTION_RETURN,
	NWF_ACTION_CONTINUE,
};

/* out: frames leaving the guest; in: frames going to it (libvirt's). */
enum nwf_dir {
	NWF_DIR_IN = 1,
	NWF_DIR_OUT = 2,
	NWF_DIR_INOUT = 3,
};

/* The protocol element of a rule. Up to NWF_PROTO_IPV6 they match link-layer
 * frames (libvirt's ebtables layer), the rest match IP packets (libvirt's
 * iptables layer). */
enum nwf_proto {
	NWF_PROTO_NONE,		/* a rule without a protocol element */
	NWF_PROTO_MAC,
	NWF_PROTO_VLAN,
	NWF_PROTO_STP,
	NWF_PROTO_ARP,
	NWF_PROTO_RARP,
	NWF_PROTO_IP,
	NWF_PROTO_IPV6,
	NWF_PROTO_TCP,
	NWF_PROTO_UDP,
	NWF_PROTO_SCTP,
	NWF_PROTO_UDPLITE,
	NWF_PROTO_ESP,
	NWF_PROTO_AH,
	NWF_PROTO_ICMP,
	NWF_PROTO_IGMP,
	NWF_PROTO_ALL,
	NWF_PROTO_TCP_IPV6,
	NWF_PROTO_UDP_IPV6,
	NWF_PROTO_SCTP_IPV6,
	NWF_PROTO_UDPLITE_IPV6,
	NWF_PROTO_ESP_IPV6,
	NWF_PROTO_AH_IPV6,
	NWF_PROTO_ICMPV6,
	NWF_PROTO_ALL_IPV6,
};

/* Kinds of drop counted per port (vigil info, stats). */
enum nwf_counter {
	NWF_COUNTER_MAC,	/* MAC spoofing */
	NWF_COUNTER_IP,		/* IP spoofing, or IP not learned yet */
	NWF_COUNTER_ARP,	/* ARP (and IPv6 ND) spoofing */
	NWF_COUNTER_L2,		/* other link-layer traffic */
	NWF_COUNTER_DHCP,	/* DHCP server replies from a guest */
	NWF_COUNTER_OTHER,	/* drops of any other rule */
	NWF_COUNTER_COUNT,
	NWF_COUNTER_AUTO = -1,	/* by the rule's chain (see nwf-compile.c) */
};

/* Value types of attributes. */
enum nwf_vtype {
	NWF_V_MAC,
	NWF_V_MACMASK,
	NWF_V_IP4,
	NWF_V_IP4MASK,		/* dotted mask or prefix length 0-32 */
	NWF_V_IP6,
	NWF_V_IP6MASK,		/* mask or prefix length 0-128 */
	NWF_V_U8,
	NWF_V_U16,
	NWF_V_U32,
	NWF_V_DSCP,		/* 0-63 */
	NWF_V_VLANID,		/* 0-4095 */
	NWF_V_ETHERTYPE,	/* >= 0x600 or arp rarp ipv4 ipv6 vlan */
	NWF_V_VLANENCAP,	/* >= 0x3c or the names above */
	NWF_V_IPPROTO,		/* 0-255 or tcp udp udplite esp ah icmp ... */
	NWF_V_ARPOP,		/* 0-65535 or Request Reply ... */
	NWF_V_BOOL,
	NWF_V_STRING,		/* comment: at most 256 characters */
	NWF_V_STATE,		/* NEW,ESTABLISHED,RELATED,INVALID or NONE */
	NWF_V_TCPFLAGS,		/* MASK/FLAGS, e.g. SYN,ACK/SYN */
	NWF_V_IPSET,
	NWF_V_IPSETFLAGS,
};

/* Every attribute a protocol element may carry. */
enum nwf_attr_id {
	NWF_A_SRCMACADDR,
	NWF_A_SRCMACMASK,
	NWF_A_DSTMACADDR,
	NWF_A_DSTMACMASK,
	NWF_A_PROTOCOLID,
	NWF_A_VLANID,
	NWF_A_ENCAP,
	NWF_A_STP_TYPE,
	NWF_A_STP_FLAGS,
	NWF_A_ROOT_PRIO,
	NWF_A_ROOT_PRIO_HI,
	NWF_A_ROOT_ADDR,
	NWF_A_ROOT_ADDR_MASK,
	NWF_A_ROOT_COST,
	NWF_A_ROOT_COST_HI,
	NWF_A_SENDER_PRIO,
	NWF_A_SENDER_PRIO_HI,
	NWF_A_SENDER_ADDR,
	NWF_A_SENDER_ADDR_MASK,
	NWF_A_PORT,
	NWF_A_PORT_HI,
	NWF_A_AGE,
	NWF_A_AGE_HI,
	NWF_A_MAX_AGE,
	NWF_A_MAX_AGE_HI,
	NWF_A_HELLO,
	NWF_A_HELLO_HI,
	NWF_A_FWD_DELAY,
	NWF_A_FWD_DELAY_HI,
	NWF_A_HWTYPE,
	NWF_A_PROTOCOLTYPE,
	NWF_A_OPCODE,
	NWF_A_ARPSRCMACADDR,
	NWF_A_ARPDSTMACADDR,
	NWF_A_ARPSRCIPADDR,
	NWF_A_ARPSRCIPMASK,
	NWF_A_ARPDSTIPADDR,
	NWF_A_ARPDSTIPMASK,
	NWF_A_GRATUITOUS,
	NWF_A_HWLEN,		/* vigil extension */
	NWF_A_PROTOLEN,		/* vigil extension */
	NWF_A_SRCIPADDR,
	NWF_A_SRCIPMASK,
	NWF_A_DSTIPADDR,
	NWF_A_DSTIPMASK,
	NWF_A_SRCIPFROM,
	NWF_A_SRCIPTO,
	NWF_A_DSTIPFROM,
	NWF_A_DSTIPTO,
	NWF_A_PROTOCOL,
	NWF_A_SRCPORTSTART,
	NWF_A_SRCPORTEND,
	NWF_A_DSTPORTSTART,
	NWF_A_DSTPORTEND,
	NWF_A_DSCP,
	NWF_A_CONNLIMIT,
	NWF_A_STATE,
	NWF_A_IPSET,
	NWF_A_IPSETFLAGS,
	NWF_A_TCP_OPTION,
	NWF_A_TCP_FLAGS,
	NWF_A_TYPE,
	NWF_A_TYPEEND,
	NWF_A_CODE,
	NWF_A_CODEEND,
	NWF_A_COMMENT,
	NWF_A_DHCPCHADDR,	/* vigil extension */
	NWF_A_NDTARGET,		/* vigil extension */
	NWF_A_COUNT,
};

/* One attribute of a protocol element: a checked literal or a variable. */
struct nwf_attr {
	enum nwf_attr_id id;
	enum nwf_vtype vtype;
	bool neg;		/* the element has match='no' */
	char *value;		/* the literal as written; NULL: a variable */
	char *var;		/* variable name without '$', or NULL */
	int var_index;		/* $NAME[N]: N; -1 when absent */
	int var_iter;		/* $NAME[@N]: N; -1 when absent */
};

struct nwf_rule {
	int line;
	enum nwf_action action;
	enum nwf_dir dir;
	int priority;
	bool statematch;
	enum nwf_counter counter;	/* vigil extension rule@counter */
	enum nwf_proto proto;
	int proto_line;
	struct nwf_attr *attrs;
	size_t nattrs;
};

struct nwf_ref {
	int line;
	char *filter;
	struct config_param *params;	/* a name may repeat: a list */
	size_t nparams;
};

enum nwf_entry_kind {
	NWF_ENTRY_RULE,
	NWF_ENTRY_REF,
};

/* Rules and references in document order. */
struct nwf_entry {
	enum nwf_entry_kind kind;
	union {
		struct nwf_rule rule;
		struct nwf_ref ref;
	} u;
};

struct nwf_filter {
	char *file;		/* as given to the parser */
	int line;
	char *name;
	char *chain;		/* "root" when absent */
	enum nwf_chain_kind chain_kind;
	int priority;		/* chain priority */
	bool has_uuid;
	uint8_t uuid[16];
	struct nwf_entry *entries;
	size_t nentries;
};

#endif
