/**
 * The seam between spgate and OpenSAML / Apache Santuario, shared by every protocol: bootstrap and
 * object providers, the algorithm allow-list, signature verification against explicit keys, signing
 * (AuthnRequests, metadata), and document-wide ID uniqueness against signature wrapping.
 */
@NullMarked
package org.spgate.core.opensaml;

import org.jspecify.annotations.NullMarked;
