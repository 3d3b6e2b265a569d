/* A hand-assembled classic BPF program (there is no assembler library to
 * use). Registers: A accumulator, X index; M[0] holds the packet type and
 * M[1] the "any" flag. Jump offsets count instructions after the jump; each
 * target is named in the comment beside it. Loads past the end of a frame
 * end the program with 0 (drop). */
#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <linux/filter.h>
#include <linux/if_packet.h>

#include "supervisor/snoop-bpf.h"

#define ANY_INSN 2		/* the instruction that loads the flag */

int
snoop_bpf_attach(int fd, bool any)
{
	struct sock_filter prog[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			    SKF_AD_OFF + SKF_AD_PKTTYPE),
		/* 1 */ BPF_STMT(BPF_ST, 0),		/* M[0] = pkttype */
		/* 2 */ BPF_STMT(BPF_LD | BPF_IMM, 0),	/* patched: any */
		/* 3 */ BPF_STMT(BPF_ST, 1),		/* M[1] = any */
		/* Ethernet: X = offset of layer 3, A = its ethertype */
		/* 4 */ BPF_STMT(BPF_LDX | BPF_IMM, 14),
		/* 5 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8100, 1, 0),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x88a8, 0, 5),
		/* one tag (8); else L3 (13) */
		/* 8 */ BPF_STMT(BPF_LDX | BPF_IMM, 18),
		/* 9 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 16),
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8100, 0, 2),
		/* a second tag (11); else L3 (13) */
		/* 11 */ BPF_STMT(BPF_LDX | BPF_IMM, 22),
		/* 12 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
		/* L3: IPv4 (18), IPv6 (34), ARP (16) or drop (44) */
		/* 13 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0800, 4, 0),
		/* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, 19, 0),
		/* 15 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0806, 0, 28),
		/* ARP: only with any, only from the guest (FROM_GUEST 41) */
		/* 16 */ BPF_STMT(BPF_LD | BPF_MEM, 1),
		/* 17 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 23, 26),
		/* IPv4: with any, all from the guest (ACCEPT 43) */
		/* 18 */ BPF_STMT(BPF_LD | BPF_MEM, 1),
		/* 19 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 2),
		/* 20 */ BPF_STMT(BPF_LD | BPF_MEM, 0),
		/* 21 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING,
			    0, 21),
		/* IPv4 DHCP: no fragment (drop 44), UDP */
		/* 22 */ BPF_STMT(BPF_LD | BPF_H | BPF_IND, 6),
		/* 23 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x3fff, 20, 0),
		/* 24 */ BPF_STMT(BPF_LD | BPF_B | BPF_IND, 9),
		/* 25 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 18),
		/* X += IHL * 4: X = offset of the UDP header */
		/* 26 */ BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		/* 27 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf),
		/* 28 */ BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 2),
		/* 29 */ BPF_STMT(BPF_ALU | BPF_ADD | BPF_X, 0),
		/* 30 */ BPF_STMT(BPF_MISC | BPF_TAX, 0),
		/* destination port: 68 TO_GUEST (39), 67 FROM_GUEST (41) */
		/* 31 */ BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		/* 32 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 68, 6, 0),
		/* 33 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 67, 7, 10),
		/* IPv6: UDP right after the fixed header (no ext headers) */
		/* 34 */ BPF_STMT(BPF_LD | BPF_B | BPF_IND, 6),
		/* 35 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 8),
		/* destination port: 546 TO_GUEST (39), 547 FROM_GUEST (41) */
		/* 36 */ BPF_STMT(BPF_LD | BPF_H | BPF_IND, 42),
		/* 37 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 546, 1, 0),
		/* 38 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 547, 2, 5),
		/* TO_GUEST: only frames leaving the port */
		/* 39 */ BPF_STMT(BPF_LD | BPF_MEM, 0),
		/* 40 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING,
			    2, 3),
		/* FROM_GUEST: only frames entering it */
		/* 41 */ BPF_STMT(BPF_LD | BPF_MEM, 0),
		/* 42 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING,
			    1, 0),
		/* 43 ACCEPT */ BPF_STMT(BPF_RET | BPF_K, 0x40000),
		/* 44 DROP */ BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog fprog = {
		.len = sizeof prog / sizeof prog[0],
		.filter = prog,
	};

	prog[ANY_INSN].k = any ? 1 : 0;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
	    sizeof fprog) < 0)
		return -errno;
	return 0;
}
