import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/**
 * Baseline for the ingest benchmark: a bare Vert.x HTTP server that reads the request body and
 * answers {@code POST /api/v1/inbound/contacts} with the same 202 JSON shape the hub sends, but
 * without authentication, validation, Redis or anything else. It shows what this machine and the
 * load generator can do at all, so the hub's rate can be read as a fraction of it.
 *
 * <p>Run with the source launcher and the hub jar on the class path (it brings Vert.x):
 * {@code java -cp hub/target/crm-hub.jar bench/ingest/BareServer.java <port>}. Listens on
 * 127.0.0.1 only, prints {@code listening on port N} when ready, and exits on SIGTERM.
 */
public final class BareServer {

  private static final String PATH = "/api/v1/inbound/contacts";
  private static final String BODY = "{\"contactId\":\"ct_x\",\"duplicate\":false}";

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -cp crm-hub.jar bench/ingest/BareServer.java <port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer()
        .requestHandler(req -> {
          if (req.method() != HttpMethod.POST || !PATH.equals(req.path())) {
            req.response().setStatusCode(404).end();
            return;
          }
          req.body()
              .onSuccess(buf -> req.response()
                  .setStatusCode(202)
                  .putHeader("content-type", "application/json")
                  .end(BODY))
              .onFailure(err -> req.response().setStatusCode(400).end());
        })
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("listening on port " + server.actualPort()))
        .onFailure(err -> {
          System.err.println("could not listen on port " + port + ": " + err);
          System.exit(1);
        });
  }
}
