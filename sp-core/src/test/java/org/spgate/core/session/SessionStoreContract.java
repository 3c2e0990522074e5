package org.spgate.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;

/**
 * What every {@link SessionStore} promises, run against each implementation (in-process and Redis)
 * on the real clock: Redis keeps its own time, so the timeouts here are short and real.
 */
public abstract class SessionStoreContract {

  /** Idle timeout of the store under test. */
  protected static final Duration IDLE = Duration.ofMillis(1500);

  /** Idle refresh interval, for stores that refresh at most once per interval. */
  protected static final Duration REFRESH = Duration.ofMillis(300);

  protected final Clock clock = Clock.systemUTC();

  /** A fresh store with idle timeout {@link #IDLE}. */
  protected abstract SessionStore store();

  @Test
  void findAfterPutThenSameSessionWithEveryField() throws Exception {
    SessionStore store = store();
    Session session = fullSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(session);

    assertThat(store.find(session.id())).contains(session);
    assertThat(store.lookup(session.id()).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .contains(session);
  }

  @Test
  void findWhenUnknownIdThenEmptyWhileKnownOneIsFound() {
    SessionStore store = store();
    Session known = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(known);

    assertThat(store.find(RandomIds.hex128())).isEmpty();
    assertThat(store.find(known.id())).contains(known);
  }

  @Test
  void removeWhenCalledThenSessionIsGoneAndOthersStay() {
    SessionStore store = store();
    Session a = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    Session b = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(a);
    store.put(b);

    store.remove(a.id());

    assertThat(store.find(a.id())).isEmpty();
    assertThat(store.find(b.id())).contains(b);
  }

  @Test
  void findWhenIdleLongerThanTimeoutThenGoneWhileUsedOneStays() throws Exception {
    SessionStore store = store();
    Session idle = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    Session used = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(idle);
    store.put(used);

    long end = System.nanoTime() + IDLE.multipliedBy(2).toNanos();
    while (System.nanoTime() < end) {
      assertThat(store.find(used.id())).as("a session in use").contains(used);
      Thread.sleep(REFRESH.toMillis() + 50);
    }

    assertThat(store.find(idle.id())).as("a session idle for twice the timeout").isEmpty();
    assertThat(store.find(used.id())).contains(used);
  }

  @Test
  void findWhenAbsoluteEndPassesThenGoneThoughInUse() throws Exception {
    SessionStore store = store();
    Session shortLived = minimalSession(RandomIds.hex128(), Duration.ofSeconds(2));
    Session longLived = minimalSession(RandomIds.hex128(), Duration.ofHours(8));
    store.put(shortLived);
    store.put(longLived);

    long end = System.nanoTime() + Duration.ofMillis(3200).toNanos();
    while (System.nanoTime() < end) {
      store.find(shortLived.id());
      store.find(longLived.id());
      Thread.sleep(REFRESH.toMillis());
    }

    assertThat(store.find(shortLived.id())).isEmpty();
    assertThat(store.find(longLived.id())).contains(longLived);
  }

  static final String IDP = "https://idp.example.org/idp/shibboleth";

  @Test
  void endSessionsOfWhenNameIdMatchesThenEndsEverySessionOfItAndNoOther() {
    SessionStore store = store();
    String alice = "alice-" + RandomIds.hex128();
    Session first = sessionOf(alice, "_idx-1");
    Session second = sessionOf(alice, "_idx-2");
    Session bob = sessionOf("bob-" + RandomIds.hex128(), "_idx-1");
    store.put(first);
    store.put(second);
    store.put(bob);

    assertThat(store.endSessionsOf(IDP, alice, null)).isEqualTo(2);

    assertThat(store.find(first.id())).isEmpty();
    assertThat(store.find(second.id())).isEmpty();
    assertThat(store.find(bob.id())).contains(bob);
  }

  @Test
  void endSessionsOfWhenSessionIndexGivenThenEndsOnlyThatSessionOfTheNameId() {
    SessionStore store = store();
    String alice = "alice-" + RandomIds.hex128();
    Session first = sessionOf(alice, "_idx-1");
    Session second = sessionOf(alice, "_idx-2");
    store.put(first);
    store.put(second);

    assertThat(store.endSessionsOf(IDP, alice, "_idx-2")).isEqualTo(1);

    assertThat(store.find(first.id())).contains(first);
    assertThat(store.find(second.id())).isEmpty();
  }

  @Test
  void endSessionsOfWhenNameIdUnknownOrFromAnotherIdpThenEndsNothing() {
    SessionStore store = store();
    String alice = "alice-" + RandomIds.hex128();
    Session session = sessionOf(alice, "_idx-1");
    store.put(session);

    assertThat(store.endSessionsOf(IDP, "nobody-" + RandomIds.hex128(), null)).isZero();
    assertThat(store.endSessionsOf("https://other-idp.example/idp", alice, null)).isZero();
    assertThat(store.find(session.id())).contains(session);
    // Control: the right IdP and NameID end it, and a second logout finds nothing left.
    assertThat(store.endSessionsOf(IDP, alice, null)).isEqualTo(1);
    assertThat(store.endSessionsOf(IDP, alice, null)).isZero();
  }

  @Test
  void endSessionsOfWhenSessionRemovedBeforeThenCountsOnlyLiveOnes() {
    SessionStore store = store();
    String alice = "alice-" + RandomIds.hex128();
    Session loggedOut = sessionOf(alice, "_idx-1");
    Session live = sessionOf(alice, "_idx-2");
    store.put(loggedOut);
    store.put(live);
    store.remove(loggedOut.id());

    assertThat(store.endSessionsOf(IDP, alice, null)).isEqualTo(1);
    assertThat(store.find(live.id())).isEmpty();
  }

  protected Session sessionOf(String nameId, String sessionIndex) {
    long now = clock.instant().getEpochSecond();
    return new Session(
        RandomIds.hex128(),
        IDP,
        Protocol.SAML2,
        new NameIdValue(nameId, "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", IDP, null),
        sessionIndex,
        null,
        null,
        null,
        now,
        now + Duration.ofHours(8).toSeconds(),
        SessionAttributes.empty(),
        null);
  }

  protected Session minimalSession(String id, Duration lifetime) {
    long now = clock.instant().getEpochSecond();
    return new Session(
        id,
        "https://idp.example.org/idp/shibboleth",
        Protocol.SAML2,
        null,
        null,
        null,
        null,
        null,
        now,
        now + lifetime.toSeconds(),
        SessionAttributes.empty(),
        null);
  }

  protected Session fullSession(String id, Duration lifetime) {
    long now = clock.instant().getEpochSecond();
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    attributes.put("mail", List.of("alice@example.org"));
    attributes.put("affiliation", List.of("member@example.org", "staff@example.org", "ü ✓"));
    return new Session(
        id,
        "https://idp.example.org/idp/shibboleth",
        Protocol.WSFED,
        new NameIdValue(
            "AAdzZWNyZXQx",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "https://idp.example.org/idp/shibboleth",
            "https://sp.example.org/shibboleth"),
        "_session-index-1",
        "2026-12-04T10:00:00Z",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        now,
        now + lifetime.toSeconds(),
        SessionAttributes.of(attributes),
        "192.0.2.7");
  }
}
