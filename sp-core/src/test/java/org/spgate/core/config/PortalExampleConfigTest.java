package org.spgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.access.Attributes;

/** {@code examples/portal.yaml} stays valid and means what its comments say. */
class PortalExampleConfigTest {

  @TempDir Path tmp;

  @Test
  void portalExampleLoadsAndAdminNeedsBothLevelAndStaffRule() throws Exception {
    new TestConfigDir(tmp);
    String yaml =
        Files.readString(Path.of("..", "examples", "portal.yaml"), StandardCharsets.UTF_8);

    List<RouteConfig> routes = ConfigLoader.parse(yaml, tmp.resolve("portal.yaml")).routes();

    assertThat(routes).hasSize(6);
    RouteConfig adminRoute = routes.get(3);
    assertThat(adminRoute.accessName()).isEqualTo("rule staff and level admin");
    Attributes staffAdmin =
        Attributes.of(
            Map.of(
                "member", List.of("admin"),
                "affiliation", List.of("Staff"),
                "mail", List.of("root@example.org")));
    Attributes outsideAdmin =
        Attributes.of(
            Map.of(
                "member", List.of("admin"),
                "affiliation", List.of("Staff"),
                "mail", List.of("root@example.org.evil.test")));
    assertThat(adminRoute.access().decide(staffAdmin).allowed()).isTrue();
    assertThat(adminRoute.access().decide(outsideAdmin).allowed()).isFalse();
    assertThat(routes.get(4).host()).isEqualTo("ops.example.org");
  }
}
