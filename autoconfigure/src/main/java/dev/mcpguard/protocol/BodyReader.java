package dev.mcpguard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads an MCP request body within bounds: no more than the size limit (one byte past it, so that a larger body is
 * seen as such), within a read deadline, and, for bodies that are still arriving, no more than a few at once per
 * credential. A body that arrives with its headers (nearly every MCP request) is read in one call and counts
 * against nothing; only a body that needs more reads takes one of its credential's slots, so a caller trickling
 * bodies one byte at a time holds at most that many request threads, each for at most the deadline (plus one
 * blocked read, which the container's connection timeout ends).
 */
final class BodyReader {

	private static final int CHUNK = 8192;

	private final long maxBytes;

	private final long timeoutNanos;

	private final Duration timeout;

	private final int maxSlowPerCredential;

	private final Map<String, Integer> slow = new ConcurrentHashMap<>();

	/**
	 * Create the reader.
	 * @param maxBytes the largest body accepted
	 * @param timeout the longest a body may take to arrive
	 * @param maxSlowPerCredential how many bodies still arriving one credential may have at once
	 */
	BodyReader(long maxBytes, Duration timeout, int maxSlowPerCredential) {
		this.maxBytes = maxBytes;
		this.timeout = timeout;
		this.timeoutNanos = timeout.toNanos();
		this.maxSlowPerCredential = maxSlowPerCredential;
	}

	/**
	 * Read a request's body.
	 * @param request the request, its {@code Content-Length} (if any) already checked against the limit
	 * @param credential the key of the caller's credential
	 * @return the body, longer than the limit when the body is
	 * @throws Refused when the body took too long or its credential has too many bodies arriving
	 * @throws IOException when the body cannot be read
	 */
	byte[] read(HttpServletRequest request, String credential) throws IOException, Refused {
		long start = System.nanoTime();
		long length = request.getContentLengthLong();
		InputStream in = request.getInputStream();
		int capacity = (length >= 0) ? (int) length : (int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1);
		// With a Content-Length the array has exactly that size: the container ends the stream there. Reading up to
		// the limit instead allocates 8 KB buffers for every request.
		byte[] body = new byte[(length >= 0) ? capacity : Math.min(capacity, CHUNK)];
		int read = Math.max(0, in.read(body, 0, body.length));
		if (read == capacity) {
			return body;
		}
		if (!enter(credential)) {
			throw new Refused(429, "Too Many Requests: " + this.maxSlowPerCredential
					+ " request bodies of this credential are still arriving; send the body with the request");
		}
		try {
			return readRest(in, body, read, capacity, start);
		}
		finally {
			exit(credential);
		}
	}

	private byte[] readRest(InputStream in, byte[] body, int read, int capacity, long start) throws IOException, Refused {
		byte[] buffer = body;
		int total = read;
		while (total < capacity) {
			if (System.nanoTime() - start > this.timeoutNanos) {
				throw new Refused(408, "Request Timeout: the body did not arrive within " + this.timeout.toSeconds() + " s");
			}
			if (total == buffer.length) {
				buffer = Arrays.copyOf(buffer, (int) Math.min(capacity, (long) buffer.length * 2));
			}
			int n = in.read(buffer, total, Math.min(CHUNK, buffer.length - total));
			if (n < 0) {
				break;
			}
			total += n;
		}
		if (System.nanoTime() - start > this.timeoutNanos) {
			throw new Refused(408, "Request Timeout: the body did not arrive within " + this.timeout.toSeconds() + " s");
		}
		return (total == buffer.length) ? buffer : Arrays.copyOf(buffer, total);
	}

	private boolean enter(String credential) {
		boolean[] entered = { false };
		this.slow.compute(credential, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.maxSlowPerCredential) {
				return count;
			}
			entered[0] = true;
			return current + 1;
		});
		return entered[0];
	}

	private void exit(String credential) {
		this.slow.computeIfPresent(credential, (key, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * A body refused while it was read.
	 */
	static final class Refused extends Exception {

		private final int status;

		Refused(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

		int status() {
			return this.status;
		}

	}

}
