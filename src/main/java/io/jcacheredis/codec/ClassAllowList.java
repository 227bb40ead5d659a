package io.jcacheredis.codec;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a cache's codec may read: standard JDK value types, the classes frameworks store themselves
 * (Hibernate's second-level cache keys and entries, Spring's {@code SimpleKey} and {@code NullValue}: exact names,
 * each checked to be plain data), the cache's configured key and value types with the types of their fields
 * (transitively, including generic type arguments such as the {@code Address} of a {@code List<Address>} field), the
 * other classes of the configured types' own packages (so a {@code Dog} cache can hold a {@code Beagle}), classes the
 * user lists, and every class this JVM has written into the cache ({@link LearnedClasses}). Patterns:
 * {@code com.acme.Person} (one class), {@code com.acme.*} (a package), {@code com.acme.**} (a package and its
 * subpackages).
 *
 * <p>Writing is never refused by the list: each class a value's bytes name is learned as it is written, so a cache
 * typed {@code Object} (the JCache default, what Spring and Hibernate create) stores and reads back any class without
 * configuration. Bytes in Redis naming any other class are refused before the class is loaded, so nothing written into
 * Redis by someone else can make this JVM load, initialise or instantiate a class it did not store there itself.
 */
public final class ClassAllowList {

  /**
   * JDK classes that hold data and do nothing when created or compared. Besides the usual ones: {@code Serializable}
   * as the element type of arrays (Hibernate's disassembled state is a {@code Serializable[]}), {@code Class} (a class
   * value; the class it names is checked on its own and never initialised), {@code TimeUnit}, and
   * {@code sun.util.calendar.ZoneInfo}, the class of {@code TimeZone.getTimeZone(id)}, which Kryo writes by its id.
   * Not {@code java.net.URL}: its {@code hashCode} resolves the host name.
   */
  private static final List<String> JDK_VALUE_TYPES = List.of(
      "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character", "java.lang.Number",
      "java.lang.Enum", "java.lang.Object", "java.lang.StringBuilder", "java.lang.Class", "java.io.Serializable",
      "java.util.concurrent.TimeUnit", "sun.util.calendar.ZoneInfo",
      "java.math.*", "java.time.**", "java.util.*", "java.util.concurrent.atomic.*",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
      "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
      "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.ConcurrentLinkedQueue",
      "java.util.concurrent.ConcurrentLinkedDeque", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
      "java.net.URI");

  private final Set<String> exact = new HashSet<>();
  private final List<String> packages = new ArrayList<>();
  private final List<String> packageTrees = new ArrayList<>();
  private final boolean allowAll;
  private final LearnedClasses learned;

  private ClassAllowList(Collection<String> patterns, boolean allowAll, LearnedClasses learned) {
    this.allowAll = allowAll;
    this.learned = learned;
    for (String pattern : patterns) {
      add(pattern.trim());
    }
  }

  /**
   * A list that learns the classes written through it for itself alone: for a codec made outside a CacheManager.
   *
   * @param types the configured key and value types (their field types are added)
   * @param userPatterns patterns the user allows; {@code "*"} alone allows every class (no protection)
   */
  public static ClassAllowList of(Collection<Class<?>> types, Collection<String> userPatterns) {
    return of(types, userPatterns, LearnedClasses.unshared());
  }

  /**
   * The list for one cache.
   *
   * @param types the configured key and value types (their field types are added)
   * @param userPatterns patterns the user allows; {@code "*"} alone allows every class (no protection)
   * @param learned the classes written into the cache, in this JVM ({@link LearnedClasses#of}); what is written
   *     through this list is added to it
   */
  public static ClassAllowList of(Collection<Class<?>> types, Collection<String> userPatterns,
      LearnedClasses learned) {
    boolean allowAll = userPatterns.stream().anyMatch(p -> p.trim().equals("*") || p.trim().equals("**"));
    List<String> patterns = new ArrayList<>(JDK_VALUE_TYPES);
    patterns.addAll(FrameworkTypes.NAMES);
    patterns.addAll(userPatterns);
    ClassAllowList list = new ClassAllowList(patterns, allowAll, learned);
    Set<Class<?>> seen = new HashSet<>();
    for (Class<?> type : types) {
      list.addWithFields(type, seen);
      if (!type.isPrimitive() && !type.isArray() && !type.getName().startsWith("java.")
          && !type.getPackageName().isEmpty()) {
        list.add(type.getPackageName() + ".*"); // subclasses usually live beside their base type
      }
    }
    return list;
  }

  /** This list plus some exact class names, learning into the same {@link LearnedClasses}. */
  ClassAllowList with(List<String> classNames) {
    if (classNames.isEmpty()) {
      return this;
    }
    ClassAllowList copy = new ClassAllowList(List.of(), allowAll, learned);
    copy.exact.addAll(exact);
    copy.exact.addAll(classNames);
    copy.packages.addAll(packages);
    copy.packageTrees.addAll(packageTrees);
    return copy;
  }

  private void add(String pattern) {
    if (pattern.isEmpty() || pattern.equals("*") || pattern.equals("**")) {
      return;
    }
    if (pattern.endsWith(".**")) {
      packageTrees.add(pattern.substring(0, pattern.length() - 2));
    } else if (pattern.endsWith(".*")) {
      packages.add(pattern.substring(0, pattern.length() - 1));
    } else {
      exact.add(pattern);
    }
  }

  private void addWithFields(Class<?> type, Set<Class<?>> seen) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isPrimitive() || !seen.add(type) || type.getName().startsWith("java.")) {
      return; // JDK types follow the JDK list
    }
    exact.add(type.getName());
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      exact.add(c.getName());
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
          addType(field.getGenericType(), seen);
        }
      }
    }
  }

  private void addType(Type type, Set<Class<?>> seen) {
    if (type instanceof Class) {
      addWithFields((Class<?>) type, seen);
    } else if (type instanceof ParameterizedType) {
      addType(((ParameterizedType) type).getRawType(), seen);
      for (Type argument : ((ParameterizedType) type).getActualTypeArguments()) {
        addType(argument, seen);
      }
    } else if (type instanceof GenericArrayType) {
      addType(((GenericArrayType) type).getGenericComponentType(), seen);
    } else if (type instanceof WildcardType) {
      for (Type bound : ((WildcardType) type).getUpperBounds()) {
        addType(bound, seen);
      }
    }
  }

  /**
   * Records that a value names {@code type} as it is written, which makes it readable from then on ({@link
   * LearnedClasses}). Never refuses a class for not being on the list; only a dynamic proxy, which is never read, is
   * refused ({@code ClassNotAllowedException}).
   */
  void written(Class<?> type) {
    learned.learn(type);
  }

  /** Whether a class may be read, judged by its name alone (so a refused class is never loaded). */
  public boolean permits(String className) {
    if (allowAll || learned.contains(className)) {
      return true;
    }
    String name = className;
    if (name.startsWith("[")) { // an array is allowed when its element type is: [B, [[I, [Lcom.acme.Person;
      String element = name.replaceFirst("^\\[+", "");
      return element.length() == 1 || (element.startsWith("L") && element.endsWith(";")
          && permits(element.substring(1, element.length() - 1)));
    }
    if (exact.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot + 1);
    if (packages.contains(pkg)) {
      return true;
    }
    for (String tree : packageTrees) {
      if (name.startsWith(tree)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return allowAll ? "ClassAllowList[*]" : "ClassAllowList" + exact + packages + packageTrees + learned;
  }
}
