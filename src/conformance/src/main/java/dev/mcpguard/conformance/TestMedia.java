package dev.mcpguard.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The small image and sound the fixtures return, Base64-encoded.
 */
final class TestMedia {

	/** A 1x1 red pixel, PNG. */
	static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

	/** 10 ms of silence, WAV (PCM, 8 kHz, 8 bit, mono). */
	static final String WAV = Base64.getEncoder().encodeToString(silence(80));

	private TestMedia() {
	}

	private static byte[] silence(int samples) {
		ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
		header.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes());
		header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
			.putShort((short) 1).putShort((short) 8);
		header.put("data".getBytes()).putInt(samples);
		ByteArrayOutputStream wav = new ByteArrayOutputStream();
		wav.writeBytes(header.array());
		for (int i = 0; i < samples; i++) {
			wav.write(0x80);
		}
		return wav.toByteArray();
	}

}
