package org.spgate.server.endpoint;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.limits.AddressBuckets;
import org.spgate.server.session.SessionLoader;

/**
 * The HTTP half of the XML Encryption padding-oracle defence (Jager and Somorovsky, "How to Break
 * XML Encryption", CCS 2011) around a sign-in at the SAML 2.0 and WS-Fed endpoints. The core half
 * ({@code AssertionDecrypter.uniformly}) makes every failure of decryption and of the decrypted
 * assertion's authentication one {@link Reason#DECRYPTION_FAILED} with one detail text; what is
 * left to tell failure kinds apart is time and volume, handled here:
 *
 * <ul>
 *   <li>time: every {@code DECRYPTION_FAILED} is answered {@link #RESPONSE_AT} after the sign-in's
 *       work began, whatever the failure cost (a padding error takes microseconds, a signature
 *       check of a parsed plaintext milliseconds). The wait is a timer on the connection's I/O
 *       thread, not a sleeping worker;
 *   <li>volume: each client address may cause {@code security.decryptionFailuresPerMinute}
 *       decryption failures; beyond that its sign-ins are refused with {@link
 *       Reason#TOO_MANY_FAILURES} before anything is decrypted. The attack needs on the order of
 *       ten altered ciphertexts per plaintext byte, so a few per minute turns hours into years.
 * </ul>
 *
 * <p>Other refusals are answered at once: they are decided before decryption from what the sender
 * wrote itself (profile, algorithms, Response signature) or after the decrypted assertion's
 * signature verified, and tell nothing about a plaintext the sender does not know.
 */
public final class DecryptionFailureGuard {

  /** When a decryption failure is answered, counted from the start of the sign-in's work. */
  public static final Duration RESPONSE_AT = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(DecryptionFailureGuard.class);

  private final AddressBuckets budget;
  private final long responseAtNanos;

  /** The guard with {@code perMinute} decryption failures per client address. */
  public DecryptionFailureGuard(int perMinute) {
    this(new AddressBuckets(perMinute), RESPONSE_AT);
  }

  DecryptionFailureGuard(AddressBuckets budget, Duration responseAt) {
    this.budget = budget;
    this.responseAtNanos = responseAt.toNanos();
  }

  /** A sign-in's work: consume the message and complete the login. */
  @FunctionalInterface
  public interface SignIn {
    void run() throws Rejection;
  }

  /**
   * Runs {@code signIn} on the current worker thread within the address's failure budget; a
   * decryption failure is counted and answered at the fixed time, every other refusal is thrown to
   * the caller.
   */
  public void run(HttpServerExchange exchange, String where, SignIn signIn) throws Rejection {
    long start = System.nanoTime();
    String address = SessionLoader.address(exchange);
    if (!budget.tryTake(address).allowed()) {
      throw new Rejection(
          Reason.TOO_MANY_FAILURES,
          "client "
              + address
              + " exceeded security.decryptionFailuresPerMinute; sign-in refused unread");
    }
    boolean counted = false;
    try {
      signIn.run();
    } catch (Rejection e) {
      if (e.reason() != Reason.DECRYPTION_FAILED) {
        throw e;
      }
      counted = true;
      answerAtFixedTime(exchange, e, where, start);
    } finally {
      if (!counted) {
        budget.refund(address);
      }
    }
  }

  private void answerAtFixedTime(
      HttpServerExchange exchange, Rejection rejection, String where, long start) {
    long wait = start + responseAtNanos - System.nanoTime();
    if (wait <= 0) {
      LOG.debug("decryption failure answered {} ms after the fixed time", -wait / 1_000_000);
      ErrorPages.send(exchange, rejection, where);
      return;
    }
    // Inside a handler call on a worker thread: the dispatched task runs when the call returns,
    // and keeps the exchange open until the timer answers it.
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            exchange
                .getIoThread()
                .executeAfter(
                    () -> ErrorPages.send(exchange, rejection, where), wait, TimeUnit.NANOSECONDS));
  }
}
