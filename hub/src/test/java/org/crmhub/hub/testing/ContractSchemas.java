package org.crmhub.hub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the schemas of the published contract ({@code openapi.yaml}, from the
 * openapi module's resources) with a JSON Schema 2020-12 validator written by others, formats
 * asserted. Schemas are looked up by JSON pointer into the contract, so a webhook's schema is the
 * one its {@code webhooks:} entry declares and a response's the one its operation declares.
 */
public final class ContractSchemas {

  private static final String CONTRACT = "classpath:openapi.yaml";
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .formatAssertionsEnabled(true)
      .build();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The contract as a tree, to refuse a pointer that names nothing (that would validate anything). */
  private static final JsonNode TREE = readContract();
  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private ContractSchemas() {}

  /** What is wrong with a webhook body of this event type; empty when it keeps the contract. */
  public static List<String> webhookViolations(String eventType, String body) {
    return violations("/webhooks/" + escape(eventType) + "/post/requestBody/content/application~1json/schema", body);
  }

  /** What is wrong with a JSON value against one of the contract's component schemas. */
  public static List<String> componentViolations(String schemaName, String json) {
    return violations("/components/schemas/" + escape(schemaName), json);
  }

  /** What is wrong with a JSON value against the schema at a JSON pointer into the contract. */
  public static List<String> violationsAt(String pointer, String json) {
    return violations(pointer, json);
  }

  /** The schema at a JSON pointer into the contract, its {@code $ref} (one level) followed. */
  public static JsonNode schemaAt(String pointer) {
    JsonNode schema = TREE.at(pointer);
    if (schema.isMissingNode()) {
      throw new IllegalArgumentException("the contract has no schema at " + pointer);
    }
    return schema.has("$ref") ? TREE.at(schema.get("$ref").asText().substring(1)) : schema;
  }

  /**
   * What is wrong with a REST response body; empty when it keeps the contract, and when the
   * contract declares no JSON schema for this operation, status and media type (the response is
   * then not one this helper can judge).
   *
   * @param path the request's path, e.g. {@code /api/v1/conversations/cv_1?limit=2}
   * @param mediaType the response's content type without parameters
   */
  public static List<String> responseViolations(String method, String path, int status, String mediaType,
      String body) {
    String template = templateOf(path);
    if (template == null) {
      return List.of();
    }
    String operation = "/paths/" + escape(template) + "/" + method.toLowerCase(java.util.Locale.ROOT);
    String response = operation + "/responses/" + status;
    JsonNode declared = TREE.at(response);
    if (declared.has("$ref")) {
      response = declared.get("$ref").asText().substring(1);
    }
    String schema = response + "/content/" + escape(mediaType) + "/schema";
    return TREE.at(schema).isMissingNode() ? List.of() : violations(schema, body);
  }

  /** The contract's path template a concrete path matches; literal segments win over parameters. */
  static String templateOf(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] segments = bare.split("/", -1);
    String best = null;
    int bestLiterals = -1;
    for (java.util.Iterator<String> it = TREE.path("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String[] parts = template.split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < parts.length && matches; i++) {
        if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
          matches = !segments[i].isEmpty();
        } else {
          matches = parts[i].equals(segments[i]);
          literals++;
        }
      }
      if (matches && literals > bestLiterals) {
        best = template;
        bestLiterals = literals;
      }
    }
    return best;
  }

  private static List<String> violations(String pointer, String body) {
    if (TREE.at(pointer).isMissingNode()) {
      throw new IllegalArgumentException("the contract has no schema at " + pointer);
    }
    JsonSchema schema = LOADED.computeIfAbsent(pointer,
        p -> FACTORY.getSchema(SchemaLocation.of(CONTRACT + "#" + p), CONFIG));
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException notJson) {
      return List.of("not JSON: " + notJson.getMessage());
    }
    return schema.validate(json).stream().map(ValidationMessage::toString).sorted().toList();
  }

  private static JsonNode readContract() {
    try (java.io.InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the test classpath");
      }
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** RFC 6901: a key as one JSON pointer token. */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
