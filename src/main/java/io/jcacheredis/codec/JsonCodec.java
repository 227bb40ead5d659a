package io.jcacheredis.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import java.io.IOException;
import javax.cache.CacheException;

/**
 * Values as plain JSON through Jackson, read back as the cache's configured type: no class names in the stored text,
 * so {@code redis-cli GET} shows it and programs in other languages read and write it. Records, beans and the JDK's
 * value types work as Jackson maps them; Longs are decimal text, so INCRBY works on them.
 *
 * <p>Against hostile bytes: no default typing, and no polymorphic typing by class name (a type annotated
 * {@code @JsonTypeInfo(use = Id.CLASS)} is refused; {@code Id.NAME} with listed subtypes works), so the text never
 * names a class to load; nesting is bounded as Kryo's ({@value KryoCodec#MAX_DEPTH} levels), and Jackson's
 * {@link StreamReadConstraints} bound numbers and strings; JSON text allocates no more than it holds.
 */
final class JsonCodec implements ValueCodec {

  /** Shared: an ObjectMapper is safe for concurrent use once configured, and caches what it learns of types. */
  private static final ObjectMapper MAPPER = newMapper();

  private final Class<?> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  /** A codec for values of {@code type} (not Object: JSON would not say which class to read back). */
  JsonCodec(Class<?> type) {
    this.type = type;
    JavaType javaType = MAPPER.constructType(type);
    this.reader = MAPPER.readerFor(javaType);
    this.writer = MAPPER.writerFor(javaType);
  }

  private static ObjectMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(KryoCodec.MAX_DEPTH).build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(KryoCodec.MAX_DEPTH).build())
        .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // other programs may add fields
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .polymorphicTypeValidator(NoClassNames.INSTANCE)
        .build();
  }

  @Override
  public byte[] encode(Object value) {
    if (!type.isInstance(value)) {
      throw new CacheException("Cannot store a value of " + value.getClass().getName() + " as JSON: the cache's"
          + " codec reads back " + type.getName() + " only");
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CacheException("Cannot write a value of " + value.getClass().getName() + " as JSON: "
          + e.getOriginalMessage() + ". Make it a type Jackson maps (a record, a bean with getters and setters or"
          + " a no-argument constructor), or use another codec (docs/codecs.md)", e);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage()
          : e.toString();
      throw new CacheException("Cannot read a value stored in Redis (" + bytes.length + " bytes) as JSON of "
          + type.getName() + ": " + reason, e);
    }
  }

  /** Refuses every polymorphic type resolved by class name: the stored text never makes Jackson load a class. */
  private static final class NoClassNames extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;
    static final NoClassNames INSTANCE = new NoClassNames();

    @Override
    public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
      return Validity.DENIED;
    }

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
      return Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return Validity.DENIED;
    }
  }
}
