package org.xingfu.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.NotFoundException;

/** Friendly error pages for the server-rendered pages. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound() {
		return page(HttpStatus.NOT_FOUND, "error.404");
	}

	@ExceptionHandler(ForbiddenException.class)
	ModelAndView forbidden() {
		return page(HttpStatus.FORBIDDEN, "error.403");
	}

	@ExceptionHandler(ConflictException.class)
	ModelAndView conflict(ConflictException ex) {
		ModelAndView mav = page(HttpStatus.CONFLICT, ex.messageKey());
		mav.addObject("messageArgs", ex.args());
		return mav;
	}

	@ExceptionHandler(org.xingfu.shared.UploadRejectedException.class)
	ModelAndView upload(org.xingfu.shared.UploadRejectedException ex) {
		return ex.tooLarge() ? page(HttpStatus.PAYLOAD_TOO_LARGE, "api.error.tooLarge")
				: page(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ex.typeMessageKey());
	}

	@ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
	ModelAndView uploadSize() {
		return page(HttpStatus.PAYLOAD_TOO_LARGE, "api.error.tooLarge");
	}

	private static ModelAndView page(HttpStatus status, String messageKey) {
		ModelAndView mav = new ModelAndView("error");
		mav.setStatus(status);
		mav.addObject("status", status.value());
		mav.addObject("messageKey", messageKey);
		return mav;
	}
}
