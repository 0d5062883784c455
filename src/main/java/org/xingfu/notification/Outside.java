package org.xingfu.notification;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One HTTP call to an outside service, with an interrupt turned into an I/O failure of that delivery. */
final class Outside {

	private Outside() {
	}

	static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted");
		}
	}
}
