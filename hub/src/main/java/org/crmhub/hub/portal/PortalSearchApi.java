package org.crmhub.hub.portal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.api.SearchApi;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.failure.Invalid;
import org.crmhub.hub.portal.AccountOwners.Owner;
import org.crmhub.hub.search.SearchCursor;
import org.crmhub.hub.search.SearchFilters;
import org.crmhub.hub.search.SearchRequest;
import org.crmhub.hub.search.SearchResult;
import org.crmhub.hub.search.SearchService;

/**
 * A signed-in customer searches their own messages: the search is always narrowed to the account's
 * customer, and each hit is checked again against what the customer may see (their conversation,
 * a message shown to them), so whatever the index holds, nobody else's words and no staff note
 * reach a customer.
 */
final class PortalSearchApi implements ApiOperations {

  private final AccountOwners owners;
  private final ConversationStore conversations;
  private final SearchService search;

  PortalSearchApi(AccountOwners owners, ConversationStore conversations, SearchService search) {
    this.owners = owners;
    this.conversations = conversations;
    this.search = search;
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("searchCustomerMessages", this::search);
  }

  void search(RoutingContext ctx) {
    // the contract does not list it; refused rather than ignored so no caller believes it worked
    if (ctx.queryParams().contains("customerId")) {
      ctx.fail(new Invalid("customerId", "a customer searches only their own messages: customerId is not taken here"));
      return;
    }
    String q = ContractValidation.query(ctx, "q");
    if (q.isBlank()) {
      ctx.fail(new Invalid("q", "say what to look for: q is empty"));
      return;
    }
    String cursor = ContractValidation.query(ctx, "cursor");
    SearchCursor after;
    try {
      after = cursor == null ? null : SearchCursor.decode(cursor);
    } catch (Invalid invalid) {
      ctx.fail(invalid);
      return;
    }
    String accountId = ContractValidation.validated(ctx).getPathParameters().get("accountId").getString();
    int limit = ContractValidation.limit(ctx);
    owners.of(accountId)
        .compose(owner -> owner.customerId() == null
            ? Future.succeededFuture(new JsonObject().put("items", new JsonArray()))
            : search.search(request(q, owner.customerId(), limit, after)).compose(page -> visible(owner, page)))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /**
   * The one place this API makes a search: always the owner's messages, never another customer's,
   * and never a note (left out by the query, so a page of notes does not come back empty).
   */
  private static SearchRequest request(String q, String customerId, int limit, SearchCursor after) {
    return new SearchRequest(q, new SearchFilters(null, customerId, null, null, null, null, null, null, null, null,
        true), limit, after);
  }

  /** The hits the owner may see, in order; the cursor leads on even when some were left out. */
  private Future<JsonObject> visible(Owner owner, SearchResult.Page page) {
    Map<String, Future<Conversation>> byId = new HashMap<>();
    List<Future<Boolean>> checks = page.items().stream()
        .map(hit -> byId.computeIfAbsent(hit.conversationId(), conversations::find)
            .compose(conversation -> !owner.owns(conversation)
                ? Future.succeededFuture(false)
                : conversations.message(hit.conversationId(), hit.messageId())
                    .map(message -> message != null && PortalView.shownToCustomer(message))))
        .toList();
    return Future.all(checks).map(all -> {
      JsonArray items = new JsonArray();
      for (int i = 0; i < checks.size(); i++) {
        if (checks.get(i).result()) {
          items.add(item(page.items().get(i)));
        }
      }
      return SearchApi.page(items, page.next());
    });
  }

  /** A hit without the staff-only parts (customer id and name). */
  private static JsonObject item(SearchResult hit) {
    return JsonFields.withoutNulls(new JsonObject()
        .put("conversationId", hit.conversationId())
        .put("messageId", hit.messageId())
        .put("channel", hit.channel())
        .put("subject", hit.subject())
        .put("at", hit.at().toString())
        .put("snippet", hit.snippet())
        .put("highlights", SearchApi.highlights(hit)));
  }
}
