package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** A part of the REST API: the contract operations it answers, by operationId. */
public interface ApiOperations {

  Map<String, Handler<RoutingContext>> operations();
}
