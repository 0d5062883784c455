package org.xingfu.request;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xingfu.request.RequestTypes.Urgency;
import org.xingfu.shared.Actor;
import org.xingfu.shared.ConflictException;
import org.xingfu.shared.ForbiddenException;
import org.xingfu.shared.Role;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The city admin's page for time limits, the business calendar, the reopen window and the score weights. */
@Controller
@RequestMapping("/admin/requests/settings")
class RequestSettingsController {

	record LimitForm(@Size(max = 40) String category, @NotNull Urgency urgency,
			@NotNull @Min(1) @Max(720) Integer acceptAmount, @NotNull @Pattern(regexp = "HOURS|WORKING_DAYS") String acceptUnit,
			@NotNull @Min(1) @Max(720) Integer resolveAmount, @NotNull @Pattern(regexp = "HOURS|WORKING_DAYS") String resolveUnit) {
	}

	record DayForm(@NotNull LocalDate day, @NotNull @Pattern(regexp = "HOLIDAY|WORKDAY") String kind,
			@Size(max = 40) String name) {
	}

	record ValuesForm(@NotNull @Min(1) @Max(90) Integer reopenDays,
			@NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal weightResponse,
			@NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal weightResolution,
			@NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal weightSatisfaction) {
	}

	private final RequestSettings settings;
	private final RequestQueries queries;

	RequestSettingsController(RequestSettings settings, RequestQueries queries) {
		this.settings = settings;
		this.queries = queries;
	}

	@GetMapping
	String page(@AuthenticationPrincipal Actor actor, Model model) {
		if (!actor.has(Role.CITY_ADMIN)) {
			throw new ForbiddenException("request settings");
		}
		model.addAttribute("limits", settings.limits(actor));
		model.addAttribute("days", settings.days());
		model.addAttribute("categories", queries.categories(actor.cityId()));
		var values = settings.values(actor);
		if (!model.containsAttribute("limitForm")) {
			model.addAttribute("limitForm", new LimitForm("", Urgency.GENERAL, 24, "HOURS", 7, "WORKING_DAYS"));
		}
		if (!model.containsAttribute("dayForm")) {
			model.addAttribute("dayForm", new DayForm(null, "HOLIDAY", ""));
		}
		if (!model.containsAttribute("valuesForm")) {
			model.addAttribute("valuesForm", new ValuesForm(values.get("reopen_days").intValue(),
					values.get("weight_response"), values.get("weight_resolution"), values.get("weight_satisfaction")));
		}
		return "admin/requests/settings";
	}

	@PostMapping("/limits")
	String limit(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("limitForm") LimitForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				settings.setLimit(actor, form.category() == null || form.category().isBlank() ? null : form.category(),
						form.urgency(), form.acceptAmount(), form.acceptUnit(), form.resolveAmount(), form.resolveUnit());
				redirect.addFlashAttribute("flash", "flash.saved");
				return "redirect:/admin/requests/settings";
			}
			catch (ConflictException ex) {
				errors.rejectValue("category", ex.messageKey());
			}
		}
		return page(actor, model);
	}

	@PostMapping("/limits/{id}/delete")
	String removeLimit(@AuthenticationPrincipal Actor actor, @PathVariable long id, RedirectAttributes redirect) {
		settings.removeOverride(actor, id);
		redirect.addFlashAttribute("flash", "flash.saved");
		return "redirect:/admin/requests/settings";
	}

	@PostMapping("/days")
	String day(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("dayForm") DayForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			settings.setDay(actor, form.day(), form.kind(), form.name());
			redirect.addFlashAttribute("flash", "flash.saved");
			return "redirect:/admin/requests/settings";
		}
		return page(actor, model);
	}

	@PostMapping("/days/{day}/delete")
	String removeDay(@AuthenticationPrincipal Actor actor, @PathVariable LocalDate day, RedirectAttributes redirect) {
		settings.removeDay(actor, day);
		redirect.addFlashAttribute("flash", "flash.saved");
		return "redirect:/admin/requests/settings";
	}

	@PostMapping("/values")
	String values(@AuthenticationPrincipal Actor actor, @Validated @ModelAttribute("valuesForm") ValuesForm form,
			BindingResult errors, Model model, RedirectAttributes redirect) {
		if (!errors.hasErrors()) {
			try {
				settings.setValues(actor, form.reopenDays(), form.weightResponse(), form.weightResolution(),
						form.weightSatisfaction());
				redirect.addFlashAttribute("flash", "flash.saved");
				return "redirect:/admin/requests/settings";
			}
			catch (ConflictException ex) {
				errors.rejectValue("weightResponse", ex.messageKey());
			}
		}
		return page(actor, model);
	}
}
