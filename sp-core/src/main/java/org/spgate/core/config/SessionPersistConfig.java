package org.spgate.core.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the in-process store keeps its sessions across restarts ({@code sessions.persist}).
 *
 * @param file the session file, written atomically, encrypted with a key derived from the first SP
 *     credential
 * @param interval how often the file is written while spgate runs (a crash loses at most this
 *     much); it is also written at every graceful stop
 */
public record SessionPersistConfig(Path file, Duration interval) {}
