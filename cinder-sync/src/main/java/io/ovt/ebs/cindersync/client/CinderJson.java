package io.ovt.ebs.cindersync.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Jackson set up for Cinder's JSON: unknown fields ignored, zone-less UTC timestamps read. */
final class CinderJson {

  /** Cinder's own format for {@code updated_at=gt:...}: UTC, microseconds, no zone suffix. */
  static final DateTimeFormatter CINDER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private CinderJson() {}

  static ObjectMapper mapper() {
    SimpleModule time = new SimpleModule("cinder-time");
    time.addDeserializer(Instant.class, new CinderInstantDeserializer());
    return new ObjectMapper()
        .registerModule(time)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Parses Cinder's {@code 2026-11-25T10:00:00.000000} (UTC without a zone) and zoned ISO forms.
   */
  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException zoneless) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  private static final class CinderInstantDeserializer extends StdDeserializer<Instant> {
    CinderInstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        return parseTime(text);
      } catch (DateTimeParseException e) {
        return (Instant) ctx.handleWeirdStringValue(Instant.class, text, e.getMessage());
      }
    }
  }
}
