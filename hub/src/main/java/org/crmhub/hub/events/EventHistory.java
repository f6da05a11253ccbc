package org.crmhub.hub.events;

import io.vertx.core.Future;
import java.util.List;

/** Past domain events, read back for a client that resumes its event stream. */
public interface EventHistory {

  /** Events after {@code afterId} (exclusive), oldest first, at most {@code limit}, as {@link SseFrame}s. */
  Future<List<String>> since(String afterId, int limit);
}
