/* What the C tests that wait for events share: a log the callbacks append their entries
 * to, and a pump that runs the default event loop until the log holds what is expected. */
#ifndef EVENTS_H
#define EVENTS_H

#include <time.h>
#include "check.h"

static char log_buf[4096];

static void on_tick(int timer, void *opaque) { (void)timer; (void)opaque; }

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs the default loop until the log holds `want` bytes, at most 5 s, then 50 ms more
 * for anything that should not be there. A 10 ms timer keeps each iteration short. */
static void pump(size_t want) {
    int tick = virEventAddTimeout(10, on_tick, NULL, NULL);
    double end = now() + 5;
    while (strlen(log_buf) < want && now() < end)
        virEventRunDefaultImpl();
    for (double quiet = now() + 0.05; now() < quiet; )
        virEventRunDefaultImpl();
    virEventRemoveTimeout(tick);
}

/* The events delivered next are exactly `expected`; the log is then cleared. */
#define EXPECT_EVENTS(expected) do { \
    pump(strlen(expected)); \
    CHECK_STR(log_buf, expected); \
    log_buf[0] = 0; \
} while (0)

#endif
