package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.hub.search.SearchService;

/** Admin-only: the answering hub's search index state, and asking every hub to rebuild its index. */
public final class SearchIndexApi implements ApiOperations {

  private final SearchService search;

  public SearchIndexApi(SearchService search) {
    this.search = search;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getSearchIndex", this::getSearchIndex,
        "rebuildSearchIndex", this::rebuildSearchIndex);
  }

  public void getSearchIndex(RoutingContext ctx) {
    search.state().map(SearchIndexApi::toJson).onComplete(Responses.answer(ctx, 200));
  }

  /** 202: each hub rebuilds in the background (seconds to minutes); the state says when it is done. */
  public void rebuildSearchIndex(RoutingContext ctx) {
    search.requestRebuild().map(SearchIndexApi::toJson).onComplete(Responses.answer(ctx, 202));
  }

  private static JsonObject toJson(SearchService.IndexState state) {
    JsonObject lastRebuild = state.lastRebuildFinishedAt() == null ? null : new JsonObject()
        .put("finishedAt", state.lastRebuildFinishedAt().toString())
        .put("durationMs", state.lastRebuildMillis());
    return new JsonObject()
        .put("documents", state.documents())
        .put("position", state.position())
        .put("generation", state.generation())
        .put("requestedGeneration", state.requestedGeneration())
        .put("rebuilding", state.rebuilding())
        .put("rebuildStartedAt", state.rebuildStartedAt() == null ? null : state.rebuildStartedAt().toString())
        .put("lastRebuild", lastRebuild);
  }
}
