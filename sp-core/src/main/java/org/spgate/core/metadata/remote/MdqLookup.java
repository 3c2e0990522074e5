package org.spgate.core.metadata.remote;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.config.MdqConfig;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpLookup;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.time.ClockTicker;

/**
 * IdPs from a Metadata Query responder, fetched when spgate first meets an entityID and remembered
 * per entity.
 *
 * <p>Implementation notes. An entityID reaches this class from an Issuer that nobody has verified
 * yet, so every unknown name is a fetch an attacker can ask for. What bounds them: answers are
 * remembered (found: until {@code cacheDuration}, kept between {@code minRefresh} and {@code
 * maxRefresh}, and never past {@code validUntil}; not found or refused: {@code notFoundTtl};
 * failed: {@link #RETRY_AFTER_ERROR}) in a cache of at most {@code maxEntities}; names not
 * remembered are fetched at most {@code fetchesPerMinute} times a minute ({@link FetchBudget}) and
 * {@link #MAX_CONCURRENT_FETCHES} at a time, the rest refused without a fetch; concurrent requests
 * for one name share one fetch. The IdP logins go to ({@link #resolveAtStart}) is exempt from the
 * budget, so a flood of made-up issuers cannot lock out its refresh. Each document passes the same
 * {@link SignedMetadataCheck} as a whole aggregate, must carry {@code validUntil} (a signed answer
 * could otherwise be replayed for ever), and must describe the entity asked for.
 *
 * <p>What it does not do: keep a disk copy (a restart needs the responder for the IdP logins go
 * to), or serve a stale entity while the responder is down.
 */
public final class MdqLookup implements IdpLookup {

