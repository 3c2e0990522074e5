package org.spgate.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code headers} section into a {@link HeaderConfig}. */
final class HeaderSection {

  static final List<String> DEFAULT_REMOTE_USER_ATTRIBUTES =
      List.of("eppn", "subject-id", "pairwise-id", "persistent-id");
  private static final ValueType<HeaderEncoding> ENCODING = ValueType.oneOf(encodings());

  private HeaderSection() {}

  /** The header settings, defaults filled in. */
  static HeaderConfig read(YamlMapping headers) {
    String prefix = headers.get("prefix", HeaderTokens.PREFIX, "");
    String remoteUser = headers.get("remoteUser", HeaderTokens.NAME, "Remote-User");
    List<String> attributes =
        headers.list(
            "remoteUserAttributes", HeaderTokens.NAME, DEFAULT_REMOTE_USER_ATTRIBUTES, false);
    HeaderEncoding encoding = headers.get("encoding", ENCODING, HeaderEncoding.UTF8);
    HeaderBudget budget = HeaderBudgets.read(headers, HeaderBudgets.DEFAULT);
    boolean sessionHeaders = headers.get("sessionHeaders", ValueType.BOOLEAN, true);
    Map<String, HeaderProfile> profiles =
        HeaderProfileSection.read(headers, prefix, sessionHeaders);
    headers.finish();
    return new HeaderConfig(
        prefix,
        remoteUser,
        attributes,
        encoding,
        budget.maxTotalBytes(),
        sessionHeaders,
        budget.maxHeaderBytes(),
        budget.onOverflow(),
        profiles);
  }

  private static Map<String, HeaderEncoding> encodings() {
    Map<String, HeaderEncoding> values = new LinkedHashMap<>();
    values.put("utf8", HeaderEncoding.UTF8);
    values.put("url", HeaderEncoding.URL);
    return values;
  }
}
