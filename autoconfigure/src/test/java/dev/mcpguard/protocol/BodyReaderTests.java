package dev.mcpguard.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodyReaderTests {

	private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void aBodySentAtOnceIsReadWhole() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContent(BODY);
		assertThat(new BodyReader(1000, Duration.ofSeconds(1), 1).read(request, "token:a")).isEqualTo(BODY);
	}

	@Test
	void aBodyArrivingInPiecesWithinTheDeadlineIsReadWhole() throws Exception {
		assertThat(new BodyReader(1000, Duration.ofSeconds(5), 1).read(trickled(BODY, 5, null), "token:a")).isEqualTo(BODY);
	}

	@Test
	void aBodyArrivingTooSlowlyIsRefusedWith408() {
		BodyReader reader = new BodyReader(1000, Duration.ofMillis(200), 1);
		assertThatExceptionOfType(BodyReader.Refused.class).isThrownBy(() -> reader.read(trickled(BODY, 50, null), "token:a"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(408))
			.withMessageContaining("did not arrive within");
	}

	@Test
	void aCredentialWithTooManyBodiesArrivingGets429AndOthersDoNot() throws Exception {
		BodyReader reader = new BodyReader(1000, Duration.ofSeconds(10), 1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
			try {
				return reader.read(trickled(BODY, 0, release), "token:a");
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		TimeUnit.MILLISECONDS.sleep(200);
		assertThatExceptionOfType(BodyReader.Refused.class).isThrownBy(() -> reader.read(trickled(BODY, 0, null), "token:a"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(429));
		assertThat(reader.read(trickled(BODY, 0, null), "token:b")).as("another credential").isEqualTo(BODY);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(BODY);
		assertThat(reader.read(trickled(BODY, 0, null), "token:a")).as("its slot is free again").isEqualTo(BODY);
	}

	// The body one byte per read, each read after a pause; after the first byte, optionally until a latch opens.
	private static HttpServletRequestWrapper trickled(byte[] body, long pauseMillis, CountDownLatch gate) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
		request.setContent(body);
		InputStream bytes = new java.io.ByteArrayInputStream(body);
		return new HttpServletRequestWrapper(request) {
			int reads;

			@Override
			public ServletInputStream getInputStream() {
				return new ServletInputStream() {
					@Override
					public int read() throws IOException {
						return bytes.read();
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						try {
							if (reads++ > 0) {
								TimeUnit.MILLISECONDS.sleep(pauseMillis);
								if (gate != null) {
									gate.await();
								}
							}
						}
						catch (InterruptedException ex) {
							throw new IOException(ex);
						}
						return bytes.read(buffer, offset, Math.min(1, length));
					}

					@Override
					public boolean isFinished() {
						return false;
					}

					@Override
					public boolean isReady() {
						return true;
					}

					@Override
					public void setReadListener(ReadListener listener) {
					}
				};
			}
		};
	}

}
