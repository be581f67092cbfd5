package dev.mcpguard.conformance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The fixture server of the official MCP conformance suite, written with Spring AI's MCP annotations: run with
 * profile {@code guard} behind MCP Guard with every layer on, or with profile {@code plain} as a bare Spring AI
 * server, so that the two runs of the suite show what the guard changes.
 */
@SpringBootApplication
public class ConformanceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConformanceServerApplication.class, args);
	}

}
