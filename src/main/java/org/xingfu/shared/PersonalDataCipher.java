package org.xingfu.shared;

/**
 * Encrypts the personal data the database must not hold in clear (issue 24, PIPL): ID-card numbers. AES-GCM under a
 * key kept in a file outside the database ({@code xingfu.personal-data.key-file}); a sealed value names its key,
 * so values sealed before a rotation still open. A value that is not sealed (written before this) opens as itself.
 */
public interface PersonalDataCipher {

	/** The sealed form of {@code plain} (null stays null). */
	String seal(String plain);

	/** The clear form of a sealed value (null stays null; a value never sealed is returned as it is). */
	String open(String stored);

	/** Whether a stored value is sealed under the current key: values that are not are sealed again at start. */
	boolean current(String stored);
}
