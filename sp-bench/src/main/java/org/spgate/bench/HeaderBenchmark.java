package org.spgate.bench;

import io.undertow.util.HeaderMap;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.spgate.core.attribute.AttributeMap;
import org.spgate.core.config.AuthMode;
import org.spgate.core.config.HeaderBudget;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.config.HeaderEncoding;
import org.spgate.core.config.HeaderOverflow;
import org.spgate.core.config.HeaderProfile;
import org.spgate.core.config.ProxyOverrides;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.server.proxy.IdentityHeaders;
import org.spgate.server.proxy.OverBudget;

/**
 * Identity-header building for one proxied request: {@link IdentityHeaders#add} into a fresh {@link
 * HeaderMap}, for a session with 10 attributes and one with 32 KiB of values; {@code addProfiled}
 * for a route whose header profile sends 2 of them under a prefix, without session headers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderBenchmark {

  /** Total bytes of attribute values: 10 attributes of ~300 bytes, or 32 KiB. */
  @Param({"3000", "32768"})
  public int valueBytes;

  private IdentityHeaders headers;
  private HeaderBudget budget;
  private RouteConfig profiled;
  private Session session;
  private long now;

  @Setup
  public void setUp() throws Exception {
    Set<String> ids = AttributeMap.load(BenchFixtures.attributeMap()).ids();
    // A per-header limit like gunicorn's that every header fits: the policy's cost when nothing
    // is over budget.
    budget = new HeaderBudget(8190, 256 * 1024, HeaderOverflow.DROP);
    HeaderProfile twoAttributes =
        new HeaderProfile(
            "twoAttributes",
            List.of("eppn", "mail"),
            Map.of("mail", "Email"),
            "X-User-",
            true,
            false,
            "headers.profiles.twoAttributes",
            0,
            0);
    profiled =
        new RouteConfig(
            "/profiled",
            URI.create("http://127.0.0.1:1"),
            AuthMode.REQUIRED,
            null,
            false,
            null,
            null,
            List.of(),
            AuthMode.NONE,
            List.of(),
            ProxyOverrides.NONE,
            budget,
            false,
            twoAttributes);
    headers =
        new IdentityHeaders(
            new HeaderConfig(
                "",
                "Remote-User",
                List.of("eppn", "subject-id", "pairwise-id", "persistent-id"),
                HeaderEncoding.UTF8,
                256 * 1024,
                true,
                256 * 1024,
                HeaderOverflow.REFUSE,
                Map.of("twoAttributes", twoAttributes)),
            ids,
            "https://sp.bench.example/Shibboleth.sso",
            3600,
            List.of(profiled));
    session = BenchFixtures.session(10, valueBytes);
    now = Instant.now().getEpochSecond();
  }

  @Benchmark
  public HeaderMap add() throws OverBudget {
    HeaderMap map = new HeaderMap();
    headers.add(map, session, now, budget);
    return map;
  }

  @Benchmark
  public HeaderMap addProfiled() throws OverBudget {
    HeaderMap map = new HeaderMap();
    headers.add(map, session, now, profiled);
    return map;
  }
}
