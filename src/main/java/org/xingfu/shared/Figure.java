package org.xingfu.shared;

import java.math.BigDecimal;

/**
 * One statistic of a node and period, as a module reports it for the dashboards and the rating: a code such as
 * {@code request.responseRate} (its label is the message {@code figure.<code>}), how to read the value, the value
 * (null when there is nothing to divide by), and the staff page that lists what was counted (null when there is
 * none).
 */
public record Figure(String code, Kind kind, BigDecimal value, String link) {

	public enum Kind {
		/** a number of things */
		COUNT,
		/** a share in percent, 0 to 100, one decimal */
		PERCENT,
		/** square metres */
		AREA,
		/** yuan */
		YUAN,
		/** metres */
		METRES,
		/** points */
		SCORE
	}

	public String messageKey() {
		return "figure." + code;
	}

	/**
	 * The value as shown: "—" when there is none; counts without decimals, percents and scores with one, money with
	 * two; thousands grouped. The unit (figure.unit.KIND) is the page's to add.
	 */
	public String formatted() {
		if (value == null) {
			return "—";
		}
		int scale = switch (kind) {
			case COUNT -> value.stripTrailingZeros().scale() > 0 ? 1 : 0;
			case PERCENT, SCORE, AREA, METRES -> 1;
			case YUAN -> 2;
		};
		java.text.DecimalFormat format = new java.text.DecimalFormat(scale == 0 ? "#,##0" : scale == 1 ? "#,##0.0" : "#,##0.00");
		format.setRoundingMode(java.math.RoundingMode.HALF_UP);
		return format.format(value);
	}

	/** The value as a plain number for charts and sheets; 0 when there is none. */
	public double number() {
		return value == null ? 0 : value.doubleValue();
	}
}
