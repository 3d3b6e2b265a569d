/* control.sock: the listener, its clients and the command table (status,
 * stats, interfaces, shutdown, destroy), one NDJSON response per request.
 * shutdown and destroy are answered once the guest is gone, when the
 * control object is freed. */
#ifndef VIGIL_SUPERVISOR_CONTROL_H
#define VIGIL_SUPERVISOR_CONTROL_H

struct event_base;
struct guest;
struct vg_err;
struct control;

/* Listen on path (mode 0600). g is borrowed and outlives the control. */
int control_new(struct guest *g, struct event_base *base, const char *path,
    struct control **out, struct vg_err *err);
/* Stop accepting and remove the socket; clients stay until control_free. */
void control_stop(struct control *c);
/* Answer the clients waiting for the guest's end, close all. NULL does
 * nothing. */
void control_free(struct control *c);

#endif
