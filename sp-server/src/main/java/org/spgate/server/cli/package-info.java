/**
 * The command line (picocli): serve, check-config, metadata, keygen, self-test, demo, decode,
 * version, completion.
 */
@NullMarked
package org.spgate.server.cli;

import org.jspecify.annotations.NullMarked;
