package dev.mcpguard.consumers.ownsecurity;

import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An MCP server whose application declares its own security chain for its own REST API, and permits everything
 * else: MCP Guard has to keep {@code /mcp} and its actuator endpoints guarded all the same.
 */
@SpringBootApplication
public class OwnSecurityApplication {

	public static void main(String[] args) {
		SpringApplication.run(OwnSecurityApplication.class, args);
	}

	@Bean
	SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/**").authenticated().anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-password").roles("USER").build());
	}

	@Bean
	ToolCallbackProvider adminToolCallbacks(AdminTools adminTools) {
		return MethodToolCallbackProvider.builder().toolObjects(adminTools).build();
	}

}
