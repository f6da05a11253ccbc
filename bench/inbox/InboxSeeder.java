import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Sender;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.ConversationThreader;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.customer.IdentityResolver;
import org.crmhub.hub.customer.ResolvedCustomer;
import org.crmhub.hub.customer.duplicates.DuplicateIndex;
import org.crmhub.hub.redis.Redis;

/**
 * Seeder of the inbox benchmark: fills a Redis with customers, conversations and messages through
 * the hub's own classes (IdentityResolver, ConversationThreader, ConversationStore, CustomerStore,
 * InboxIndex from the hub jar), called as the hub's processing and staff actions call them, so the
 * key layout is the hub's and cannot drift. It skips what the inbox never reads (the events stream,
 * webhooks) and the reads and no-op writes the hub repeats for every further message of a
 * conversation; inbox indexes are written once per conversation with its final state, which is
 * what indexing after every message leaves behind.
 *
 * <p>Everything is derived from a seed, so two runs with the same arguments seed the same data
 * (except the ids the hub's own classes draw: customers and conversations).
 *
 * <p>Run with the source launcher and the hub jar as class path:
 * {@code java -cp hub/target/crm-hub.jar bench/inbox/InboxSeeder.java --redis redis://127.0.0.1:PORT
 * --messages N --conversations N --customers N --out DIR}. Writes {@code DIR/manifest.json} (counts,
 * timing, sample customers) and {@code DIR/conversations.jsonl} (each conversation's final inbox
 * fields, from which the driver computes the pages the hub must answer). Exit code 0 seeded, 1
 * failed, 2 bad arguments.
 */
public final class InboxSeeder {

  /** Messages of one conversation written before waiting for their replies (bounds Lettuce's queue). */
  private static final int MESSAGE_CHUNK = 100;
  private static final int SAMPLE_CUSTOMERS = 1_000;

  private final SeedPlan plan;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final InboxIndex inbox;
  private final IdentityResolver resolver;
  private final ConversationThreader threader;
  private final SeededConversation[] seeded;
  private final String[] customerIds;
  private final int inFlight;
  private long messagesWritten;
  private int nextCustomer;
  private int activeCustomers;
  private int doneCustomers;

  private InboxSeeder(Redis redis, SeedPlan plan, int inFlight) {
    this.plan = plan;
    this.customers = new CustomerStore(redis);
    this.conversations = new ConversationStore(redis);
    this.inbox = new InboxIndex(redis);
    this.resolver = new IdentityResolver(customers, new DuplicateIndex(redis));
    this.threader = new ConversationThreader(conversations, customers);
    this.seeded = new SeededConversation[plan.conversations()];
    this.customerIds = new String[plan.customers()];
    this.inFlight = inFlight;
  }

  /** A conversation as the hub stored it after seeding. */
  record SeededConversation(Conversation conversation, String customerId) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int messages = number(options, "--messages", 1_000_000);
    int conversationCount = number(options, "--conversations", Math.max(1, messages / 10));
    int customerCount = number(options, "--customers", Math.max(1, conversationCount / 2));
    int inFlight = number(options, "--in-flight", 32);
    int maxSeconds = number(options, "--max-seconds", 1_800);
    long seed = number(options, "--seed", 20_261_205);
    String url = options.get("--redis");
    String out = options.get("--out");
    if (url == null || out == null || customerCount > conversationCount || conversationCount > messages
        || inFlight < 1) {
      System.err.println("usage: InboxSeeder --redis URL --out DIR [--messages N] [--conversations N]"
          + " [--customers N] [--in-flight N] [--max-seconds N] [--seed N]"
          + " (customers <= conversations <= messages)");
      System.exit(2);
    }
    SeedPlan plan = SeedPlan.create(messages, conversationCount, customerCount, seed, System.currentTimeMillis());
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    Promise<Long> finished = Promise.promise();
    long started = System.nanoTime();
    vertx.setTimer(maxSeconds * 1000L,
        timer -> finished.tryFail("seeding took longer than " + maxSeconds + " s"));
    context.runOnContext(v -> Redis.connect(vertx, url)
        .compose(redis -> new InboxSeeder(redis, plan, inFlight).run(started)
            .compose(seeder -> seeder.writeResults(Path.of(out), (System.nanoTime() - started) / 1e9, url))
            .onComplete(done -> redis.shutdown()))
        .onComplete(done -> {
          if (done.succeeded()) {
            finished.tryComplete(done.result());
          } else {
            finished.tryFail(done.cause());
          }
        }));
    int exit;
    try {
      finished.future().toCompletionStage().toCompletableFuture().get();
      exit = 0;
    } catch (Exception e) {
      System.err.println("seeder: " + (e.getCause() != null ? e.getCause() : e));
      exit = 1;
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
    System.exit(exit);
  }

