package org.xingfu.rating;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.xingfu.shared.Actor;

/** A compound's 八好 rating as JSON: the dimensions' scores, every indicator, the total and the stars. */
@RestController
@RequestMapping("/api/v1/ratings")
class RatingApiController {

	private final CompoundRatings ratings;

	RatingApiController(CompoundRatings ratings) {
		this.ratings = ratings;
	}

	@GetMapping("/compounds/{id}")
	CompoundRatings.Rating compound(@AuthenticationPrincipal Actor actor, @PathVariable long id,
			@RequestParam(required = false) Integer year) {
		return ratings.rate(actor, id, year == null ? ratings.currentYear() : year);
	}
}
