package org.xingfu.system;

import java.util.List;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NotFoundException;

/**
 * RFC 9457 problem+json for every error of the JSON API, with Chinese text first and the invalid fields named.
 * A malformed body or parameter is a 400, never a 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	/** One invalid field of a request. */
	record InvalidField(String field, String message) {
	}

	private final MessageSource messages;

	ApiExceptionHandler(MessageSource messages) {
		this.messages = messages;
		setMessageSource(messages);
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, message("api.error.notFound"));
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, message(ex.messageKey(), ex.args()));
	}

	@ExceptionHandler(ForbiddenException.class)
	ProblemDetail forbidden(ForbiddenException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, message("api.error.forbidden"));
	}

	@ExceptionHandler(org.xingfu.shared.InvalidFieldException.class)
	ResponseEntity<Object> invalidField(org.xingfu.shared.InvalidFieldException ex) {
		return invalid(List.of(new InvalidField(ex.field(), message(ex.messageKey(), ex.args()))));
	}

	@ExceptionHandler(org.xingfu.shared.UploadRejectedException.class)
	ProblemDetail uploadRejected(org.xingfu.shared.UploadRejectedException ex) {
		return ex.tooLarge()
				? ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, message("api.error.tooLarge"))
				: ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message(ex.typeMessageKey()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badArgument(Exception ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message("api.error.badRequest"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getBindingResult().getFieldErrors().stream()
			.map(e -> new InvalidField(e.getField(), messages.getMessage(e, LocaleContextHolder.getLocale())))
			.toList();
		return invalid(fields);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> fields = ex.getParameterValidationResults().stream()
			.flatMap(r -> r.getResolvableErrors().stream()
				.map(e -> new InvalidField(e instanceof FieldError f ? f.getField()
						: r.getMethodParameter().getParameterName(),
						messages.getMessage(e, LocaleContextHolder.getLocale()))))
			.toList();
		return invalid(fields);
	}

	/** Constraints checked by a {@code @Validated} bean behind a controller: the same 400 naming the value. */
	@org.springframework.web.bind.annotation.ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
	ResponseEntity<Object> constraintViolation(jakarta.validation.ConstraintViolationException ex) {
		List<InvalidField> fields = ex.getConstraintViolations().stream()
			.map(v -> {
				String path = v.getPropertyPath().toString();
				return new InvalidField(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
			})
			.toList();
		return invalid(fields);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String name = ex instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
				? m.getName() : ex.getPropertyName();
		return invalid(List.of(new InvalidField(name, message("typeMismatch"))));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message("api.error.unreadable")));
	}

	private ResponseEntity<Object> invalid(List<InvalidField> fields) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message("api.error.invalid"));
		problem.setProperty("invalidFields", fields);
		return ResponseEntity.badRequest().body(problem);
	}

	private String message(String key, Object... args) {
		return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
	}
}
