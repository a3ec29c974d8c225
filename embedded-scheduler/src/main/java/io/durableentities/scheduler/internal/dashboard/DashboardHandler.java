package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one dashboard request and turns every failure into a JSON error: pages at {@code /}, reads
 * at {@code GET /api/...}, actions at {@code POST /api/actions/...}. An action's body is read
 * without holding a thread ({@link Content.Source#asByteArrayAsync}), so a client that stalls in
 * the middle of its body costs only its connection until the idle timeout closes it.
 */
final class DashboardHandler extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(DashboardHandler.class);

  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final RequestGuard guard;
  private final ReadApi reads;
  private final ActionApi actions;
  private final StaticAssets assets;

  DashboardHandler(RequestGuard guard, ReadApi reads, ActionApi actions, StaticAssets assets) {
    this.guard = guard;
    this.reads = reads;
    this.actions = actions;
    this.assets = assets;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    try {
      guard.checkHost(request.getHeaders());
      if (!path.startsWith("/api/")) {
        asset(request, response, callback, path);
      } else if (path.startsWith("/api/actions/")) {
        if (!HttpMethod.POST.is(method)) {
          throw new ApiError(405, "Actions take POST");
        }
        guard.checkAction(request.getHeaders());
        long length = request.getLength();
        if (length > ApiCall.MAX_BODY_BYTES) {
          throw tooLarge();
        }
        Content.Source.asByteArrayAsync(request, ApiCall.MAX_BODY_BYTES)
            .whenComplete(
                (body, failure) -> {
                  if (failure != null) {
                    bodyFailed(request, response, callback, failure);
                  } else {
                    answer(request, response, callback, () -> actions.act(call(request, body)));
                  }
                });
      } else {
        if (!HttpMethod.GET.is(method)) {
          throw new ApiError(405, "Reads take GET; actions are POST /api/actions/...");
        }
        answer(request, response, callback, () -> reads.read(call(request, new byte[0])));
      }
    } catch (RuntimeException e) {
      fail(request, response, callback, e);
    }
    return true;
  }

  /** Computes a JSON answer. */
  @FunctionalInterface
  private interface Answer {
    ObjectNode get() throws IOException;
  }

  private static ApiCall call(Request request, byte[] body) {
    return new ApiCall(
        request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(), body);
  }

  private void answer(Request request, Response response, Callback callback, Answer answer) {
    try {
      send(
          request,
          response,
          callback,
          200,
          "application/json; charset=utf-8",
          ApiCall.JSON.writeValueAsBytes(answer.get()));
    } catch (IOException | RuntimeException e) {
      fail(request, response, callback, e);
    }
  }

  private void bodyFailed(Request request, Response response, Callback callback, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
      // asByteArrayAsync refuses a body beyond its limit with an IllegalStateException (Jetty
      // 12.1); I/O failures are IOExceptions. DashboardSlowClientsTest pins this down.
      fail(request, response, callback, tooLarge());
    } else {
      // The client went away or stalled past the idle timeout: nobody is left to answer.
      callback.failed(cause);
    }
  }

  private static ApiError tooLarge() {
    return new ApiError(
        413, "The request body is larger than " + ApiCall.MAX_BODY_BYTES + " bytes");
  }

  private void asset(Request request, Response response, Callback callback, String path) {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      throw new ApiError(405, "Pages take GET");
    }
    StaticAssets.Asset asset = assets.find(path);
    if (asset == null) {
      throw ApiError.notFound("No page " + path + "; the dashboard is at /");
    }
    send(request, response, callback, 200, asset.contentType(), asset.bytes());
  }

  private void fail(Request request, Response response, Callback callback, Exception e) {
    int status;
    String message;
    if (e instanceof ApiError a) {
      status = a.httpStatus;
      message = a.getMessage();
    } else if (e instanceof StatusRuntimeException s) {
      ApiError a = ApiError.of(s);
      status = a.httpStatus;
      message = a.getMessage();
    } else {
      log.error(
          "The dashboard failed to serve {} {}",
          request.getMethod(),
          request.getHttpURI().getPath(),
          e);
      status = 500;
      message = "The dashboard failed unexpectedly: " + e;
    }
    ObjectNode body = ApiCall.JSON.createObjectNode();
    body.put("error", message);
    body.put("status", status);
    try {
      send(
          request,
          response,
          callback,
          status,
          "application/json; charset=utf-8",
          ApiCall.JSON.writeValueAsBytes(body));
    } catch (IOException | RuntimeException sendFailure) {
      callback.failed(sendFailure);
    }
  }

  private static void send(
      Request request, Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    var h = response.getHeaders();
    h.put(HttpHeader.CONTENT_TYPE, type);
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    h.put(new HttpField("X-Content-Type-Options", "nosniff"));
    h.put(new HttpField("X-Frame-Options", "DENY"));
    h.put(new HttpField("Referrer-Policy", "no-referrer"));
    h.put(new HttpField("Content-Security-Policy", CSP));
    h.put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? null : ByteBuffer.wrap(body), callback);
  }
}
