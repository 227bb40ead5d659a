package io.jcacheredis.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.BooleanArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.TreeSetSerializer;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kryo's serializers for collections, maps and object arrays, each counting the size it reads against the value's
 * element budget ({@link BoundedInput}) before it allocates or loops: Kryo's own allocate whatever size the bytes
 * announce, and add that many nulls for a collection marked "all null". The bytes they read and write are Kryo's, so
 * values stored before read the same.
 */
final class BoundedSerializers {

  private BoundedSerializers() {
  }

  /**
   * The bounded stand-in for a serializer Kryo chose by default, or that serializer itself when it allocates nothing
   * from a size it reads (maps other than HashMap-like ones fill themselves entry by entry, and every entry takes
   * bytes; strings and primitive arrays but boolean[] are read through {@link BoundedInput}'s checked methods).
   */
  static Serializer<?> bounded(Kryo kryo, Class<?> type, Serializer<?> chosen) {
    Class<?> kind = chosen.getClass();
    if (kind == CollectionSerializer.class) {
      return new Collections();
    }
    if (kind == MapSerializer.class) {
      return new Maps();
    }
    if (kind == ObjectArraySerializer.class) {
      return new ObjectArrays(kryo, type);
    }
    if (kind == StringArraySerializer.class) {
      return new StringArrays();
    }
    if (kind == BooleanArraySerializer.class) {
      return new BooleanArrays();
    }
    if (kind == TreeSetSerializer.class) {
      return new TreeSets();
    }
    if (kind == PriorityQueueSerializer.class) {
      return new PriorityQueues();
    }
    if (kind == ArraysAsListSerializer.class) {
      return new ArraysAsLists();
    }
    if (kind.getEnclosingClass() == ImmutableCollectionsSerializers.class && chosen instanceof CollectionSerializer) {
      return List.class.isAssignableFrom(type) ? new ImmutableLists() : new ImmutableSets();
    }
    return chosen;
  }

  @SuppressWarnings("rawtypes")
  private static final class Collections extends CollectionSerializer<Collection> {
    @Override
    protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
      BoundedInput.claimElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  @SuppressWarnings("rawtypes")
  private static final class Maps extends MapSerializer<Map> {
    @Override
    protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
      BoundedInput.claimElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  private static final class ObjectArrays extends ObjectArraySerializer {
    ObjectArrays(Kryo kryo, Class<?> type) {
      super(kryo, type);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object[] read(Kryo kryo, Input input, Class type) {
      BoundedInput.claimArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  private static final class StringArrays extends StringArraySerializer {
    @Override
    @SuppressWarnings("rawtypes")
    public String[] read(Kryo kryo, Input input, Class type) {
      BoundedInput.claimArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  /** Kryo reads a boolean[] one boolean at a time into an array it allocates first. */
  private static final class BooleanArrays extends BooleanArraySerializer {
    @Override
    @SuppressWarnings("rawtypes")
    public boolean[] read(Kryo kryo, Input input, Class type) {
      BoundedInput.claimArrayLength(input);
      return super.read(kryo, input, type);
    }
  }

  private static final class TreeSets extends TreeSetSerializer {
    @Override
    @SuppressWarnings("rawtypes")
    protected TreeSet create(Kryo kryo, Input input, Class<? extends TreeSet> type, int size) {
      BoundedInput.claimElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  private static final class PriorityQueues extends PriorityQueueSerializer {
    @Override
    @SuppressWarnings("rawtypes")
    protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
      BoundedInput.claimElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  private static final class ArraysAsLists extends ArraysAsListSerializer {
    @Override
    @SuppressWarnings("rawtypes")
    protected List create(Kryo kryo, Input input, Class type, int size) {
      BoundedInput.claimElements(input, size);
      return super.create(kryo, input, type, size);
    }
  }

  /** {@code List.of(...)} lists, as Kryo reads them (its serializer for them cannot be extended). */
  private static final class ImmutableLists extends CollectionSerializer<List<Object>> {
    ImmutableLists() {
      setElementsCanBeNull(false);
    }

    @Override
    protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
      BoundedInput.claimElements(input, size);
      return new ArrayList<>(size);
    }

    @Override
    protected List<Object> createCopy(Kryo kryo, List<Object> original) {
      return new ArrayList<>(original.size());
    }

    @Override
    public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
      List<Object> elements = super.read(kryo, input, type);
      return elements == null ? null : List.of(elements.toArray());
    }

    @Override
    public List<Object> copy(Kryo kryo, List<Object> original) {
      return List.copyOf(super.copy(kryo, original));
    }
  }

  /** {@code Set.of(...)} sets, as Kryo reads them (its serializer for them cannot be extended). */
  private static final class ImmutableSets extends CollectionSerializer<Set<Object>> {
    ImmutableSets() {
      setElementsCanBeNull(false);
    }

    @Override
    protected Set<Object> create(Kryo kryo, Input input, Class<? extends Set<Object>> type, int size) {
      BoundedInput.claimElements(input, size);
      return new HashSet<>();
    }

    @Override
    protected Set<Object> createCopy(Kryo kryo, Set<Object> original) {
      return new HashSet<>();
    }

    @Override
    public Set<Object> read(Kryo kryo, Input input, Class<? extends Set<Object>> type) {
      Set<Object> elements = super.read(kryo, input, type);
      return elements == null ? null : Set.of(elements.toArray());
    }

    @Override
    public Set<Object> copy(Kryo kryo, Set<Object> original) {
      return Set.copyOf(super.copy(kryo, original));
    }
  }
}
