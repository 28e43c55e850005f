/* The default event loop: watches, timers, removal with free callbacks. */
#include "check.h"
#include <unistd.h>

static int handle_calls, handle_events, timer_calls, freed;
static void on_handle(int watch, int fd, int events, void *opaque) {
    char buf[16];
    (void)watch;
    handle_calls++;
    handle_events |= events;
    if (events & VIR_EVENT_HANDLE_READABLE)
        (void)!read(fd, buf, sizeof(buf));
    *(int *)opaque = 1;
}
static void on_timer(int timer, void *opaque) { (void)timer; (void)opaque; timer_calls++; }
static void on_free(void *opaque) { (void)opaque; freed++; }

int main(void) {
    check_begin("t_event");
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    int fds[2];
    CHECK_INT(pipe(fds), 0);
    int flag = 0;
    int watch = virEventAddHandle(fds[0], VIR_EVENT_HANDLE_READABLE, on_handle, &flag, on_free);
    CHECK(watch > 0);
    CHECK_INT(write(fds[1], "x", 1), 1);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK_INT(handle_calls, 1);
    CHECK(handle_events & VIR_EVENT_HANDLE_READABLE);
    CHECK_INT(flag, 1);

    int timer = virEventAddTimeout(0, on_timer, NULL, on_free);
    CHECK(timer > 0);
    virEventUpdateHandle(watch, 0);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK(timer_calls >= 1);
    int before = timer_calls;
    virEventUpdateTimeout(timer, -1);
    virEventUpdateHandle(watch, VIR_EVENT_HANDLE_READABLE);
    CHECK_INT(write(fds[1], "y", 1), 1);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK_INT(timer_calls, before);
    CHECK_INT(handle_calls, 2);

    CHECK_INT(virEventRemoveTimeout(timer), 0);
    CHECK_INT(virEventRemoveHandle(watch), 0);
    /* Free callbacks run from the loop once nothing can dispatch to them. */
    int t2 = virEventAddTimeout(1, on_timer, NULL, NULL);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK(freed >= 1);
    CHECK_INT(virEventRunDefaultImpl(), 0);
    CHECK_INT(freed, 2);
    CHECK_INT(virEventRemoveTimeout(t2), 0);
    CHECK_INT(virEventRemoveHandle(watch), -1);
    close(fds[0]);
    close(fds[1]);
    return check_end("t_event");
}
