package org.xingfu.organization;

import java.math.BigDecimal;
import java.util.List;

/** A household with its exclusive area and the people registered in it (masked per viewer). */
public record HouseholdView(long id, String room, BigDecimal areaM2, String address, String path, long version,
		List<PersonView> people) {
}
