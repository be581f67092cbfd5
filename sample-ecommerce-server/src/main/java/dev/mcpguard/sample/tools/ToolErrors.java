package dev.mcpguard.sample.tools;

import java.util.UUID;
import java.util.function.Supplier;

import dev.mcpguard.sample.shop.ShopException;
import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Keeps the data layer's own error texts away from tool callers. Spring AI sends an exception's message to the
 * client as the tool's error result, and the message of a data-access exception holds the SQL statement, table and
 * column names. A failure of the data layer (an SQL error, a lost connection, a failed commit) therefore reaches the
 * client as a {@link ShopException} that names a reference, and the server log holds the exception under that
 * reference for the operators.
 */
final class ToolErrors {

	private static final Log logger = LogFactory.getLog(ToolErrors.class);

	private ToolErrors() {
	}

	/**
	 * Run a tool's work.
	 * @param <T> the type of the result
	 * @param tool the name of the tool, for the log
	 * @param work the work
	 * @return its result
	 * @throws ShopException with the work's own message for a request the shop cannot carry out, or with a
	 * reference for a failure of the data layer
	 */
	static <T> T run(String tool, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (DataAccessException | TransactionException | PersistenceException ex) {
			String reference = UUID.randomUUID().toString();
			logger.error("Tool '" + tool + "' failed in the data layer (reference " + reference + ")", ex);
			throw new ShopException("The shop could not carry out the request because of an internal error (reference "
					+ reference + "). Try again later; if it persists, give the reference to the shop's operators.");
		}
	}

}
