/** The command line: serve, check-config, metadata, keygen, demo. */
@NullMarked
package org.spgate.server.cli;

import org.jspecify.annotations.NullMarked;
