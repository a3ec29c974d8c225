package io.durableentities.benchmarks.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A throwaway class loader that defines its own copy of one interface, so nothing is cached. */
final class FreshInterfaceLoader extends ClassLoader {

  private final String name;
  private final byte[] bytes;

  private FreshInterfaceLoader(ClassLoader parent, String name, byte[] bytes) {
    super(parent);
    this.name = name;
    this.bytes = bytes;
  }

  /** Reads the class file of an interface, to define it again in fresh loaders. */
  static byte[] classFile(Class<?> type) {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Defines a new copy of an interface in a new loader. */
  static Class<?> define(Class<?> type, byte[] bytes) {
    try {
      return new FreshInterfaceLoader(type.getClassLoader(), type.getName(), bytes)
          .loadClass(type.getName());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(className)) {
      if (className.equals(name)) {
        Class<?> loaded = findLoadedClass(className);
        return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
      }
      return super.loadClass(className, resolve);
    }
  }
}
