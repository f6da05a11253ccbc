package org.crmhub.hub.api;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract's schema repository, handing out one validator per schema instead of a new one per
 * request. Vert.x's request validator asks for a validator on every request, and building one
 * copies the repository's whole lookup table (every schema of the contract): that copy was 40 % of
 * the hub's CPU under ingest load. A built validator only reads its table, so it can be shared
 * between threads. Schemas are the contract's own objects, so the cache holds at most one entry
 * per parameter and body of the contract.
 */
final class ReusedSchemaValidators implements SchemaRepository {

  private final SchemaRepository repository;
  /** By identity: two equal schemas at different places in the contract may resolve differently. */
  private final Map<IdentityKey, Validator> validators = new ConcurrentHashMap<>();

  ReusedSchemaValidators(SchemaRepository repository) {
    this.repository = repository;
  }

  @Override
  public Validator validator(JsonSchema schema) {
    return validators.computeIfAbsent(new IdentityKey(schema), key -> repository.validator(schema));
  }

  @Override
  public Validator validator(String ref) {
    return repository.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return repository.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return repository.validator(schema, options, dereference);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
    repository.dereference(schema);
    return this;
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
    repository.dereference(uri, schema);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    repository.preloadMetaSchema(fs);
    return this;
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    repository.preloadMetaSchema(fs, draft);
    return this;
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return repository.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return repository.find(pointer);
  }

  private record IdentityKey(JsonSchema schema) {
    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityKey key && key.schema == schema;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema);
    }
  }
}
