package org.xingfu.shared;

/** Masks personal data for roles that do not need it in full (domain.md section 14: 138****1234, 张*). */
public final class Masking {

	private Masking() {
	}

	public static String phone(String phone) {
		if (phone == null || phone.isBlank()) {
			return phone;
		}
		if (phone.length() < 7) {
			return "*".repeat(phone.length());
		}
		return phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
	}

	public static String name(String name) {
		if (name == null || name.isEmpty()) {
			return name;
		}
		int first = name.offsetByCodePoints(0, 1);
		int rest = name.codePointCount(first, name.length());
		return name.substring(0, first) + "*".repeat(Math.max(1, rest));
	}

	public static String idNumber(String id) {
		if (id == null || id.length() < 8) {
			return id == null ? null : "*".repeat(id.length());
		}
		return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
	}
}
