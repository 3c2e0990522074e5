package org.spgate.core.config;

/**
 * How many octets of identity headers one request to a backend may carry, and what happens to an
 * attribute that does not fit. A header's size is its field line as sent: name, {@code ": "}, value
 * and CRLF — what gunicorn's {@code limit_request_field_size} measures.
 *
 * @param maxHeaderBytes the largest single identity header
 * @param maxTotalBytes all identity headers of one request together
 * @param onOverflow what happens to an attribute over either limit
 */
public record HeaderBudget(int maxHeaderBytes, int maxTotalBytes, HeaderOverflow onOverflow) {

  /** A budget with no limit of its own per header (one header may take the whole budget). */
  public static HeaderBudget refusingOver(int maxTotalBytes) {
    return new HeaderBudget(maxTotalBytes, maxTotalBytes, HeaderOverflow.REFUSE);
  }
}
