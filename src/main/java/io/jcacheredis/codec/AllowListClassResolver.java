package io.jcacheredis.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IntMap;
import com.esotericsoftware.kryo.util.ObjectMap;

/**
 * Kryo's class resolver with the cache's allow list applied on both sides: a class whose name is written is learned
 * ({@link ClassAllowList#written}), so the cache reads it back, and a class name read from Redis is checked before
 * any class loader sees it (Kryo's own resolver would fall back to its own class loader, bypassing ours).
 */
final class AllowListClassResolver extends DefaultClassResolver {

  private final ClassAllowList allowList;

  AllowListClassResolver(ClassAllowList allowList) {
    this.allowList = allowList;
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  protected void writeName(Output output, Class type, Registration registration) {
    allowList.written(type);
    super.writeName(output, type, registration);
  }

  /** Reads a class written by name (same format as Kryo's), refusing names the allow list does not permit. */
  @Override
  protected Registration readName(Input input) {
    int nameId = input.readVarInt(true);
    if (nameIdToClass == null) {
      nameIdToClass = new IntMap<>();
    }
    Class<?> type = nameIdToClass.get(nameId);
    if (type == null) {
      String className = input.readString();
      if (!allowList.permits(className)) {
        throw ClassNotAllowedException.refused(className);
      }
      type = getTypeByName(className);
      if (type == null) {
        try {
          type = Class.forName(className, false, kryo.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new KryoException("Unable to find class: " + className, e);
        }
        if (nameToClass == null) {
          nameToClass = new ObjectMap<>();
        }
        nameToClass.put(className, type);
      }
      nameIdToClass.put(nameId, type);
    }
    return kryo.getRegistration(type);
  }
}
