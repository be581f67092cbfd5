package dev.mcpguard.sample.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource that fails like an unreachable database while switched off, and counts the connections it refused
 * since it was last switched off.
 */
public final class SwitchableDataSource extends DelegatingDataSource {

	private volatile boolean down;

	private final AtomicLong refused = new AtomicLong();

	public SwitchableDataSource(DataSource target) {
		super(target);
	}

	public void down() {
		this.refused.set(0);
		this.down = true;
	}

	public void up() {
		this.down = false;
	}

	public long refusedConnections() {
		return this.refused.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.down) {
			this.refused.incrementAndGet();
			throw new SQLException("Connection refused (test: database switched off)", "08001");
		}
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

}
