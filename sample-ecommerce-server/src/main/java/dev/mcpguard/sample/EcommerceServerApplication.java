package dev.mcpguard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop exposed as an MCP server over Streamable HTTP and guarded by MCP Guard.
 */
@SpringBootApplication
public class EcommerceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(EcommerceServerApplication.class, args);
	}

}
