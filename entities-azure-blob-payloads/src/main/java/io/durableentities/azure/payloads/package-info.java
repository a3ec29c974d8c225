/**
 * Large payloads in Azure Blob Storage: {@link
 * io.durableentities.azure.payloads.AzureBlobPayloadStore} is the {@link
 * io.durableentities.client.PayloadStore} to give a worker and a client, so that inputs, outputs,
 * entity states and event data above a threshold (900,000 bytes by default) travel as {@code
 * blob:v1:<container>:<blob>} references, the token format of the Durable Task SDKs' blob-payload
 * extensions.
 *
 * <pre>{@code
 * PayloadStore store = AzureBlobPayloadStore.newBuilder()
 *     .endpoint("https://myaccount.blob.core.windows.net")
 *     .credential(new DefaultAzureCredentialBuilder().build())   // or .connectionString(...)
 *     .build();
 * DurableWorker worker = DurableWorker.newBuilder(connection).entity(BigEntity.class)
 *     .payloadStore(store).start();
 * DurableClient client = DurableClient.newBuilder(connection).payloadStore(store).build();
 * }</pre>
 */
package io.durableentities.azure.payloads;
