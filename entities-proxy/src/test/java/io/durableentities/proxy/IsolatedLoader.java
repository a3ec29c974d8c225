package io.durableentities.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A throwaway class loader that defines its own copy of one class from the test class path, with a
 * chosen parent: the test's loader (it sees entities-core) or the platform loader (it does not).
 */
final class IsolatedLoader extends ClassLoader {

  private final String name;

  private IsolatedLoader(ClassLoader parent, String name) {
    super(parent);
    this.name = name;
  }

  /** Defines a new copy of a type in a new loader whose parent sees entities-core. */
  static Class<?> copy(Class<?> type) {
    return copy(type, IsolatedLoader.class.getClassLoader());
  }

  /** Defines a new copy of a type in a new loader with the given parent. */
  static Class<?> copy(Class<?> type, ClassLoader parent) {
    try {
      return new IsolatedLoader(parent, type.getName()).loadClass(type.getName());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(className)) {
      if (!className.equals(name)) {
        return super.loadClass(className, resolve);
      }
      Class<?> loaded = findLoadedClass(className);
      if (loaded != null) {
        return loaded;
      }
      String resource = className.replace('.', '/') + ".class";
      try (InputStream in = IsolatedLoader.class.getClassLoader().getResourceAsStream(resource)) {
        byte[] bytes = in.readAllBytes();
        return defineClass(className, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
