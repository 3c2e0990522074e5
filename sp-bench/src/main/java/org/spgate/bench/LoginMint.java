package org.spgate.bench;

import java.io.BufferedWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Pre-mints unique signed unsolicited Responses (no AuthnRequest round trip: the bench spgate sets
 * {@code security.allowUnsolicited: true}) and writes them one ready form body a line ({@code
 * SAMLResponse=...}) for wrk's Lua script.
 *
 * <pre>
 * LoginMint --idp DIR --entity-id ID --acs URL --count N --out FILE [--size small|large|32k]
 * </pre>
 */
public final class LoginMint {

  private LoginMint() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    BenchIdp idp = BenchIdp.load(Path.of(args.get("idp")));
    String entityId = args.get("entity-id");
    String acs = args.get("acs");
    String size = args.get("size", "small");
    int count = Integer.parseInt(args.get("count"));
    int offset = Integer.parseInt(args.get("offset", "0"));
    String[] bodies = new String[count];
    IntStream.range(0, count)
        .parallel()
        .forEach(
            i ->
                bodies[i] =
                    "SAMLResponse="
                        + URLEncoder.encode(
                            idp.mint(idp.spec(entityId, acs, size, offset + i)),
                            StandardCharsets.UTF_8));
    try (BufferedWriter out = Files.newBufferedWriter(Path.of(args.get("out")))) {
      for (String body : bodies) {
        out.write(body);
        out.write('\n');
      }
    }
  }
}
