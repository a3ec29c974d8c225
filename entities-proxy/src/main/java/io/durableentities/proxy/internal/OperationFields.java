package io.durableentities.proxy.internal;

import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The type initializer of a generated proxy class: it reads the operations from {@link
 * EntityInterfaceMetadata}, the same cached instance the generator used, into {@code static final}
 * fields, so the proxy and its entity cannot disagree and the JIT sees constants.
 *
 * <pre>{@code
 * static {
 *   List<OperationMetadata> operations = EntityInterfaceMetadata.of(Account.class).operations();
 *   OP_0 = operations.get(0);
 *   OP_1 = operations.get(1);
 * }
 * }</pre>
 */
final class OperationFields implements ByteCodeAppender {

  private final Class<?> entityInterface;
  private final int count;
  private final String owner;

  OperationFields(Class<?> entityInterface, int count, String owner) {
    this.entityInterface = entityInterface;
    this.count = count;
    this.owner = owner;
  }

  @Override
  public Size apply(
      MethodVisitor mv, Implementation.Context context, MethodDescription instrumentedMethod) {
    String metadata = Type.getInternalName(EntityInterfaceMetadata.class);
    mv.visitLdcInsn(Type.getType(entityInterface));
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        metadata,
        "of",
        "(Ljava/lang/Class;)" + Type.getDescriptor(EntityInterfaceMetadata.class),
        false);
    mv.visitMethodInsn(
        Opcodes.INVOKEVIRTUAL,
        metadata,
        "operations",
        "()" + Type.getDescriptor(List.class),
        false);
    for (int i = 0; i < count; i++) {
      mv.visitInsn(Opcodes.DUP);
      mv.visitLdcInsn(i);
      mv.visitMethodInsn(
          Opcodes.INVOKEINTERFACE, "java/util/List", "get", "(I)Ljava/lang/Object;", true);
      mv.visitTypeInsn(Opcodes.CHECKCAST, Type.getInternalName(OperationMetadata.class));
      mv.visitFieldInsn(
          Opcodes.PUTSTATIC,
          owner,
          OperationCall.operationField(i),
          OperationCall.OPERATION_DESCRIPTOR);
    }
    mv.visitInsn(Opcodes.POP);
    return new Size(3, instrumentedMethod.getStackSize());
  }
}
