package io.durableentities.proxy.internal;

import java.util.Map;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/** Boxing and unboxing byte code, and the default value of each primitive type. */
final class Primitives {

  private static final Map<Class<?>, Class<?>> WRAPPERS =
      Map.of(
          boolean.class, Boolean.class,
          byte.class, Byte.class,
          short.class, Short.class,
          char.class, Character.class,
          int.class, Integer.class,
          long.class, Long.class,
          float.class, Float.class,
          double.class, Double.class,
          void.class, Void.class);

  private static final Map<Class<?>, Object> DEFAULTS =
      Map.of(
          boolean.class,
          false,
          byte.class,
          (byte) 0,
          short.class,
          (short) 0,
          char.class,
          '\0',
          int.class,
          0,
          long.class,
          0L,
          float.class,
          0f,
          double.class,
          0d);

  private Primitives() {}

  /**
   * Returns the wrapper class of a primitive type.
   *
   * @param type a primitive type
   * @return its wrapper, such as {@code Long} for {@code long}
   */
  static Class<?> wrapper(Class<?> type) {
    return WRAPPERS.getOrDefault(type, type);
  }

  /**
   * Returns the value a field of a type has before it is assigned.
   *
   * @param type any type
   * @return the boxed zero of a primitive type other than void, else null
   */
  static Object defaultValue(Class<?> type) {
    return DEFAULTS.get(type);
  }

  private static Class<?> primitiveClass(TypeDescription primitive) {
    return switch (primitive.getDescriptor().charAt(0)) {
      case 'Z' -> boolean.class;
      case 'B' -> byte.class;
      case 'S' -> short.class;
      case 'C' -> char.class;
      case 'I' -> int.class;
      case 'J' -> long.class;
      case 'F' -> float.class;
      case 'D' -> double.class;
      default -> throw new IllegalArgumentException(primitive + " is not primitive");
    };
  }

  /** Emits {@code Wrapper.valueOf(value)} for the primitive on top of the stack. */
  static void box(MethodVisitor mv, TypeDescription primitive) {
    String wrapper = Type.getInternalName(wrapper(primitiveClass(primitive)));
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        wrapper,
        "valueOf",
        "(" + primitive.getDescriptor() + ")L" + wrapper + ";",
        false);
  }

  /**
   * Emits the unboxing of the non-null object on top of the stack: {@code booleanValue()} and
   * {@code charValue()} of {@code Boolean} and {@code Character}, and for numbers any {@link
   * Number}, so that an invoker may answer an {@code Integer} for a {@code long} result.
   */
  static void unbox(MethodVisitor mv, TypeDescription primitive) {
    String owner;
    if (primitive.represents(boolean.class)) {
      owner = "java/lang/Boolean";
    } else if (primitive.represents(char.class)) {
      owner = "java/lang/Character";
    } else {
      owner = "java/lang/Number";
    }
    mv.visitTypeInsn(Opcodes.CHECKCAST, owner);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        owner,
        primitive.getName() + "Value",
        "()" + primitive.getDescriptor(),
        false);
  }
}
