package dev.mcpguard.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file format of the {@link AuditSpool}: one record a line, as JSON. Writes lines, reads them back in chunks
 * from an offset (a line that cannot be read goes to the caller's rejects), and copies raw bytes.
 */
final class AuditSpoolFormat {

	private static final Log logger = LogFactory.getLog(AuditSpoolFormat.class);

	private final JsonMapper json;

	AuditSpoolFormat(JsonMapper json) {
		this.json = json;
	}

	byte[] lines(List<AuditRecord> records) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 512);
		for (AuditRecord record : records) {
			out.writeBytes(this.json.writeValueAsBytes(record));
			out.write('\n');
		}
		return out.toByteArray();
	}

	Chunk read(Path file, long offset, int chunkSize, Consumer<byte[]> rejects) throws IOException {
		List<AuditRecord> records = new ArrayList<>(chunkSize);
		long end = offset;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
				InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel.position(offset)), 65536)) {
			ByteArrayOutputStream line = new ByteArrayOutputStream(512);
			int b;
			while (records.size() < chunkSize && (b = in.read()) != -1) {
				if (b != '\n') {
					line.write(b);
					continue;
				}
				end += line.size() + 1;
				AuditRecord record = parse(line.toByteArray(), rejects);
				if (record != null) {
					records.add(record);
				}
				line.reset();
			}
		}
		return new Chunk(records, end);
	}

	private @Nullable AuditRecord parse(byte[] line, Consumer<byte[]> rejects) {
		if (line.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(line, AuditRecord.class);
		}
		catch (JacksonException ex) {
			logger.warn("MCP Guard audit spool holds an unreadable line (" + ex.getOriginalMessage() + "); it is kept in "
					+ "rejected.jsonl");
			byte[] copy = new byte[line.length + 1];
			System.arraycopy(line, 0, copy, 0, line.length);
			copy[line.length] = '\n';
			rejects.accept(copy);
			return null;
		}
	}

	static byte[] readBytes(Path file, long from, long to) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(to - from, 1 << 20));
			channel.read(buffer, from);
			byte[] bytes = new byte[buffer.position() + 1];
			buffer.flip().get(bytes, 0, bytes.length - 1);
			bytes[bytes.length - 1] = '\n';
			return bytes;
		}
	}

	static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	record Chunk(List<AuditRecord> records, long end) {
	}

}
