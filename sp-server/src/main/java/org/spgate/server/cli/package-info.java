/** The command line: serve, check-config, metadata, keygen, self-test, demo. */
@NullMarked
package org.spgate.server.cli;

import org.jspecify.annotations.NullMarked;
