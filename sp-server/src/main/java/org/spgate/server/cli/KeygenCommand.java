package org.spgate.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code spgate keygen}: a new SP key and self-signed certificate, never over existing files. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Write sp-cert.pem and sp-key.pem (self-signed, for SAML signing and encryption).",
      "Refuses to overwrite existing files."
    })
final class KeygenCommand implements Callable<Integer> {

  /** The key types offered. */
  enum KeyType {
    RSA3072,
    EC256
  }

  @ParentCommand Main main;

  @Option(
      names = "--cn",
      required = true,
      paramLabel = "HOST",
      description = "the certificate's common name")
  String cn;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "where to write the files (created if missing; default: ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--type",
      defaultValue = "RSA3072",
      description =
          "RSA3072 (default) or EC256 (P-256). Signed AuthnRequests use RSA-SHA256, so keep RSA"
              + " for IdPs that want signed requests.")
  KeyType type;

  @Option(
      names = "--days",
      defaultValue = "3650",
      description = "validity in days (default: ${DEFAULT-VALUE})")
  int days;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new Main.UsageException("--out-dir " + dir + " is a file; expected a directory");
    }
    if (days < 1) {
      throw new Main.UsageException("--days must be at least 1, got " + days);
    }
    if (!Files.exists(dir)) {
      Files.createDirectories(dir);
      main.out.println("created directory " + dir);
    }
    Path cert = dir.resolve("sp-cert.pem");
    Path key = dir.resolve("sp-key.pem");
    if (Files.exists(cert) || Files.exists(key)) {
      throw new Main.UsageException(cert + " or " + key + " exists; refusing to overwrite a key");
    }
    Instant now = Instant.now();
    Duration validity = Duration.ofDays(days);
    SpCredential credential =
        type == KeyType.EC256
            ? KeyPairs.selfSignedEcP256(cn, now, validity)
            : KeyPairs.selfSigned(cn, 3072, now, validity);
    PemFiles.write(credential, cert, key);
    main.out.println(
        "wrote "
            + cert
            + " and "
            + key
            + " ("
            + (type == KeyType.EC256 ? "EC P-256" : "RSA 3072")
            + ", valid "
            + days
            + " days)");
    return Main.OK;
  }
}
