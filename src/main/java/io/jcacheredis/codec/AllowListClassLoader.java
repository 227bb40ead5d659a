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
      ClassNotAllowedException refused = ClassNotAllowedException.refused(name);
      throw new ClassNotFoundException(refused.getMessage(), refused);
    }
    return super.loadClass(name, resolve);
  }
}
