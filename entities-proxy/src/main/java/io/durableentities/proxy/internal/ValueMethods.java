package io.durableentities.proxy.internal;

import static io.durableentities.proxy.internal.OperationCall.INVOKER_DESCRIPTOR;
import static io.durableentities.proxy.internal.OperationCall.INVOKER_FIELD;

import io.durableentities.core.spi.EntityInvoker;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The constructor and the value methods of a generated proxy class. A proxy is a value: two proxies
 * are equal when they are of the same generated class (so of the same interface) and their
 * invokers' {@link EntityInvoker#target() targets} are equal.
 *
 * <pre>{@code
 * public Account$DurableEntityProxy$x(EntityInvoker invoker) { this.invoker = invoker; }
 * public boolean equals(Object o) {
 *   return o == this || o instanceof Account$DurableEntityProxy$x p
 *       && Objects.equals(invoker.target(), p.invoker.target());
 * }
 * public int hashCode() { return 31 * "com.example.Account".hashCode() + Objects.hashCode(invoker.target()); }
 * public String toString() { return "Account proxy for ".concat(String.valueOf(invoker.target())); }
 * }</pre>
 */
abstract class ValueMethods implements Implementation {

  private static final String INVOKER = Type.getInternalName(EntityInvoker.class);
  private static final String OBJECTS = "java/util/Objects";

  private ValueMethods() {}

  static Implementation constructor() {
    return new ValueMethods() {
      @Override
      int apply(MethodVisitor mv, String owner, MethodDescription method) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, owner, INVOKER_FIELD, INVOKER_DESCRIPTOR);
        mv.visitInsn(Opcodes.RETURN);
        return 2;
      }
    };
  }

  static Implementation equalsMethod() {
    return new ValueMethods() {
      @Override
      int apply(MethodVisitor mv, String owner, MethodDescription method) {
        Label notSame = new Label();
        Label sameClass = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitJumpInsn(Opcodes.IF_ACMPNE, notSame);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(notSame);
        mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitTypeInsn(Opcodes.INSTANCEOF, owner);
        mv.visitJumpInsn(Opcodes.IFNE, sameClass);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitLabel(sameClass);
        mv.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        loadTarget(mv, owner, 0, false);
        loadTarget(mv, owner, 1, true);
        mv.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            OBJECTS,
            "equals",
            "(Ljava/lang/Object;Ljava/lang/Object;)Z",
            false);
        mv.visitInsn(Opcodes.IRETURN);
        return 2;
      }
    };
  }

  static Implementation hashCodeMethod(Class<?> entityInterface) {
    int seed = 31 * entityInterface.getName().hashCode();
    return new ValueMethods() {
      @Override
      int apply(MethodVisitor mv, String owner, MethodDescription method) {
        mv.visitLdcInsn(seed);
        loadTarget(mv, owner, 0, false);
        mv.visitMethodInsn(
            Opcodes.INVOKESTATIC, OBJECTS, "hashCode", "(Ljava/lang/Object;)I", false);
        mv.visitInsn(Opcodes.IADD);
        mv.visitInsn(Opcodes.IRETURN);
        return 2;
      }
    };
  }

  static Implementation toStringMethod(Class<?> entityInterface) {
    String prefix = entityInterface.getSimpleName() + " proxy for ";
    return new ValueMethods() {
      @Override
      int apply(MethodVisitor mv, String owner, MethodDescription method) {
        mv.visitLdcInsn(prefix);
        loadTarget(mv, owner, 0, false);
        mv.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            "java/lang/String",
            "valueOf",
            "(Ljava/lang/Object;)Ljava/lang/String;",
            false);
        mv.visitMethodInsn(
            Opcodes.INVOKEVIRTUAL,
            "java/lang/String",
            "concat",
            "(Ljava/lang/String;)Ljava/lang/String;",
            false);
        mv.visitInsn(Opcodes.ARETURN);
        return 2;
      }
    };
  }

  /** Pushes {@code ((Owner) local).invoker.target()}. */
  private static void loadTarget(MethodVisitor mv, String owner, int local, boolean cast) {
    mv.visitVarInsn(Opcodes.ALOAD, local);
    if (cast) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, owner);
    }
    mv.visitFieldInsn(Opcodes.GETFIELD, owner, INVOKER_FIELD, INVOKER_DESCRIPTOR);
    mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, INVOKER, "target", "()Ljava/lang/Object;", true);
  }

  /**
   * Writes the method body.
   *
   * @return the maximum operand stack size
   */
  abstract int apply(MethodVisitor mv, String owner, MethodDescription method);

  @Override
  public InstrumentedType prepare(InstrumentedType instrumentedType) {
    return instrumentedType;
  }

  @Override
  public ByteCodeAppender appender(Target target) {
    String owner = target.getInstrumentedType().getInternalName();
    return (mv, context, method) ->
        new ByteCodeAppender.Size(apply(mv, owner, method), method.getStackSize());
  }
}
