/**
 * {@code spgate decode}: reading a captured sign-in message (raw XML, base64, a form body or a HAR
 * file), naming the checks of the real consumer pipeline it passes and the one it fails, with a
 * hint per {@link org.spgate.core.check.Reason}.
 */
@NullMarked
package org.spgate.server.cli.decode;

import org.jspecify.annotations.NullMarked;
