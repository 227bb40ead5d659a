package io.jcacheredis.codec;

/**
 * The class loader Kryo resolves class names with: it refuses, by name and before anything is loaded, every class
 * the cache's {@link ClassAllowList} does not permit, and delegates the rest to the application's loader.
 */
final class AllowListClassLoader extends ClassLoader {

  private final ClassAllowList allowList;

  AllowListClassLoader(ClassLoader parent, ClassAllowList allowList) {
    super(parent);
    this.allowList = allowList;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!allowList.permits(name)) {
      throw new ClassNotFoundException(name + " is not allowed for this cache: add it to "
          + KryoCodec.ALLOWED_CLASSES + " (or make it the cache's key or value type)");
    }
    return super.loadClass(name, resolve);
  }
}
