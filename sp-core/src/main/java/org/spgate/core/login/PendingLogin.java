package org.spgate.core.login;

import java.io.Serializable;
import org.spgate.core.assertion.Protocol;

/**
 * A login spgate started and has not seen come back: the request's ID, where the browser goes
 * afterwards, and which IdP was asked.
 *
 * @param requestId the AuthnRequest ID (also the WS-Fed wctx token)
 * @param target the same-origin URL the user asked for
 * @param idpEntityId the IdP the request went to
 * @param protocol the protocol of the request
 */
public record PendingLogin(String requestId, String target, String idpEntityId, Protocol protocol)
    implements Serializable {}
