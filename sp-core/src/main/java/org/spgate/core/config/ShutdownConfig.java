package org.spgate.core.config;

import java.time.Duration;

/**
 * How spgate stops on SIGTERM: first it reports "draining" on its readiness endpoint while still
 * serving, then it closes the listener and lets the requests in flight finish.
 *
 * @param drainDelay how long spgate keeps accepting (answering "draining" to readiness checks and
 *     closing each connection after its response) before it closes the listener, so that a load
 *     balancer sees the node leave before new connections are refused
 * @param timeout how long requests in flight (uploads included) may take to finish once the
 *     listener is closed; those still running then are cut
 */
public record ShutdownConfig(Duration drainDelay, Duration timeout) {}
