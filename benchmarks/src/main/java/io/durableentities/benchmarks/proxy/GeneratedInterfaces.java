package io.durableentities.benchmarks.proxy;

import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;

/**
 * Makes new entity interfaces ({@code add(long)}, {@code get()}, {@code rename(String)}, like
 * {@link FreshCounter}) under unique names, so each proxy generation sees an interface nothing has
 * cached, and defines them in a given loader.
 */
final class GeneratedInterfaces {

  private static final AtomicLong NEXT = new AtomicLong();
  private static final ByteBuddy BYTE_BUDDY = new ByteBuddy();

  private GeneratedInterfaces() {}

  /** The class file of a new interface with a unique name. */
  static Definition next() {
    String name =
        GeneratedInterfaces.class.getPackageName() + ".gen.Counter" + NEXT.getAndIncrement();
    byte[] bytes =
        BYTE_BUDDY
            .makeInterface()
            .name(name)
            .defineMethod("add", void.class, Visibility.PUBLIC)
            .withParameters(long.class)
            .withoutCode()
            .defineMethod("get", long.class, Visibility.PUBLIC)
            .withoutCode()
            .defineMethod("rename", void.class, Visibility.PUBLIC)
            .withParameters(String.class)
            .withoutCode()
            .make()
            .getBytes();
    return new Definition(name, bytes);
  }

  /**
   * A class file to define.
   *
   * @param name the binary name
   * @param bytes the class file
   */
  record Definition(String name, byte[] bytes) {}

  /** A class loader that defines the interfaces it is given; one loader can hold many. */
  static final class Loader extends ClassLoader {

    Loader() {
      super(GeneratedInterfaces.class.getClassLoader());
    }

    /** Defines an interface in this loader. */
    Class<?> define(Definition definition) {
      return defineClass(definition.name(), definition.bytes(), 0, definition.bytes().length);
    }
  }
}
