package org.xingfu.shared;

import java.util.List;
import java.util.Map;

/**
 * What one module holds about a person (issue 24, PIPL art. 45: a person may have a copy of it). Each module offers
 * its own; the resident's "我的数据" download puts them together, one section each.
 */
public interface PersonalDataSource {

	/** The section's title, in Chinese (the download is read by the resident). */
	String section();

	/** The rows about the person: each a map of column title to value, in order. */
	List<Map<String, Object>> about(long personId, String username);
}
