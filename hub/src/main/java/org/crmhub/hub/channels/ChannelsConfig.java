package org.crmhub.hub.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Environment;

/**
 * The connectors' settings: the {@code channels} section of the file named by {@code CRMHUB_CONFIG}
 * (YAML or JSON), one section per connector ({@code phone}, {@code email}, ...), each overlaid by
 * the environment variables its connector reads ({@code Connector#withEnvironment}).
 */
public final class ChannelsConfig {

  private ChannelsConfig() {}

  public static JsonObject load(Environment environment, List<Connectors.Installed> installed) {
    JsonObject channels = fromFile(environment.text("CRMHUB_CONFIG"));
    for (Connectors.Installed each : installed) {
      Object section = channels.getValue(each.section());
      if (section != null && !(section instanceof JsonObject)) {
        throw new IllegalArgumentException("CRMHUB_CONFIG: channels." + each.section() + " must be a mapping");
      }
      JsonObject fromFile = section == null ? new JsonObject() : (JsonObject) section;
      channels.put(each.section(), each.connector().withEnvironment(fromFile, environment));
    }
    return channels;
  }

  private static JsonObject fromFile(String location) {
    if (location == null) {
      return new JsonObject();
    }
    Path path = Path.of(location);
    try {
      ObjectMapper mapper = location.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      @SuppressWarnings("unchecked")
      Map<String, Object> root = mapper.readValue(Files.readString(path), Map.class);
      Object channels = root == null ? null : root.get("channels");
      if (channels != null && !(channels instanceof Map)) {
        throw new IllegalArgumentException("CRMHUB_CONFIG: 'channels' must be a mapping of connector name to settings");
      }
      @SuppressWarnings("unchecked")
      JsonObject section = channels == null ? new JsonObject() : new JsonObject((Map<String, Object>) channels);
      return section;
    } catch (IOException e) {
      // the message names the file and the line, never its content (it may hold passwords)
      throw new IllegalArgumentException("CRMHUB_CONFIG " + path.getFileName() + " cannot be read: "
          + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
