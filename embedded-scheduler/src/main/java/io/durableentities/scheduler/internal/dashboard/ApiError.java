package io.durableentities.scheduler.internal.dashboard;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A request the dashboard refuses or cannot serve: an HTTP status and a message for the user. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int httpStatus;

  ApiError(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  /** The HTTP answer to an engine's refusal, keeping its description. */
  static ApiError of(StatusRuntimeException e) {
    Status s = e.getStatus();
    int http =
        switch (s.getCode()) {
          case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
          case NOT_FOUND -> 404;
          case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> 409;
          case RESOURCE_EXHAUSTED -> 413;
          case UNAVAILABLE -> 503;
          default -> 500;
        };
    String message = s.getDescription() == null ? s.getCode().toString() : s.getDescription();
    return new ApiError(http, message);
  }
}