  /** How long a failed fetch (network, TLS, HTTP 5xx) is remembered before the next try. */
  static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);

  /** Fetches running at once; more unknown names at the same moment are refused. */
  static final int MAX_CONCURRENT_FETCHES = 4;

  /** What is remembered of one entityID, and until when. */
  private sealed interface Answer permits Found, Missing {
    Instant until();
  }

  private record Found(IdpDescriptor idp, Instant until) implements Answer {}

  private record Missing(String why, Instant until) implements Answer {}

  private final MdqConfig config;
  private final MdqResponder responder;
  private final SignedMetadataCheck check;
  private final Path configFile;
  private final Clock clock;
  private final FetchBudget budget;
  private final Cache<String, Answer> answers;
  private final ConcurrentHashMap<String, CompletableFuture<Answer>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicLong fetches = new AtomicLong();
  private volatile @Nullable String pinned;

  MdqLookup(
      MdqConfig config,
      MdqResponder responder,
      SignedMetadataCheck check,
      Path configFile,
      Clock clock) {
    this.config = config;
    this.responder = responder;
    this.check = check;
    this.configFile = configFile;
    this.clock = clock;
    this.budget = new FetchBudget(config.fetchesPerMinute(), clock);
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(config.maxEntities())
            .ticker(new ClockTicker(clock))
            .expireAfter(new UntilExpiry(clock))
            .build();
  }

  /**
   * The lookup of {@code config}.
   *
   * @throws ConfigException naming the source when its certificate or CA bundle cannot be read
   */
  public static MdqLookup start(
      MdqConfig config, SignatureVerifier signatures, Path configFile, Clock clock)
      throws ConfigException {
    List<PublicKey> keys = List.of(PemFiles.readCertificate(config.signingCert()).getPublicKey());
    try {
      return new MdqLookup(
          config,
          new MdqResponder(config.baseUrl(), config.tlsCa()),
          new SignedMetadataCheck(signatures, keys, clock, config.maxValidity()),
          configFile,
          clock);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(
              new ConfigProblem(
                  configFile, config.line(), config.key() + ".tlsCa", e.getMessage())));
    }
  }

  /** The configuration of this responder. */
  public MdqConfig config() {
    return config;
  }

  /**
   * The IdP logins go to, fetched before spgate listens; its later refreshes do not count against
   * the fetch budget.
   */
  public IdpDescriptor resolveAtStart(String entityId) throws Rejection {
    pinned = entityId;
    return resolve(entityId);
  }

  @Override
  public IdpDescriptor resolve(String entityId) throws Rejection {
    Answer answer = answers.getIfPresent(entityId);
    if (answer == null) {
      answer = fetchOnce(entityId);
    }
    if (answer instanceof Found found) {
      return found.idp();
    }
    throw new Rejection(
        Reason.UNKNOWN_ISSUER,
        "issuer '" + entityId + "' is not in the metadata: " + ((Missing) answer).why());
  }

  @Override
  public Optional<IdpDescriptor> remembered(String entityId) {
    return answers.getIfPresent(entityId) instanceof Found found
        ? Optional.of(found.idp())
        : Optional.empty();
  }

  /** How many documents were requested from the responder (tests, status). */
  public long fetches() {
    return fetches.get();
  }

  /** One fetch per name at a time: a second caller waits for the first one's answer. */
  private Answer fetchOnce(String entityId) {
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> running = inFlight.putIfAbsent(entityId, mine);
    if (running != null) {
      return running.join();
    }
    try {
      Answer answer = fetch(entityId);
      mine.complete(answer);
      return answer;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(entityId, mine);
    }
  }

  private Answer fetch(String entityId) {
    Instant now = clock.instant();
    if (inFlight.size() > MAX_CONCURRENT_FETCHES) {
      MetadataRefresher.LOG.warn(
          "mdq {}: {} fetches running; '{}' refused without a fetch",
          config.describe(),
          MAX_CONCURRENT_FETCHES,
          entityId);
      return new Missing("too many Metadata Query fetches at once", now);
    }
    if (!entityId.equals(pinned) && !budget.tryTake()) {
      MetadataRefresher.LOG.warn(
          "mdq {}: fetch budget of {} per minute spent; '{}' refused without a fetch",
          config.describe(),
          config.fetchesPerMinute(),
          entityId);
      return new Missing(
          "the Metadata Query budget (" + config.fetchesPerMinute() + " per minute) is spent", now);
    }
    fetches.incrementAndGet();
    Answer answer;
    try {
      answer =
          responder
              .fetch(entityId)
              .map(xml -> checked(entityId, xml, now))
              .orElseGet(
                  () ->
                      new Missing(
                          "the Metadata Query responder does not know it (404)",
                          now.plus(config.notFoundTtl())));
    } catch (IOException e) {
      answer =
          new Missing(
              "Metadata Query fetch failed: "
                  + (e.getMessage() == null ? e.toString() : e.getMessage()),
              now.plus(RETRY_AFTER_ERROR));
    }
    answers.put(entityId, answer);
    if (answer instanceof Missing missing) {
      MetadataRefresher.LOG.warn(
          "mdq {}: '{}' not trusted until {}: {}",
          config.describe(),
          entityId,
          missing.until(),
          missing.why());
    } else {
      MetadataRefresher.LOG.info(
          "mdq {}: '{}' fetched, kept until {}", config.describe(), entityId, answer.until());
    }
    return answer;
  }

  private Answer checked(String entityId, byte[] xml, Instant now) {
    try {
      SignedMetadataCheck.Checked document = check.check(xml, configFile);
      if (document.validUntil() == null) {
        throw new MetadataRefused(
            "no validUntil: a Metadata Query answer must say when it expires");
      }
      List<ConfigProblem> skipped = new ArrayList<>();
      IdpDescriptor idp =
          IdpMetadataLoader.loadAggregate(
                  document.document(), configFile, clock, entityId::equals, skipped)
              .get(0);
      Instant until = now.plus(bounded(document.cacheDuration()));
      if (document.validUntil().isBefore(until)) {
        until = document.validUntil();
      }
      return new Found(idp, until);
    } catch (MetadataRefused e) {
      return new Missing("answer refused: " + e.getMessage(), now.plus(config.notFoundTtl()));
    } catch (ConfigException e) {
      return new Missing(
          "answer refused: " + e.problems().get(0).message(), now.plus(config.notFoundTtl()));
    }
  }

  private Duration bounded(@Nullable Duration cacheDuration) {
    Duration wanted = cacheDuration == null ? config.maxRefresh() : cacheDuration;
    if (wanted.compareTo(config.minRefresh()) < 0) {
      return config.minRefresh();
    }
    return wanted.compareTo(config.maxRefresh()) > 0 ? config.maxRefresh() : wanted;
  }

  /** Each answer expires at its own {@code until}, read on the one clock. */
  private static final class UntilExpiry implements Expiry<String, Answer> {
    private final Clock clock;

    UntilExpiry(Clock clock) {
      this.clock = clock;
    }

    @Override
    public long expireAfterCreate(String key, Answer value, long currentTime) {
      return Math.max(0, Duration.between(clock.instant(), value.until()).toNanos());
    }

    @Override
    public long expireAfterUpdate(
        String key, Answer value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Answer value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
