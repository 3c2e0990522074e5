package org.spgate.core.config;

import java.time.Duration;

/**
 * How spgate treats a backend that refuses connections.
 *
 * @param failuresToMarkDown consecutive connect failures after which the backend is marked down:
 *     its requests then get an immediate 503 with {@code Retry-After} instead of a connect attempt
 * @param downFor how long the backend stays marked down after it is first marked; then one probe
 *     request at a time is let through, and each failed probe doubles the time
 * @param maxDownFor the longest the doubling may reach
 * @param logInterval refusals of one backend are logged as one line per interval (the first error
 *     right away, then counts), not one line per request
 */
public record BackendHealthConfig(
    int failuresToMarkDown, Duration downFor, Duration maxDownFor, Duration logInterval) {}
