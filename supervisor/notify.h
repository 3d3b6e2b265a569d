/* sd_notify(3) by hand: one datagram to $NOTIFY_SOCKET ("READY=1",
 * "STATUS=...", "STOPPING=1") when systemd runs us with Type=notify. */
#ifndef VIGIL_SUPERVISOR_NOTIFY_H
#define VIGIL_SUPERVISOR_NOTIFY_H

/* Send msg; 0 when sent or when $NOTIFY_SOCKET is unset, else -errno. */
int notify_send(const char *msg);

#endif