  /** Seeds every customer, {@link #inFlight} at a time, on this context. */
  private Future<InboxSeeder> run(long startedNanos) {
    Promise<InboxSeeder> all = Promise.promise();
    System.out.printf("seeding %,d messages in %,d conversations of %,d customers%n",
        plan.messages(), plan.conversations(), plan.customers());
    pump(all, startedNanos);
    return all.future();
  }

  private void pump(Promise<InboxSeeder> all, long startedNanos) {
    while (activeCustomers < inFlight && nextCustomer < plan.customers()) {
      int customer = nextCustomer++;
      activeCustomers++;
      seedCustomer(customer).onComplete(done -> {
        activeCustomers--;
        if (done.failed()) {
          all.tryFail(done.cause());
          return;
        }
        doneCustomers++;
        int step = Math.max(1, plan.customers() / 10);
        if (doneCustomers % step == 0 || doneCustomers == plan.customers()) {
          System.out.printf("  %,d of %,d customers, %,d messages, %.1f s%n", doneCustomers, plan.customers(),
              messagesWritten, (System.nanoTime() - startedNanos) / 1e9);
        }
        if (doneCustomers == plan.customers()) {
          all.tryComplete(this);
        } else if (!all.future().isComplete()) {
          pump(all, startedNanos);
        }
      });
    }
  }

  /**
   * The customer comes from their first contact (as the hub's pipeline resolves it), then each of
   * their conversations, oldest first.
   */
  private Future<Void> seedCustomer(int customer) {
    int[] owned = plan.conversationsOf(customer);
    List<List<SeedPlan.Message>> messagesOf = new ArrayList<>();
    for (int conversation : owned) {
      messagesOf.add(plan.messagesOf(conversation));
    }
    SeedPlan.Customer person = plan.customer(customer);
    SeedPlan.Message first = messagesOf.get(0).get(0);
    return resolver.resolve(first.id(), plan.contact(owned[0], person, first))
        .compose(resolved -> {
          customerIds[customer] = resolved.id();
          Future<Void> chain = Future.succeededFuture();
          for (int k = 0; k < owned.length; k++) {
            int conversation = owned[k];
            List<SeedPlan.Message> messages = messagesOf.get(k);
            chain = chain.compose(v -> seedConversation(conversation, person, resolved, messages));
          }
          return chain;
        });
  }

  /**
   * Places the first contact as the threader does, adds every message as the pipeline (inbound)
   * and the reply service (outbound) do, applies the staff's status and assignee as the
   * conversation service does, then indexes the final state.
   */
  private Future<Void> seedConversation(int conversation, SeedPlan.Customer person, ResolvedCustomer resolved,
      List<SeedPlan.Message> messages) {
    SeedPlan.Message first = messages.get(0);
    String customerId = resolved.id();
    // each planned conversation is a new one: the customer's open conversation is not offered to join
    ResolvedCustomer customer = new ResolvedCustomer(customerId, resolved.name(), false, null);
    InboundContact contact = plan.contact(conversation, person, first);
    // the first message's filing creates the conversation, as the pipeline's does
    ConversationStore.Opening opening = new ConversationStore.Opening(contact.channel().wireName(), customerId,
        contact.subject(), contact.receivedAt(), first.id());
    return threader.place(first.id(), contact, customer, null)
        .compose(conversationId -> addMessages(conversationId, opening, person, customerId, conversation, messages, 0)
            .compose(v -> staffChanges(conversationId, conversation))
            .compose(v -> conversations.find(conversationId))
            .compose(stored -> Future.all(
                    inbox.index(stored, null),
                    customers.addConversation(customerId, stored.id(), (long) stored.lastActivityMs()))
                .onSuccess(v -> seeded[conversation] = new SeededConversation(stored, customerId))
                .mapEmpty()));
  }

