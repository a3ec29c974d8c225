package io.durableentities.proxy.internal;

import io.durableentities.core.EntityException;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import java.lang.reflect.Method;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The body of one proxied operation method, with no arrays, reflection or lookups:
 *
 * <pre>{@code
 * public void deposit(long cents) {
 *   this.invoker.invoke(OP_2, Long.valueOf(cents));
 * }
 * public long balance() {
 *   Object result = this.invoker.invoke(OP_0, null);
 *   if (result == null) throw new EntityException("... Account.balance() returns long, ...");
 *   return ((Number) result).longValue();
 * }
 * public String owner() {
 *   return (String) this.invoker.invoke(OP_5, null);
 * }
 * }</pre>
 *
 * {@code OP_i} are {@code static final} fields of the generated class, so the JIT treats the
 * operation as a constant; a context parameter is never passed on.
 */
final class OperationCall implements Implementation {

  static final String INVOKER_FIELD = "invoker";
  static final String INVOKER_DESCRIPTOR = Type.getDescriptor(EntityInvoker.class);
  static final String OPERATION_DESCRIPTOR = Type.getDescriptor(OperationMetadata.class);
  private static final String INVOKER = Type.getInternalName(EntityInvoker.class);

  private final OperationMetadata operation;
  private final String operationField;
  private final String nullResultMessage;

  OperationCall(Class<?> entityInterface, OperationMetadata operation, String operationField) {
    this.operation = operation;
    this.operationField = operationField;
    this.nullResultMessage =
        operation.method().getReturnType().isPrimitive()
            ? nullResultMessage(entityInterface, operation)
            : null;
  }

  static String operationField(int index) {
    return "OP_" + index;
  }

  @Override
  public InstrumentedType prepare(InstrumentedType instrumentedType) {
    return instrumentedType;
  }

  @Override
  public ByteCodeAppender appender(Target implementationTarget) {
    String owner = implementationTarget.getInstrumentedType().getInternalName();
    return (mv, context, instrumentedMethod) -> apply(mv, owner, instrumentedMethod);
  }

  private ByteCodeAppender.Size apply(
      MethodVisitor mv, String owner, MethodDescription instrumentedMethod) {
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitFieldInsn(Opcodes.GETFIELD, owner, INVOKER_FIELD, INVOKER_DESCRIPTOR);
    mv.visitFieldInsn(Opcodes.GETSTATIC, owner, operationField, OPERATION_DESCRIPTOR);
    if (operation.inputIndex() < 0) {
      mv.visitInsn(Opcodes.ACONST_NULL);
    } else {
      ParameterDescription input = instrumentedMethod.getParameters().get(operation.inputIndex());
      TypeDescription type = input.getType().asErasure();
      mv.visitVarInsn(
          Type.getType(type.getDescriptor()).getOpcode(Opcodes.ILOAD), input.getOffset());
      if (type.isPrimitive()) {
        Primitives.box(mv, type);
      }
    }
    mv.visitMethodInsn(
        Opcodes.INVOKEINTERFACE,
        INVOKER,
        "invoke",
        "(" + OPERATION_DESCRIPTOR + "Ljava/lang/Object;)Ljava/lang/Object;",
        true);
    TypeDescription returned = instrumentedMethod.getReturnType().asErasure();
    if (returned.represents(void.class)) {
      mv.visitInsn(Opcodes.POP);
      mv.visitInsn(Opcodes.RETURN);
    } else if (returned.isPrimitive()) {
      Label present = new Label();
      mv.visitInsn(Opcodes.DUP);
      mv.visitJumpInsn(Opcodes.IFNONNULL, present);
      mv.visitInsn(Opcodes.POP);
      String exception = Type.getInternalName(EntityException.class);
      mv.visitTypeInsn(Opcodes.NEW, exception);
      mv.visitInsn(Opcodes.DUP);
      mv.visitLdcInsn(nullResultMessage);
      mv.visitMethodInsn(
          Opcodes.INVOKESPECIAL, exception, "<init>", "(Ljava/lang/String;)V", false);
      mv.visitInsn(Opcodes.ATHROW);
      mv.visitLabel(present);
      mv.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
      Primitives.unbox(mv, returned);
      mv.visitInsn(Type.getType(returned.getDescriptor()).getOpcode(Opcodes.IRETURN));
    } else {
      if (!returned.represents(Object.class)) {
        mv.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
      }
      mv.visitInsn(Opcodes.ARETURN);
    }
    return new ByteCodeAppender.Size(6, instrumentedMethod.getStackSize());
  }

  /** {@code Type.method(ParameterTypes)}, as {@link OperationMetadata#describeMethod()}. */
  private static String describe(Method method) {
    StringBuilder text = new StringBuilder(method.getDeclaringClass().getSimpleName());
    text.append('.').append(method.getName()).append('(');
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
    }
    return text.append(')').toString();
  }

  static String nullResultMessage(Class<?> entityInterface, OperationMetadata operation) {
    Class<?> result = operation.method().getReturnType();
    return "Proxy of "
        + entityInterface.getName()
        + ": "
        + describe(operation.method())
        + " returns "
        + result.getName()
        + ", but the call of operation '"
        + operation.name()
        + "' returned null; a primitive result needs a value: return one from the entity, or"
        + " declare "
        + Primitives.wrapper(result).getSimpleName()
        + " to allow null";
  }
}
