package org.crmhub.hub.failure;

/**
 * The primary stored the contact but fewer replicas than required confirmed it in time: it could
 * still be lost in a failover, so it is not acknowledged. The sender's retry is answered as a
 * duplicate once replicas have it (the API answers 503 with Retry-After).
 */
public class NotReplicated extends RuntimeException {

  public NotReplicated(String detail) {
    super(detail, null, false, false);
  }
}
