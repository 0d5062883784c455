package org.xingfu.organization;

import java.math.BigDecimal;

import org.xingfu.organization.OrganizationManagement.Relation;
import org.xingfu.shared.Role;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Validated form and request records of the organisation pages and API. */
final class OrgForms {

	private OrgForms() {
	}

	static final String PHONE = "^(1\\d{10})?$";

	record NodeForm(@NotBlank @Size(max = 100) String name) {
	}

	record HouseholdForm(@NotBlank @Size(max = 20) String room,
			@NotNull @DecimalMin(value = "0.01") @DecimalMax(value = "99999.99") @Digits(integer = 5, fraction = 2) BigDecimal areaM2) {
	}

	record AreaForm(@NotNull @DecimalMin(value = "0.01") @DecimalMax(value = "99999.99") @Digits(integer = 5, fraction = 2) BigDecimal areaM2,
			long version) {
	}

	record RoleForm(@NotNull Role role, @NotBlank @Size(max = 50) String name,
			@NotBlank @Pattern(regexp = PHONE) String phone, Long gridId, @Size(max = 100) String originUnit) {
	}

	record PersonEditForm(@NotBlank @Size(max = 50) String name, @Pattern(regexp = PHONE) String phone) {
	}

	record TitleForm(@NotNull Role role, @NotBlank @Size(max = 20) String titleZh,
			@NotBlank @Size(max = 40) String titleEn) {
	}

	record PersonForm(@NotBlank @Size(max = 50) String name, @Pattern(regexp = PHONE) String phone,
			@NotNull Relation relation,
			@DecimalMin(value = "0.01") @DecimalMax(value = "100") @Digits(integer = 3, fraction = 2) BigDecimal sharePct) {
	}
}
