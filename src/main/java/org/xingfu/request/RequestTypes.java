package org.xingfu.request;

/** The small vocabularies of a request. */
final class RequestTypes {

	private RequestTypes() {
	}

	/** How urgent: decides the default time limits. */
	enum Urgency {
		EMERGENCY, UTILITY, GENERAL, COMPLEX
	}

	enum Status {
		SUBMITTED, ACCEPTED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, MERGED;

		boolean open() {
			return this == SUBMITTED || this == ACCEPTED || this == IN_PROGRESS;
		}
	}

	/** How the request reached us. */
	enum Channel {
		RESIDENT, PHONE, IN_PERSON, HOTLINE, OPEN311
	}

	enum Satisfaction {
		SATISFIED, BASICALLY_SATISFIED, DISSATISFIED
	}

	/** The rungs of the escalation ladder. */
	enum Level {
		COMPOUND, COMMUNITY, STREET, CITY;

		java.util.Optional<Level> next() {
			return this == CITY ? java.util.Optional.empty() : java.util.Optional.of(values()[ordinal() + 1]);
		}
	}
}
