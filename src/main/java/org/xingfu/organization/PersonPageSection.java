package org.xingfu.organization;

import java.util.Map;
import java.util.Optional;

import org.xingfu.shared.Actor;

/**
 * A part of a person's staff page that another module owns, such as the login account (identity), which this
 * module cannot know of. The page shows each section in its own card, from the section's template fragment
 * {@code section(data)}.
 */
public interface PersonPageSection {

	/** What to show for this person to this actor, or empty to show nothing. */
	Optional<Section> section(Actor actor, long personId);

	/**
	 * @param template the template holding a fragment {@code section(data)}
	 * @param data     what the fragment shows
	 */
	record Section(String template, Map<String, Object> data) {
	}
}