  private Future<Void> addMessages(String conversationId, ConversationStore.Opening opening, SeedPlan.Customer person,
      String customerId, int conversation, List<SeedPlan.Message> messages, int from) {
    int to = Math.min(messages.size(), from + MESSAGE_CHUNK);
    List<Future<?>> writes = new ArrayList<>();
    for (int i = from; i < to; i++) {
      SeedPlan.Message message = messages.get(i);
      JsonObject json = plan.messageJson(conversation, person, message);
      if (message.inbound()) {
        // the threader files every contact
        writes.add(conversations.fileContact(message.id(), conversationId));
        writes.add(i == 0
            ? conversations.addMessage(conversationId, opening, 0, json, message.text(), "inbound", message.compound(), true)
            : conversations.addMessage(conversationId, json, message.text(), "inbound", message.compound(), true));
        writes.add(customers.addSentimentPoint(customerId,
            new SentimentPoint(message.atMillis(), message.compound(), message.id(), conversationId)));
      } else {
        writes.add(conversations.addMessage(conversationId, json, message.text(), "outbound", 0, false));
      }
    }
    messagesWritten += to - from;
    Future<Void> chunk = Future.all(writes).mapEmpty();
    return to == messages.size() ? chunk
        : chunk.compose(v -> addMessages(conversationId, opening, person, customerId, conversation, messages, to));
  }

  /** What the conversation service applies for a PATCH of status and assignee. */
  private Future<Void> staffChanges(String conversationId, int conversation) {
    Map<String, String> changes = new HashMap<>();
    String status = plan.status(conversation);
    if (!"open".equals(status)) {
      changes.put("status", status);
    }
    String assignee = plan.assignee(conversation);
    if (assignee != null) {
      changes.put("assignee", assignee);
    }
    return changes.isEmpty() ? Future.succeededFuture() : conversations.update(conversationId, changes);
  }

  private Future<Long> writeResults(Path out, double seconds, String url) {
    try {
      Files.createDirectories(out);
      try (BufferedWriter writer = Files.newBufferedWriter(out.resolve("conversations.jsonl"), StandardCharsets.UTF_8)) {
        for (SeededConversation entry : seeded) {
          Map<String, String> fields = entry.conversation().fields();
          writer.write(new JsonObject()
              .put("id", fields.get("id"))
              .put("customerId", entry.customerId())
              .put("channel", fields.get("channel"))
              .put("status", fields.getOrDefault("status", "open"))
              .put("assignee", fields.get("assignee"))
              .put("sentiment", fields.get("sentiment") == null ? null : Double.valueOf(fields.get("sentiment")))
              .put("sentimentLabel", fields.get("sentimentLabel"))
              .put("waitingSinceMs", fields.get("waitingSince") == null ? null
                  : Instant.parse(fields.get("waitingSince")).toEpochMilli())
              .put("lastActivityMs", Long.parseLong(fields.get("lastActivityMs")))
              .put("messageCount", Integer.parseInt(fields.get("messageCount")))
              .encode());
          writer.newLine();
        }
      }
      JsonArray sampleCustomers = new JsonArray();
      SplittableRandom pick = new SplittableRandom(plan.seed() ^ 0x5eed);
      for (int i = 0; i < Math.min(SAMPLE_CUSTOMERS, plan.customers()); i++) {
        int customer = pick.nextInt(plan.customers());
        sampleCustomers.add(new JsonObject()
            .put("id", customerIds[customer])
            .put("identities", new JsonArray(plan.customer(customer).identities().stream().map(Identity::key).toList()))
            .put("conversations", plan.conversationsOf(customer).length));
      }
      JsonObject manifest = new JsonObject()
          .put("messages", plan.messages())
          .put("conversations", plan.conversations())
          .put("customers", plan.customers())
          .put("seed", plan.seed())
          .put("seedSeconds", seconds)
          .put("agents", new JsonArray(List.of(SeedPlan.AGENTS)))
          .put("sampleCustomers", sampleCustomers);
      Files.writeString(out.resolve("manifest.json"), manifest.encodePrettily());
      System.out.printf("seeded in %.1f s (%,.0f messages/s)%n", seconds, plan.messages() / seconds);
      return Future.succeededFuture((long) plan.messages());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0) {
      System.err.println("seeder: every option takes a value: " + Arrays.toString(args));
      System.exit(2);
    }
    return options;
  }

