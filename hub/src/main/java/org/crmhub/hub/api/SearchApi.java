package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.search.SearchCursor;
import org.crmhub.hub.search.SearchFilters;
import org.crmhub.hub.search.SearchRequest;
import org.crmhub.hub.search.SearchResult;
import org.crmhub.hub.search.SearchService;

/** Full-text search over messages: the contract's {@code searchMessages}. */
public final class SearchApi implements ApiOperations {

  private final SearchService search;

  public SearchApi(SearchService search) {
    this.search = search;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("searchMessages", this::search);
  }

  public void search(RoutingContext ctx) {
    String q = ContractValidation.query(ctx, "q");
    if (q.isBlank()) {
      ctx.fail(new Invalid("q", "say what to look for: q is empty"));
      return;
    }
    String cursor = ContractValidation.query(ctx, "cursor");
    SearchRequest request;
    try {
      SearchFilters filters = new SearchFilters(ContractValidation.query(ctx, "channel"),
          ContractValidation.query(ctx, "customerId"), ContractValidation.query(ctx, "status"),
          ContractValidation.query(ctx, "sentiment"), ContractValidation.query(ctx, "assignee"),
          ContractValidation.query(ctx, "tag"), ContractValidation.query(ctx, "author"),
          ContractValidation.query(ctx, "kind"), time(ctx, "from"), time(ctx, "to"), false);
      request = new SearchRequest(q, filters, ContractValidation.limit(ctx),
          cursor == null ? null : SearchCursor.decode(cursor));
    } catch (Invalid invalid) {
      ctx.fail(invalid);
      return;
    }
    search.search(request)
        .onSuccess(page -> Responses.json(ctx, 200, body(page)))
        .onFailure(ctx::fail);
  }

  private static Instant time(RoutingContext ctx, String name) {
    String value = ContractValidation.query(ctx, name);
    return value == null ? null : OffsetDateTime.parse(value).toInstant();
  }

  private static JsonObject body(SearchResult.Page page) {
    JsonArray items = new JsonArray();
    for (SearchResult result : page.items()) {
      JsonObject item = new JsonObject()
          .put("conversationId", result.conversationId())
          .put("messageId", result.messageId())
          .put("customerId", result.customerId())
          .put("customerName", result.customerName())
          .put("channel", result.channel())
          .put("subject", result.subject())
          .put("at", result.at().toString())
          .put("author", result.author())
          .put("kind", result.kind())
          .put("sentBy", result.sentBy())
          .put("status", result.status())
          .put("tags", new JsonArray(result.tags()))
          .put("assignee", result.assignee())
          .put("sentiment", result.sentiment())
          .put("snippet", result.snippet())
          .put("highlights", highlights(result));
      items.add(JsonFields.withoutNulls(item));
    }
    return page(items, page.next());
  }

  /** A page of hits as the contract writes it (the staff's and the portal's search alike). */
  public static JsonObject page(JsonArray items, SearchCursor next) {
    JsonObject body = new JsonObject().put("items", items);
    if (next != null) {
      body.put("nextCursor", next.encode());
    }
    return body;
  }

  /** The hit's highlights as the contract writes them: ranges of its snippet. */
  public static JsonArray highlights(SearchResult result) {
    JsonArray highlights = new JsonArray();
    result.highlights().forEach(range -> highlights.add(new JsonObject()
        .put("start", range.start()).put("end", range.end())));
    return highlights;
  }
}
