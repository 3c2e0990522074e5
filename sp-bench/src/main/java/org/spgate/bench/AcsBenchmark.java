package org.spgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spgate.core.assertion.CaffeineReplayCache;
import org.spgate.core.assertion.ReplayCache;
import org.spgate.core.attribute.AttributeMap;
import org.spgate.core.attribute.AttributeMapper;
import org.spgate.core.attribute.ScopePolicy;
import org.spgate.core.check.Rejection;
import org.spgate.core.consumer.Consumers;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.saml2.Saml2Login;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.time.ClockTicker;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.ResponseMinter;
import org.spgate.devidp.ResponseSpec;

/**
 * Assertion consumption, from the base64 {@code SAMLResponse} form value to mapped attributes:
 * decode, parse, signature verification, every check, replay cache, attribute mapping.
 *
 * <p>{@code COUNT} unique responses are minted in setup (unsolicited, so no pending login is
 * needed). Replaying one would be rejected, so when the cycle wraps the replay cache is replaced by
 * an empty one; that rebuild costs once per {@code COUNT} operations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AcsBenchmark {

  private static final int COUNT = 1_000;
  private static final String SP = "https://sp.bench.example/shibboleth";
  private static final String ACS = "https://sp.bench.example/Shibboleth.sso/SAML2/POST";
  private static final String WSFED = "https://sp.bench.example/Shibboleth.sso/ADFS";

  /** small: eppn + mail; large: plus an attribute with 200 values. */
  @Param({"small", "large"})
  public String size;

  private final Clock clock = Clock.systemUTC();
  private String[] responses;
  private int next;
  private IdpRegistry idps;
  private PendingLogins pending;
  private Saml2ResponseConsumer consumer;
  private AttributeMapper mapper;

  @Setup
  public void setUp() throws Exception {
    SpCredential key = BenchFixtures.newIdpKey();
    Path dir = Files.createTempDirectory("spgate-bench");
    Path metadata = dir.resolve("idp-metadata.xml");
    Files.writeString(
        metadata,
        IdpMetadataWriter.write(
            BenchFixtures.IDP_ENTITY_ID, BenchFixtures.IDP_SSO_URL, key, false));
    List<IdpDescriptor> loaded = IdpMetadataLoader.loadAll(List.of(metadata), clock);
    idps = new IdpRegistry(loaded, loaded.get(0), clock);
    pending = new CaffeinePendingLogins(Duration.ofMinutes(15), 1_000_000, new ClockTicker(clock));
    mapper = new AttributeMapper(AttributeMap.load(BenchFixtures.attributeMap()), SP);
    ResponseMinter minter = new ResponseMinter(BenchFixtures.IDP_ENTITY_ID, key, clock);
    responses = new String[COUNT];
    java.util.stream.IntStream.range(0, COUNT)
        .parallel()
        .forEach(
            i -> {
              ResponseSpec spec = minter.spec(SP, ACS);
              spec.validity = Duration.ofHours(1);
              responses[i] = minter.mint(BenchFixtures.attributes(spec, size, i));
            });
    newConsumer();
    // Fail in setup, not in the measurement, when a response is rejected.
    consume();
  }

  private void newConsumer() {
    ReplayCache replay = new CaffeineReplayCache(10_000_000, clock, new ClockTicker(clock));
    consumer =
        Consumers.build(
                new Consumers.Settings(
                    SP,
                    ACS,
                    WSFED,
                    Duration.ofHours(1),
                    1 << 20,
                    true,
                    false,
                    Duration.ofMinutes(3),
                    false),
                idps,
                pending,
                replay,
                clock,
                List.of())
            .saml2();
  }

  @Benchmark
  public Map<String, List<String>> consume() throws Rejection {
    if (next == responses.length) {
      next = 0;
      newConsumer();
    }
    Saml2Login login = consumer.consume(responses[next++]);
    return mapper.map(login.assertion(), ScopePolicy.none());
  }
}