  private static int number(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      System.err.println("seeder: " + name + " must be a whole number, got " + value);
      System.exit(2);
      return fallback;
    }
  }
}

/**
 * What gets seeded, derived from a seed: which customer owns which conversation, each
 * conversation's channel, start, size, final status and assignee, and each message's direction,
 * time, text and sentiment. Message lists are generated on demand, the same each time.
 */
final class SeedPlan {

  static final String[] AGENTS = {
      "agent01", "agent02", "agent03", "agent04", "agent05", "agent06", "agent07", "agent08", "agent09", "agent10",
      "agent11", "agent12", "agent13", "agent14", "agent15", "agent16", "agent17", "agent18", "agent19", "agent20"};
  /** Channel mix of conversations (weights in percent). */
  private static final Channel[] CHANNELS = {
      Channel.EMAIL, Channel.PHONE, Channel.SMS, Channel.X, Channel.MESSENGER, Channel.INSTAGRAM, Channel.PORTAL,
      Channel.API};
  private static final int[] CHANNEL_WEIGHTS = {35, 10, 10, 10, 10, 5, 10, 10};
  private static final long DAY_MS = 86_400_000L;
  private static final long HISTORY_MS = 180 * DAY_MS;
  private static final long MEAN_GAP_MS = 3 * 3_600_000L;
  private static final String[] FIRST_NAMES = {
      "Ann", "Ben", "Carla", "Deniz", "Emil", "Fatima", "Goran", "Hanna", "Ivo", "Jana", "Kofi", "Lena", "Mateo",
      "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tara"};
  private static final String[] LAST_NAMES = {
      "Adler", "Berg", "Costa", "Dietz", "Eriksen", "Fischer", "Garcia", "Huber", "Ito", "Jensen", "Klein", "Lopez",
      "Meyer", "Novak", "Olsen", "Peters", "Rossi", "Schulz", "Tanaka", "Vogel"};
  private static final String[] MAIL_DOMAINS = {"gmail.com", "outlook.com", "yahoo.com"};
  private static final String[] NEGATIVE_TEXTS = {
      "This is the third time I am asking. Terrible service.",
      "Still waiting for my refund, this is unacceptable.",
      "The package arrived broken and nobody answers my calls.",
      "Cancel my account, I am done with this."};
  private static final String[] NEUTRAL_TEXTS = {
      "Can I change the delivery address for order 4711?",
      "Hello, my order has not arrived",
      "Please send me the invoice for last month.",
      "What are your opening hours on Saturday?"};
  private static final String[] POSITIVE_TEXTS = {
      "Thanks a lot, the replacement works great!",
      "I love the new app, the login is fast now.",
      "Great support, thank you for the quick help!",
      "Perfect, that solved it. Have a nice day."};
  private static final String[] REPLY_TEXTS = {
      "Thanks for writing, we are looking into it.",
      "Your refund is on its way, it takes 3-5 days.",
      "We have sent a replacement today.",
      "Could you send us your order number, please?"};

  private final int messages;
  private final int customers;
  private final long seed;
  private final long nowMs;
  private final int[] customerOf;
  private final int[] messageCount;
  private final Channel[] channel;
  private final long[] startMs;
  private final String[] status;
  private final String[] assignee;
  private final int[][] conversationsOf;
  private final IdentityNormalizer normalizer = new IdentityNormalizer("US");

  private SeedPlan(int messages, int conversations, int customers, long seed, long nowMs) {
    this.messages = messages;
    this.customers = customers;
    this.seed = seed;
    this.nowMs = nowMs;
    this.customerOf = new int[conversations];
    this.messageCount = new int[conversations];
    this.channel = new Channel[conversations];
    this.startMs = new long[conversations];
    this.status = new String[conversations];
    this.assignee = new String[conversations];
    this.conversationsOf = new int[customers][];
  }

