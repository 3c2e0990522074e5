package org.spgate.core.testing;

import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogin;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.saml2.Saml2Login;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.session.RandomIds;
import org.spgate.devidp.ResponseSpec;

/**
 * A consumer under test with what it needs around it: the IdP it trusts, the clock, and the store
 * of outstanding AuthnRequests. Built by {@link TestConsumers}.
 */
public final class TestSp {

  private final TestIdp idp;
  private final MutableClock clock;
  private final PendingLogins pending;
  private final Saml2ResponseConsumer consumer;

  TestSp(TestIdp idp, MutableClock clock, PendingLogins pending, Saml2ResponseConsumer consumer) {
    this.idp = idp;
    this.clock = clock;
    this.pending = pending;
    this.consumer = consumer;
  }

  /** The trusted IdP. */
  public TestIdp idp() {
    return idp;
  }

  /** The clock every component of this consumer reads. */
  public MutableClock clock() {
    return clock;
  }

  /** The consumer. */
  public Saml2ResponseConsumer consumer() {
    return consumer;
  }

  /** Records an AuthnRequest sent to {@code idpEntityId} and returns its ID. */
  public String requestSentTo(String idpEntityId) {
    String id = RandomIds.samlId();
    pending.put(new PendingLogin(id, "/", idpEntityId, Protocol.SAML2));
    return id;
  }

  /** A valid response spec of the trusted IdP, answering a request this SP just sent. */
  public ResponseSpec valid() {
    ResponseSpec spec = idp.spec(TestConsumers.SP_ENTITY_ID, TestConsumers.ACS_URL);
    spec.inResponseTo = requestSentTo(idp.entityId());
    spec.attribute("urn:oid:0.9.2342.19200300.100.1.3", "alice@example.org");
    return spec;
  }

  /** Consumes a base64 SAMLResponse. */
  public Saml2Login consume(String samlResponse) throws Rejection {
    return consumer.consume(samlResponse);
  }

  /** Mints {@code spec} with the trusted IdP and consumes it. */
  public Saml2Login consume(ResponseSpec spec) throws Rejection {
    return consumer.consume(idp.mint(spec));
  }
}
