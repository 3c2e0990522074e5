package org.spgate.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spgate.core.check.Rejection;

/** The swap a metadata refresh makes: all or nothing, never without the IdP logins go to. */
class IdpRegistryTest {

  static IdpDescriptor idp(String entityId, PublicKey key) {
    return new IdpDescriptor(
        entityId,
        List.of(key),
        List.of(),
        List.of(),
        false,
        List.of(),
        List.of(),
        null,
        null,
        Path.of("metadata.xml"));
  }

  static PublicKey key() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair().getPublic();
  }

  @Test
  void aReplacementHoldingTheDefaultIdpSwapsEveryIdpAndItsKeys() throws Exception {
    PublicKey oldKey = key();
    PublicKey newKey = key();
    IdpDescriptor main = idp("https://main", oldKey);
    IdpRegistry registry =
        new IdpRegistry(List.of(main, idp("https://gone", oldKey)), main, Clock.systemUTC());

    assertThat(registry.replace(List.of(idp("https://main", newKey), idp("https://new", newKey))))
        .isTrue();

    assertThat(registry.trusted("https://main").signingKeys()).containsExactly(newKey);
    assertThat(registry.defaultIdp().signingKeys()).containsExactly(newKey);
    assertThat(registry.find("https://new")).isPresent();
    assertThatThrownBy(() -> registry.trusted("https://gone")).isInstanceOf(Rejection.class);
  }

  @Test
  void aReplacementWithoutTheDefaultIdpChangesNothing() throws Exception {
    PublicKey oldKey = key();
    IdpDescriptor main = idp("https://main", oldKey);
    IdpRegistry registry = new IdpRegistry(List.of(main), main, Clock.systemUTC());

    assertThat(registry.replace(List.of(idp("https://other", key())))).isFalse();

    assertThat(registry.trusted("https://main").signingKeys()).containsExactly(oldKey);
    assertThat(registry.find("https://other")).isEmpty();
  }
}