  /**
   * Every customer has about the same number of conversations; every conversation has at least
   * one message, and the rest fall on conversations with a long tail (a few have hundreds or
   * thousands, most a handful).
   */
  static SeedPlan create(int messages, int conversations, int customers, long seed, long nowMs) {
    SeedPlan plan = new SeedPlan(messages, conversations, customers, seed, nowMs);
    SplittableRandom random = new SplittableRandom(seed);
    int[] owned = new int[customers];
    for (int c = 0; c < conversations; c++) {
      plan.customerOf[c] = c % customers;
      owned[c % customers]++;
      plan.messageCount[c] = 1;
      plan.channel[c] = plan.pickChannel(random);
      plan.startMs[c] = nowMs - 60_000L - (long) (random.nextDouble() * HISTORY_MS);
      double state = random.nextDouble();
      plan.status[c] = state < 0.25 ? "open" : state < 0.40 ? "pending" : "closed";
      plan.assignee[c] = random.nextDouble() < 0.3 ? null : AGENTS[random.nextInt(AGENTS.length)];
    }
    for (int m = conversations; m < messages; m++) {
      double u = random.nextDouble();
      plan.messageCount[(int) (u * u * conversations)]++;
    }
    for (int customer = 0; customer < customers; customer++) {
      plan.conversationsOf[customer] = new int[owned[customer]];
    }
    int[] filled = new int[customers];
    for (int c = 0; c < conversations; c++) {
      int customer = plan.customerOf[c];
      plan.conversationsOf[customer][filled[customer]++] = c;
    }
    for (int[] list : plan.conversationsOf) {
      // oldest first: the customer is created by the first contact of their first conversation
      Integer[] boxed = Arrays.stream(list).boxed().toArray(Integer[]::new);
      Arrays.sort(boxed, (a, b) -> Long.compare(plan.startMs[a], plan.startMs[b]));
      for (int i = 0; i < list.length; i++) {
        list[i] = boxed[i];
      }
    }
    return plan;
  }

  private Channel pickChannel(SplittableRandom random) {
    int roll = random.nextInt(100);
    for (int i = 0; i < CHANNELS.length; i++) {
      roll -= CHANNEL_WEIGHTS[i];
      if (roll < 0) {
        return CHANNELS[i];
      }
    }
    return Channel.EMAIL;
  }

  int messages() {
    return messages;
  }

  int conversations() {
    return customerOf.length;
  }

  int customers() {
    return customers;
  }

  long seed() {
    return seed;
  }


  int[] conversationsOf(int customer) {
    return conversationsOf[customer];
  }

  String status(int conversation) {
    return status[conversation];
  }

  String assignee(int conversation) {
    return assignee[conversation];
  }

  /** One message: an inbound contact (id {@code ct_…}) or a staff reply ({@code rp_…}). */
  record Message(String id, boolean inbound, long atMillis, double compound, String text) {}

