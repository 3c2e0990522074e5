package org.spgate.core.config;

import java.time.Duration;

/**
 * What one client may hold of the server: the bounds that keep slow or abusive clients from taking
 * file descriptors or CPU from the others.
 *
 * @param requestHeadTimeout longest time from the first byte of a request head to its end; a client
 *     that sends its head slower (slowloris) is disconnected
 * @param idleTimeout longest time a client connection may stay open without a request in progress
 *     (an idle keep-alive connection, or a new one that sends nothing)
 * @param maxConnections how many client connections are open at most; beyond it new connections
 *     wait in the kernel's listen backlog until one closes
 * @param loginsPerMinutePerAddress how many login starts and assertion-consumer posts one client
 *     address may make per minute (with a burst of the same size); more get 429
 */
public record LimitsConfig(
    Duration requestHeadTimeout,
    Duration idleTimeout,
    int maxConnections,
    int loginsPerMinutePerAddress) {}