  /**
   * The conversation's messages, oldest first: the first is the customer's, later ones are the
   * customer's or a reply; a conversation that ends pending or closed ends with a reply.
   */
  List<Message> messagesOf(int conversation) {
    SplittableRandom random = new SplittableRandom(seed * 31 + conversation);
    int count = messageCount[conversation];
    long span = Math.min(count * MEAN_GAP_MS, nowMs - 1_000L - startMs[conversation]);
    long[] times = new long[count];
    times[0] = startMs[conversation];
    for (int i = 1; i < count; i++) {
      times[i] = startMs[conversation] + 1 + (long) (random.nextDouble() * span);
    }
    Arrays.sort(times);
    List<Message> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean closingReply = i == count - 1 && count > 1 && !"open".equals(status[conversation]);
      boolean inbound = i == 0 || (!closingReply && random.nextDouble() < 0.55);
      if (inbound) {
        double mood = random.nextDouble();
        double compound;
        String text;
        if (mood < 0.25) {
          compound = -0.05 - random.nextDouble() * 0.9;
          text = NEGATIVE_TEXTS[random.nextInt(NEGATIVE_TEXTS.length)];
        } else if (mood < 0.55) {
          compound = -0.049 + random.nextDouble() * 0.098;
          text = NEUTRAL_TEXTS[random.nextInt(NEUTRAL_TEXTS.length)];
        } else {
          compound = 0.05 + random.nextDouble() * 0.9;
          text = POSITIVE_TEXTS[random.nextInt(POSITIVE_TEXTS.length)];
        }
        list.add(new Message(token("ct", random), true, times[i], Math.round(compound * 10_000) / 10_000.0, text));
      } else {
        list.add(new Message(token("rp", random), false, times[i], 0, REPLY_TEXTS[random.nextInt(REPLY_TEXTS.length)]));
      }
    }
    return list;
  }

  /** Same shape as the hub's ids ({@code prefix_} + 96 bits, base64url), from the seed. */
  private static String token(String prefix, SplittableRandom random) {
    byte[] bytes = new byte[12];
    for (int i = 0; i < bytes.length; i += 4) {
      int value = random.nextInt();
      for (int j = 0; j < 4; j++) {
        bytes[i + j] = (byte) (value >>> (8 * j));
      }
    }
    return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A customer as their contacts name them. */
  record Customer(String name, List<Identity> identities) {}

  Customer customer(int customer) {
    return new Customer(name(customer), identitiesOf(customer));
  }

  /** 20 first names, 26 initials, 20 last names: about five customers share a name at 50,000. */
  private String name(int customer) {
    int first = customer % FIRST_NAMES.length;
    int initial = (customer / FIRST_NAMES.length) % 26;
    int last = (customer / (FIRST_NAMES.length * 26)) % LAST_NAMES.length;
    return FIRST_NAMES[first] + " " + (char) ('A' + initial) + ". " + LAST_NAMES[last];
  }

  /**
   * Every customer has an email address, most at a free-mail domain and the rest at one of 50
   * company domains; every third customer has a phone number too.
   */
  private List<Identity> identitiesOf(int customer) {
    String local = name(customer).toLowerCase(java.util.Locale.ROOT).replace(". ", ".").replace(' ', '.');
    String domain = customer % 5 < 3 ? MAIL_DOMAINS[customer % MAIL_DOMAINS.length]
        : "shop" + (customer % 50) + ".example.com";
    List<Identity> identities = new ArrayList<>();
    identities.add(normalizer.normalize(IdentityType.EMAIL, local + "." + customer + "@" + domain));
    if (customer % 3 == 0) {
      identities.add(normalizer.normalize(IdentityType.PHONE, "+4930" + (10_000_000 + customer)));
    }
    return identities;
  }

  private String subject(int conversation) {
    return channel[conversation] == Channel.EMAIL ? "Order " + (100_000 + conversation) : null;
  }

  /**
   * The contact as a connector hands it over; every channel gets a thread key (one per
   * conversation), as email, X and calls have, so each conversation is its own thread.
   */
  InboundContact contact(int conversation, Customer customer, Message message) {
    return new InboundContact(channel[conversation], "bench-" + message.id(),
        new Sender(customer.identities(), customer.name()),
        subject(conversation), message.text(), null, "bench-thread-" + conversation,
        Instant.ofEpochMilli(message.atMillis()), new JsonObject());
  }

  /** The stored message: as the contact pipeline builds an inbound one and the reply service a reply. */
  JsonObject messageJson(int conversation, Customer customer, Message message) {
    String wire = channel[conversation].wireName();
    Identity from = customer.identities().get(0);
    String at = Instant.ofEpochMilli(message.atMillis()).toString();
    if (!message.inbound()) {
      return new JsonObject()
          .put("id", message.id())
          .put("direction", "outbound")
          .put("channel", wire)
          .put("to", from.key())
          .put("text", message.text())
          .put("sentBy", assignee[conversation] == null ? AGENTS[0] : assignee[conversation])
          .put("status", "sent")
          .put("receivedAt", at);
    }
    double compound = message.compound();
    String label = compound >= 0.05 ? "positive" : compound <= -0.05 ? "negative" : "neutral";
    JsonObject json = new JsonObject()
        .put("id", message.id())
        .put("direction", "inbound")
        .put("channel", wire)
        .put("externalId", "bench-" + message.id())
        .put("receivedAt", at)
        .put("sentiment", new JsonObject().put("compound", compound).put("label", label).put("scored", true))
        .put("metadata", new JsonObject())
        .put("from", from.key())
        .put("fromName", customer.name())
        .put("text", message.text());
    String subject = subject(conversation);
    if (subject != null) {
      json.put("subject", subject);
    }
    return json;
  }
}
